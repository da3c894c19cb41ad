"""What a user may do with claims and their lines, with the reason when not.

One design across the apps (core/permissions.py): each rule is `check_<verb>_<thing>(user,
obj)`, which returns None or raises `PermissionDenied` with a reason in the reader's
language, shown on the 403 page; `may_<verb>_<thing>` is its yes/no form for pages that
show or hide a button. Views first find the object through a scoping selector
(`claim_visible_or_404`: a claim outside the user's scope answers 404), then ask the check.
Where a claim's status only makes an action come too late (a submission clicked twice),
the service refuses it with a message instead.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.permissions import allowed_by
from grants.models import ClaimStatus, ExpenseClaim, Invoice, Verdict
from grants.selectors import association_lines_importable_by, claim_roles
from partnerships.models import Partnership, Role, User
from partnerships.selectors import is_auditor, partnerships_visible_to, roles_for

IMPORT_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.AUDITOR, Role.FLEMISH_OFFICER})
SUBMIT_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.FLEMISH_OFFICER})
ANSWER_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.FLEMISH_OFFICER, Role.PARTNER_REPORTER})
# A signed-off claim's totals are final: nobody audits or answers it any more.
READ_ONLY_STATUSES = (ClaimStatus.CLOSED,)


def check_import_claim(user: User, partnership: Partnership) -> None:
    """The partnership's Flemish officer, the auditors and the programme team import its statements."""
    if not roles_for(user, partnership) & IMPORT_ROLES:
        raise PermissionDenied(_("Only the Flemish officer of the partnership and the auditors import statements."))


may_import_claim = allowed_by(check_import_claim)


def check_import_statements(user: User) -> None:
    """Who may import the statements of some partnership, or of one of the association's lines, opens the upload page."""
    if association_lines_importable_by(user).exists():
        return
    if not any(may_import_claim(user, partnership) for partnership in partnerships_visible_to(user)):
        raise PermissionDenied(_("Only the Flemish officer of a partnership and the auditors import statements."))


may_import_statements = allowed_by(check_import_statements)


def check_change_draft_lines(user: User, claim: ExpenseClaim) -> None:
    """Who may import a claim's statements replaces or deletes its lines, while it is a draft."""
    if claim.status != ClaimStatus.DRAFT:
        raise PermissionDenied(_("The claim is no longer a draft: its lines can no longer be replaced or deleted."))
    if claim.partnership_id is not None:
        if not roles_for(user, claim.partnership) & IMPORT_ROLES:
            raise PermissionDenied(
                _(
                    "Only the Flemish officer of the partnership and the auditors replace or delete a draft claim's lines."
                )
            )
    elif not association_lines_importable_by(user).filter(pk=claim.budget_line_id).exists():
        raise PermissionDenied(
            _("Only the programme team and the auditors replace or delete the lines of the association's claims.")
        )


may_change_draft_lines = allowed_by(check_change_draft_lines)


def check_add_scans(user: User, claim: ExpenseClaim) -> None:
    """Who may import a claim's statements adds its invoice scans and pairs them with its lines, until it is signed off."""
    if claim.status in READ_ONLY_STATUSES:
        raise PermissionDenied(_("The claim is signed off and read-only."))
    if claim.partnership_id is not None:
        if not roles_for(user, claim.partnership) & IMPORT_ROLES:
            raise PermissionDenied(
                _("Only the Flemish officer of the partnership and the auditors add invoice scans to a claim.")
            )
    elif not association_lines_importable_by(user).filter(pk=claim.budget_line_id).exists():
        raise PermissionDenied(
            _("Only the programme team and the auditors add invoice scans to the association's claims.")
        )


may_add_scans = allowed_by(check_add_scans)


def check_audit_claim(user: User, claim: ExpenseClaim) -> None:
    """Auditors and the programme team audit a claim, decide its lines and sign it off, until it is signed off."""
    if not is_auditor(user):
        raise PermissionDenied(_("Only the auditors audit claims."))
    if claim.status in READ_ONLY_STATUSES:
        raise PermissionDenied(_("The claim is signed off and read-only."))


may_audit_claim = allowed_by(check_audit_claim)


def check_submit_claim(user: User, claim: ExpenseClaim) -> None:
    """The partnership's Flemish officer submits its claim; the programme team submits any claim.

    Only the role is checked: whether the claim can still move to submitted is its status
    (ExpenseClaim.can_move_to), which the submit service refuses with a message.
    """
    if not claim_roles(user, claim) & SUBMIT_ROLES:
        raise PermissionDenied(_("Only the Flemish officer of the partnership and the programme team submit a claim."))


may_submit_claim = allowed_by(check_submit_claim)


def check_answer_invoice(user: User, invoice: Invoice) -> None:
    """The partnership's municipalities answer a question the auditor asked about one of its lines."""
    if invoice.claim.status in READ_ONLY_STATUSES:
        raise PermissionDenied(_("The claim is signed off and read-only."))
    if invoice.verdict != Verdict.NEEDS_INFO:
        raise PermissionDenied(_("The auditor asked nothing about this invoice."))
    if not claim_roles(user, invoice.claim) & ANSWER_ROLES:
        raise PermissionDenied(_("Only the municipalities of the partnership answer the auditor."))


may_answer_invoice = allowed_by(check_answer_invoice)
