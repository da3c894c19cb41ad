"""Read queries of the reporting app, scoped through partnerships.selectors."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q

from django.http import Http404
from django.shortcuts import get_object_or_404

from grants.selectors import programmes_visible_to

from partnerships.models import Role
from partnerships.selectors import (
    is_programme_team,
    partnerships_visible_to,
    roles_for,
    sees_whole_programme,
)
from reporting.models import (
    AnnualReport,
    Indicator,
    IndicatorTarget,
    IndicatorType,
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


COUNTED_REPORTS = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def reported_values(indicator_ids, year=None, fields=("value",)):
    """Return {indicator id: {year: row}} of the values partners reported, for many indicators at once.

    Only submitted or approved reports count; where a year has a half-year and an annual
    report, the annual one counts. A row is a dict of `fields` (IndicatorValue columns).
    """
    has_value = Q(value__isnull=False) | Q(indicator__type=IndicatorType.QUALITATIVE, text__gt="")
    rows = IndicatorValue.objects.filter(
        has_value, indicator_id__in=indicator_ids, report__status__in=COUNTED_REPORTS
    )
    if year is not None:
        rows = rows.filter(report__year=year)
    reported = defaultdict(dict)
    for row in rows.order_by("indicator_id", "report__year", "report__period").values(
        "indicator_id", "report__year", "report__period", *fields
    ):
        by_year = reported[row["indicator_id"]]
        if row["report__period"] == ReportPeriod.YEAR or row["report__year"] not in by_year:
            by_year[row["report__year"]] = row
    return reported


def indicator_actuals(indicator):
    """Return (year, value) of an indicator from the reports submitted or approved."""
    by_year = reported_values([indicator.pk]).get(indicator.pk, {})
    return [(year, row["value"]) for year, row in sorted(by_year.items()) if row["value"] is not None]


def can_generate_annual_report(user):
    if is_programme_team(user):
        return True, ""
    return False, "Only the programme team generates annual reports."


def whole_programme_only(user):
    """Annual reports, their charts and the IATI file cover every partnership of a programme.

    Only those who see the whole programme read them; anyone else gets the same 404 as
    for a page that does not exist.
    """
    if not sees_whole_programme(user):
        raise Http404("Only for those who see the whole programme")


def whole_programme_or_404(user, code):
    """Return the programme `code` for its whole-programme reports, or answer 404."""
    whole_programme_only(user)
    return get_object_or_404(programmes_visible_to(user), code=code)


def annual_reports_visible_to(user):
    """Annual reports cover the whole programme: only those who see all of it read them."""
    if not user.is_authenticated or not sees_whole_programme(user):
        return AnnualReport.objects.none()
    return AnnualReport.objects.all()


def annual_report_visible_or_404(user, pk):
    try:
        return annual_reports_visible_to(user).select_related("programme", "requested_by").get(pk=pk)
    except AnnualReport.DoesNotExist:
        raise Http404("No such annual report") from None
