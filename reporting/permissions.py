"""What a user may do with results frameworks, partner reports and annual reports, with the reason when not.

One design across the apps (core/permissions.py): each rule is `check_<verb>_<thing>(user,
obj)`, which returns None or raises `PermissionDenied` with a reason in the reader's
language, shown on the 403 page; `may_<verb>_<thing>` is its yes/no form for pages that
show or hide a button. Views first find the object through a scoping selector
(`report_visible_or_404`, `partnership_visible_or_404`: outside the user's scope it
answers 404), then ask the check. Rules about the whole programme take only the user.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.permissions import allowed_by
from partnerships.models import Partnership, Role, User
from partnerships.selectors import is_programme_team, roles_for, sees_whole_programme
from reporting.models import PartnerReport

REPORT_WRITER_ROLES = frozenset({Role.PARTNER_REPORTER, Role.PROGRAMME_MANAGER})


def check_change_framework(user: User, partnership: Partnership) -> None:
    """The programme team sets a partnership's outcomes, indicators and targets; partners report on them."""
    if not is_programme_team(user):
        raise PermissionDenied(_("Only the programme team changes results frameworks."))


may_change_framework = allowed_by(check_change_framework)


def check_read_objectives(user: User) -> None:
    """The objectives of the whole programme, with every partnership's outcomes, are for whoever sees all of it."""
    if not sees_whole_programme(user):
        raise PermissionDenied(_("The objectives of the whole programme are for the programme team."))


may_read_objectives = allowed_by(check_read_objectives)


def check_write_programme_results(user: User) -> None:
    """The programme team writes the programme's own results and narrative.

    Partners see a programme their partnership is funded by, but its team's own results
    and narrative are the team's work in progress.
    """
    if not is_programme_team(user):
        raise PermissionDenied(_("Only the programme team writes the programme's own results and narrative."))


may_write_programme_results = allowed_by(check_write_programme_results)


def check_open_reporting_period(user: User) -> None:
    """The programme team opens a reporting period: one report per partnership, with its due date."""
    if not is_programme_team(user):
        raise PermissionDenied(_("Only the programme team opens reporting periods."))


may_open_reporting_period = allowed_by(check_open_reporting_period)


def check_edit_report(user: User, report: PartnerReport) -> None:
    """The partnership's reporters (and the programme team) write and submit a report until it is submitted."""
    if not report.is_editable:
        raise PermissionDenied(_("The report is submitted or approved: it can no longer be changed."))
    if not roles_for(user, report.partnership) & REPORT_WRITER_ROLES:
        raise PermissionDenied(_("Only the reporters of the partnership write its report."))


may_edit_report = allowed_by(check_edit_report)


def check_review_report(user: User, report: PartnerReport) -> None:
    """The programme team reviews a report: comments, translates, approves or returns it."""
    if not is_programme_team(user):
        raise PermissionDenied(_("Only the programme team reviews reports."))


may_review_report = allowed_by(check_review_report)


def check_generate_annual_report(user: User) -> None:
    """The programme team generates the annual report; others who see the whole programme read it."""
    if not is_programme_team(user):
        raise PermissionDenied(_("Only the programme team generates annual reports."))


may_generate_annual_report = allowed_by(check_generate_annual_report)
