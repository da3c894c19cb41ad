"""The auditor's decisions on invoices, the municipality's answers, and the sign-off."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from core.formatting import format_number
from core.uploaded_files import PROOF_TYPES, refusal_message, stored_name, stored_type
from grants.models import (
    AttachmentKind,
    AuditDecision,
    ClaimStatus,
    CostCategory,
    ExpenseClaim,
    FindingOutcome,
    Invoice,
    InvoiceAttachment,
    ReadingStatus,
    Verdict,
)
from grants.services.audit import (
    ZERO,
    claim_budget_excess,
    claim_totals_refresh,
    effective_split,
    scan_rule_applies,
)
from partnerships.models import User


class DecisionRefused(Exception):
    """The decision cannot be recorded; the message says why, translated."""


class DecisionConflict(DecisionRefused):
    """Another auditor decided the same invoice since this one opened it."""


def _editable_claim(claim_id):
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim_id)
    if claim.status == ClaimStatus.CLOSED:
        raise DecisionRefused(_("The claim is signed off: its decisions are final."))
    return claim


def _unread_scans():
    return InvoiceAttachment.objects.scans().filter(reading_status__in=ReadingStatus.unfinished())


def _accepted_for(invoice, verdict, accepted_eur):
    amount = invoice.amount_eur or ZERO
    if verdict == Verdict.ELIGIBLE:
        return amount
    if verdict in (Verdict.INELIGIBLE, Verdict.NEEDS_INFO):
        return ZERO
    if accepted_eur is None or not (min(ZERO, amount) < accepted_eur < max(ZERO, amount)):
        raise DecisionRefused(
            _("A partly accepted amount must lie between 0 and %(amount)s EUR.")
            % {"amount": format_number(amount, decimals=2)}
        )
    return accepted_eur


def _overrides_engine(invoice, verdict, accepted):
    if verdict != invoice.engine_verdict:
        return True
    if verdict != Verdict.PARTIAL:
        return False
    rejected_by_rules = (
        invoice.findings.filter(outcome=FindingOutcome.FAIL).aggregate(total=Sum("amount_affected_eur"))["total"]
        or ZERO
    )
    return accepted != invoice.amount_eur - rejected_by_rules


@transaction.atomic
def invoice_decide(
    *,
    invoice: Invoice,
    auditor: User,
    verdict: str,
    accepted_eur: Decimal | None = None,
    reason_codes: Iterable[str] = (),
    comment: str = "",
    seen_version: int = 0,
) -> AuditDecision:
    """Record the auditor's verdict on one invoice and refresh the claim's totals.

    `seen_version` is the version of the decision the auditor had on screen (0: none).
    When someone decided in between, nothing is written and DecisionConflict says so.
    Overriding the rules' verdict needs a comment; rejecting needs a reason.
    """
    claim = _editable_claim(invoice.claim_id)
    invoice = Invoice.objects.get(pk=invoice.pk)
    if verdict == Verdict.TO_REVIEW or verdict not in Verdict.values:
        raise DecisionRefused(_("Choose accept, accept partly, reject or ask for information."))
    accepted = _accepted_for(invoice, verdict, accepted_eur)
    comment = comment.strip()
    if _overrides_engine(invoice, verdict, accepted) and not comment:
        raise DecisionRefused(_("This decision differs from the rules' verdict: explain why in a comment."))
    if verdict in (Verdict.INELIGIBLE, Verdict.PARTIAL) and not reason_codes:
        raise DecisionRefused(_("Give at least one reason for rejecting all or part of the invoice."))
    values = {
        "verdict": verdict,
        "accepted_eur": accepted,
        "reason_codes": sorted(reason_codes),
        "comment": comment,
        "comment_language": auditor.language if comment else "",
        "auditor": auditor,
    }
    decision = AuditDecision.objects.filter(invoice=invoice).first()
    current_version = decision.version if decision else 0
    if current_version != seen_version:
        raise DecisionConflict(_conflict_message(decision, auditor))
    if decision is None:
        decision = AuditDecision(invoice=invoice, version=1, **values)
        try:
            with transaction.atomic():
                decision._history_user = auditor
                decision.save()
        except IntegrityError:
            raise DecisionConflict(_conflict_message(AuditDecision.objects.get(invoice=invoice), auditor)) from None
    else:
        # The conditional update is the lock: of two auditors saving at once, one matches.
        if not AuditDecision.objects.filter(pk=decision.pk, version=seen_version).update(version=seen_version + 1):
            raise DecisionConflict(_conflict_message(AuditDecision.objects.get(pk=decision.pk), auditor))
        for name, value in values.items():
            setattr(decision, name, value)
        decision.version = seen_version + 1
        decision._history_user = auditor
        decision.save()
    _apply(invoice, verdict, accepted)
    claim_totals_refresh(claim)
    return decision


def _conflict_message(decision, auditor):
    if decision.auditor_id == auditor.pk:
        # The same person twice: a double click, or the same invoice open in two tabs.
        return _("You had already decided this invoice (%(verdict)s); that decision is kept.") % {
            "verdict": decision.get_verdict_display()
        }
    return _(
        "%(auditor)s decided this invoice meanwhile (%(verdict)s). Nothing of yours was saved: "
        "check their decision and decide again if needed."
    ) % {
        "auditor": decision.auditor.get_full_name() or decision.auditor.username,
        "verdict": decision.get_verdict_display(),
    }


def _apply(invoice, verdict, accepted):
    split = effective_split(invoice.amount_eur or ZERO, verdict, accepted)
    Invoice.objects.filter(pk=invoice.pk).update(
        verdict=verdict, accepted_eur=split[0], rejected_eur=split[1], pending_eur=split[2]
    )


@transaction.atomic
def claim_accept_clean_lines(*, claim: ExpenseClaim, auditor: User) -> int:
    """Accept, in one go, every undecided line on which every rule passed. Returns how many.

    Where SCAN judges the claim, a line whose scan is not read yet is left out: SCAN says
    nothing of a scan that waits, so the line only looks clean until it is read.
    """
    claim = _editable_claim(claim.pk)
    lines = Invoice.objects.filter(claim=claim, engine_verdict=Verdict.ELIGIBLE, decision__isnull=True)
    if scan_rule_applies(claim):
        lines = lines.exclude(Exists(_unread_scans().filter(invoice=OuterRef("pk"))))
    clean = list(lines.values_list("pk", "amount_eur"))
    now = timezone.now()
    decisions = [
        AuditDecision(
            invoice_id=pk, verdict=Verdict.ELIGIBLE, accepted_eur=amount, auditor=auditor, decided_at=now, version=1
        )
        for pk, amount in clean
    ]
    bulk_create_with_history(decisions, AuditDecision, batch_size=2_000, default_user=auditor)
    Invoice.objects.filter(pk__in=[pk for pk, _ in clean]).update(verdict=Verdict.ELIGIBLE)
    claim_totals_refresh(claim)
    return len(decisions)


@transaction.atomic
def claim_sign_off(*, claim: ExpenseClaim, auditor: User) -> ExpenseClaim:
    """Close the claim: its totals become final and everything on it read-only.

    Only a claim with nothing pending can be signed off, nor one whose scans SCAN judges
    while some are not read yet: the lines are checked against them once they are.
    """
    claim = _editable_claim(claim.pk)
    if claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED) or claim.invoices.filter(engine_verdict="").exists():
        raise DecisionRefused(_("Run the checks on every line before signing off the claim."))
    if scan_rule_applies(claim) and _unread_scans().filter(claim=claim).exists():
        raise DecisionRefused(
            _("Some scans of the claim are still being read; sign it off once they are read and the lines checked.")
        )
    claim_totals_refresh(claim)
    if claim.pending_eur != ZERO or claim.invoices.pending_audit().exists():
        waiting = claim.invoices.pending_audit().count()
        raise DecisionRefused(
            ngettext(
                "%(count)s line still waits for a decision or information; the claim cannot be signed off yet.",
                "%(count)s lines still wait for a decision or information; the claim cannot be signed off yet.",
                waiting,
            )
            % {"count": format_number(waiting)}
        )
    if not claim.invoices.exists():
        raise DecisionRefused(_("The claim has no lines to sign off."))
    excess = claim_budget_excess(claim)
    if excess and claim.is_association_claim:
        raise DecisionRefused(
            _(
                "The accepted costs exceed the budget line %(line)s and its flexibility by %(amount)s EUR: reduce them before signing off."
            )
            % {"line": claim.budget_line.code, "amount": format_number(next(iter(excess.values())), decimals=2)}
        )
    if excess:
        labels = dict(CostCategory.choices)
        raise DecisionRefused(
            _(
                "The accepted %(category)s exceed the allocation and its flexibility by %(amount)s EUR: reduce them before signing off."
            )
            % {
                "category": str(labels[next(iter(excess))]).lower(),
                "amount": format_number(next(iter(excess.values())), decimals=2),
            }
        )
    if not claim.can_move_to(ClaimStatus.CLOSED):
        raise DecisionRefused(_("Run the checks on every line before signing off the claim."))
    claim.status = ClaimStatus.CLOSED
    claim.signed_off_by = auditor
    claim.signed_off_at = timezone.now()
    claim._history_user = auditor
    claim.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    return claim


@transaction.atomic
def claim_submit(*, claim: ExpenseClaim, user: User) -> ExpenseClaim:
    """Hand the claim to the auditors, for the Flemish officer; it takes no new lines after."""
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim.pk)
    if not claim.can_move_to(ClaimStatus.SUBMITTED):
        raise DecisionRefused(_("Only a draft claim can be submitted."))
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_by = user
    claim.submitted_at = timezone.now()
    claim._history_user = user
    claim.save(update_fields=["status", "submitted_by", "submitted_at"])
    return claim


@transaction.atomic
def invoice_answer(*, invoice: Invoice, user: User, comment: str, upload: File | None = None) -> InvoiceAttachment:
    """Keep the municipality's answer to a request for information, with its document.

    The page's AnswerForm has checked and re-encoded the document; from any caller, one
    that is not a PDF, PNG or JPEG is refused, and its stored name ends in its type's
    extension whatever name it came with.
    """
    _editable_claim(invoice.claim_id)
    if not comment.strip() and upload is None:
        raise DecisionRefused(_("Write an answer or attach a document."))
    return InvoiceAttachment.objects.create(
        claim_id=invoice.claim_id,
        invoice=invoice,
        kind=AttachmentKind.ANSWER,
        file=_answer_document(upload) if upload is not None else None,
        comment=comment.strip(),
        uploaded_by=user,
    )


def _answer_document(upload):
    file_type = stored_type(upload)
    if file_type not in PROOF_TYPES:
        raise DecisionRefused(refusal_message(PROOF_TYPES))
    return ContentFile(upload.read(), name=stored_name(upload.name, file_type))
