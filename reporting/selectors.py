"""Read queries of the reporting app, scoped through partnerships.selectors."""

from django.db.models import Count, Prefetch, Q

from django.http import Http404

from partnerships.models import Role
from partnerships.selectors import (
    is_programme_team,
    partnerships_visible_to,
    roles_for,
    sees_whole_programme,
)
from reporting.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Objective,
    ObjectiveLevel,
    Outcome,
    PartnerReport,
    ReportPeriod,
    ReportStatus,
)


def can_change_framework(user, partnership):
    if is_programme_team(user):
        return True, ""
    return False, "Only the programme team changes results frameworks."


def partnership_framework(partnership):
    """Return the outcomes of a partnership with their objective, indicators and targets."""
    indicators = Indicator.objects.prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    ).order_by("code")
    return list(
        Outcome.objects.filter(partnership=partnership)
        .select_related("objective__parent")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("code")
    )


def objective_tree(user):
    """Return the strategic objectives with their specific ones and how many visible outcomes each has."""
    visible = partnerships_visible_to(user)
    specific = (
        Objective.objects.filter(level=ObjectiveLevel.SPECIFIC)
        .annotate(outcome_count=Count("outcomes", filter=_outcomes_in(visible)))
        .order_by("code")
    )
    return list(
        Objective.objects.filter(level=ObjectiveLevel.STRATEGIC)
        .prefetch_related(Prefetch("children", queryset=specific))
        .order_by("code")
    )


def _outcomes_in(partnerships):
    return Q(outcomes__partnership__in=partnerships)


def objective_indicators(user, objective):
    """Return every indicator of the outcomes under one specific objective, in visible partnerships."""
    return list(
        Indicator.objects.filter(
            outcome__objective=objective, outcome__partnership__in=partnerships_visible_to(user)
        )
        .select_related("outcome__partnership")
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
        .order_by("outcome__partnership__code", "code")
    )


def reports_visible_to(user):
    if not user.is_authenticated:
        return PartnerReport.objects.none()
    if sees_whole_programme(user):
        return PartnerReport.objects.all()
    return PartnerReport.objects.filter(partnership__in=partnerships_visible_to(user))


def report_visible_or_404(user, pk):
    """Return a report the user may see, or 404 exactly as for one that does not exist."""
    try:
        return reports_visible_to(user).select_related("partnership__country").get(pk=pk)
    except PartnerReport.DoesNotExist:
        raise Http404("No such report") from None


def can_edit_report(user, report):
    if not report.is_editable:
        return False, "The report is submitted or approved: it can no longer be changed."
    if roles_for(user, report.partnership) & {Role.PARTNER_REPORTER, Role.PROGRAMME_MANAGER}:
        return True, ""
    return False, "Only the partner's reporters write the report."


def can_review_report(user, report):
    if not is_programme_team(user):
        return False, "Only the programme team reviews reports."
    return True, ""


def report_list(user, filterset_class, data):
    reports = reports_visible_to(user).select_related("partnership__country")
    return filterset_class(data, queryset=reports.order_by("-year", "partnership__code", "period"))


def indicator_actuals(indicator):
    """Return (year, value) of an indicator from the reports submitted or approved.

    Where a year has a half-year and an annual report, the annual value counts.
    """
    rows = (
        IndicatorValue.objects.filter(
            indicator=indicator,
            value__isnull=False,
            report__status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        )
        .order_by("report__year", "report__period")
        .values_list("report__year", "report__period", "value")
    )
    by_year = {}
    for year, period, value in rows:
        if period == ReportPeriod.YEAR or year not in by_year:
            by_year[year] = value
    return sorted(by_year.items())
