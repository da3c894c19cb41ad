"""The report sections of the home page's work queue (see core.panels).

Each answers "" to a reader whose role it is not for, and reads what it lists in a fixed
number of queries, oldest first, scoped through reporting.selectors.
"""

from django.db.models import F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships.models import Role
from partnerships.selectors import is_programme_team, partnerships_visible_to, roles_of, sees_whole_programme
from reporting.models import ReportEvent, ReportStatus
from reporting.release import release_conditions
from reporting.selectors import reports_visible_to

# After the oldest ones, the report list filtered on the submitted ones takes over.
REVIEWS_SHOWN = 10


def _return_reason():
    """The comment of the report's latest return, read in the same query as the report."""
    returns = ReportEvent.objects.filter(report=OuterRef("pk"), status_to=ReportStatus.RETURNED)
    return Subquery(returns.order_by("-at", "-pk").values("comment")[:1])


def report_to_write(request):
    """For a partner's reporter: the reports still to write, the next one due first.

    A report returned by the programme team is to write again, with the reason it came back.
    """
    user = request.user
    if sees_whole_programme(user) or Role.PARTNER_REPORTER not in roles_of(user):
        return ""
    reports = list(
        reports_visible_to(user)
        .editable()
        .select_related("partnership")
        .annotate(return_reason=_return_reason())
        .order_by("due_date", "partnership__code", "pk")
    )
    return render_to_string(
        "reporting/panels/queue_report.html",
        {
            "current": reports[0] if reports else None,
            "later": reports[1:],
            "count": len(reports),
            "today": timezone.localdate(),
        },
        request=request,
    )


def reports_to_review(request):
    """Reports the partners submitted and the programme team has not approved or returned yet."""
    if not is_programme_team(request.user):
        return ""
    submitted = reports_visible_to(request.user).filter(status=ReportStatus.SUBMITTED)
    reports = list(
        submitted.select_related("partnership").order_by(F("submitted_at").asc(nulls_last=True), "due_date", "pk")[
            :REVIEWS_SHOWN
        ]
    )
    count = len(reports) if len(reports) < REVIEWS_SHOWN else submitted.count()
    return render_to_string(
        "reporting/panels/queue_review.html",
        {"reports": reports, "count": count, "more": count - len(reports)},
        request=request,
    )


def late_reports(request):
    """Reports past their due date that the partners are still writing."""
    if not is_programme_team(request.user):
        return ""
    today = timezone.localdate()
    reports = list(
        reports_visible_to(request.user)
        .late(today)
        .select_related("partnership")
        .order_by("due_date", "partnership__code", "pk")
    )
    for report in reports:
        report.days_late = (today - report.due_date).days
    return render_to_string("reporting/panels/queue_late.html", {"reports": reports}, request=request)


def tranches_to_release(request):
    """Planned tranches whose every release condition is met, the earliest planned first."""
    if not is_programme_team(request.user):
        return ""
    partnership_ids = partnerships_visible_to(request.user).values_list("pk", flat=True)
    tranches = sorted(
        (tranche for tranche, conditions in release_conditions(partnership_ids) if all(c.is_met for c in conditions)),
        key=lambda tranche: (tranche.planned_date, tranche.partnership.code, tranche.number),
    )
    return render_to_string("reporting/panels/queue_release.html", {"tranches": tranches}, request=request)
