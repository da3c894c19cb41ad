"""Read queries of the reporting app, scoped through partnerships.selectors.

What a user may do with what they read is asked of reporting.permissions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from grants.models import Programme
from grants.selectors import programmes_visible_to
from partnerships.models import Partnership, User
from partnerships.selectors import partnerships_visible_to, sees_whole_programme
from reporting.models import (
    AnnualReport,
    Indicator,
    IndicatorTarget,
    IndicatorType,
    IndicatorValue,
    NarrativeSection,
    Objective,
    ObjectiveLevel,
    Outcome,
    PartnerReport,
    ProgrammeIndicatorValue,
    ProgrammeNarrative,
    ReportPeriod,
    ReportStatus,
)
from reporting.passages import Passage, passage_in

if TYPE_CHECKING:
    from django_filters import FilterSet


def partnership_framework(partnership: Partnership) -> list[Outcome]:
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


def objective_tree(user: User) -> list[Objective]:
    """Return the strategic objectives of every programme, each programme's in code order.

    Their specific objectives carry how many outcomes of visible partnerships they have.
    """
    visible = partnerships_visible_to(user)
    specific = (
        Objective.objects.filter(level=ObjectiveLevel.SPECIFIC)
        .annotate(outcome_count=Count("outcomes", filter=_outcomes_in(visible)))
        .order_by("code")
    )
    return list(
        Objective.objects.filter(level=ObjectiveLevel.STRATEGIC)
        .select_related("programme")
        .prefetch_related(Prefetch("children", queryset=specific))
        .order_by("programme__start_date", "programme__code", "code")
    )


def _outcomes_in(partnerships: QuerySet[Partnership]) -> Q:
    return Q(outcomes__partnership__in=partnerships)


def specific_objective_or_404(programme_code: str, code: str) -> Objective:
    return get_object_or_404(
        Objective.objects.select_related("programme", "parent"),
        programme__code=programme_code,
        code=code,
        level=ObjectiveLevel.SPECIFIC,
    )


def objective_indicators(user: User, objective: Objective) -> list[Indicator]:
    """Return every indicator of the outcomes under one specific objective, in visible partnerships."""
    return list(
        Indicator.objects.filter(outcome__objective=objective, outcome__partnership__in=partnerships_visible_to(user))
        .select_related("outcome__partnership")
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
        .order_by("outcome__partnership__code", "code")
    )


def programme_or_404(code: str) -> Programme:
    """Return the programme with this code, for the programme team's pages (reporting.permissions)."""
    return get_object_or_404(Programme, code=code)


def programme_objectives(programme: Programme) -> list[Objective]:
    """Return the strategic objectives of a programme with their specific objectives, in code order.

    Each strategic objective has `.specific`; each specific objective has
    `.programme_indicators` (the indicators of the team's outcomes under it, with their
    outcome and targets), `.team_outcomes` and `.partnership_outcomes` (with their
    partnership), all in code order.
    """
    targets = Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    team_outcomes = Outcome.objects.filter(partnership__isnull=True).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related(targets).order_by("code"))
    )
    partnership_outcomes = Outcome.objects.filter(partnership__isnull=False).select_related("partnership")
    specific = Objective.objects.filter(level=ObjectiveLevel.SPECIFIC).prefetch_related(
        Prefetch("outcomes", queryset=team_outcomes.order_by("code"), to_attr="team_outcomes"),
        Prefetch(
            "outcomes",
            queryset=partnership_outcomes.order_by("partnership__code", "code"),
            to_attr="partnership_outcomes",
        ),
    )
    strategic = list(
        Objective.objects.filter(programme=programme, level=ObjectiveLevel.STRATEGIC)
        .prefetch_related(Prefetch("children", queryset=specific.order_by("code"), to_attr="specific"))
        .order_by("code")
    )
    for objective in strategic:
        for child in objective.specific:
            child.programme_indicators = [i for o in child.team_outcomes for i in o.indicators.all()]
    return strategic


def programme_indicator_or_404(programme: Programme, pk: int) -> Indicator:
    """A programme-level indicator of this programme (an indicator of one of its team outcomes)."""
    return get_object_or_404(
        Indicator.objects.select_related("outcome__objective").prefetch_related("targets"),
        pk=pk,
        outcome__partnership__isnull=True,
        outcome__objective__programme=programme,
    )


def programme_values_of(programme: Programme, year: int) -> dict[int, ProgrammeIndicatorValue]:
    """Return {indicator id: ProgrammeIndicatorValue} of a programme's team for one year."""
    values = ProgrammeIndicatorValue.objects.filter(
        indicator__outcome__objective__programme=programme, year=year
    ).select_related("entered_by")
    return {value.indicator_id: value for value in values}


def programme_value_or_404(programme: Programme, pk: int) -> ProgrammeIndicatorValue:
    return get_object_or_404(
        ProgrammeIndicatorValue.objects.select_related("indicator"),
        pk=pk,
        indicator__outcome__objective__programme=programme,
    )


def programme_narratives_of(programme: Programme, year: int) -> dict[str, ProgrammeNarrative]:
    """Return {section: ProgrammeNarrative} of the sections written for a programme and year."""
    return {n.section: n for n in ProgrammeNarrative.objects.filter(programme=programme, year=year)}


def programme_narrative(programme: Programme, year: int, language: str) -> dict[str, Passage]:
    """Return {section: Passage} of the team's narrative for a year, read in `language`.

    Same rule as the partners' narratives in the annual report: the text in the report's
    language (the original when written in it, else the staff's translation into it),
    otherwise the original marked with its language. Sections without any text are left
    out; the sections come in the order of NarrativeSection.
    """
    written = programme_narratives_of(programme, year)
    passages = {}
    for section in NarrativeSection.values:
        narrative = written.get(section)
        if narrative is None:
            continue
        passage = passage_in(
            section, language, narrative.text, narrative.language, narrative.translation_into(language), language
        )
        if passage.text:
            passages[section] = passage
    return passages


def reports_visible_to(user: User) -> QuerySet[PartnerReport]:
    if not user.is_authenticated:
        return PartnerReport.objects.none()
    if sees_whole_programme(user):
        return PartnerReport.objects.all()
    return PartnerReport.objects.filter(partnership__in=partnerships_visible_to(user))


def report_visible_or_404(user: User, pk: int) -> PartnerReport:
    """Return a report the user may see, or 404 exactly as for one that does not exist."""
    try:
        return reports_visible_to(user).select_related("partnership__country").get(pk=pk)
    except PartnerReport.DoesNotExist:
        raise Http404("No such report") from None


def report_list(request: HttpRequest, filterset_class: type[FilterSet]) -> FilterSet:
    """Return the filterset over the reports the person asking may see; its choices are scoped by the request."""
    reports = reports_visible_to(request.user).select_related("partnership__country")
    return filterset_class(
        request.GET, queryset=reports.order_by("-year", "partnership__code", "period"), request=request
    )


COUNTED_REPORTS = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


PROGRAMME_VALUE_FIELDS = ("value", "value_women", "value_men", "text", "text_language")


def reported_values(
    indicator_ids: Collection[int],
    year: int | None = None,
    fields: Collection[str] = ("value",),
    *,
    statuses: Collection[str] = COUNTED_REPORTS,
) -> dict[int, dict[int, dict[str, Any]]]:
    """Return {indicator id: {year: row}} of the values reported, for many indicators at once.

    Partnership indicators take their values from partner reports in `statuses` (by default
    submitted or approved; the annual report may ask for approved ones only); where a
    year has a half-year and an annual report, the annual one counts. Programme-level
    indicators take theirs from the team's ProgrammeIndicatorValue, which has no
    workflow. A row is a dict of `fields` and indicator_id; a programme row has None for
    fields it has no column for (such as report__language). The field `text_language` is
    the language a text answer was written in: its report's, or the team member's.
    """
    has_value = Q(value__isnull=False) | Q(indicator__type=IndicatorType.QUALITATIVE, text__gt="")
    rows = IndicatorValue.objects.filter(has_value, indicator_id__in=indicator_ids, report__status__in=statuses)
    if year is not None:
        rows = rows.filter(report__year=year)
    reported = defaultdict(dict)
    columns = ["report__language" if field == "text_language" else field for field in fields]
    for row in rows.order_by("indicator_id", "report__year", "report__period").values(
        "indicator_id", "report__year", "report__period", *columns
    ):
        if "text_language" in fields:
            row["text_language"] = row["report__language"]
        by_year = reported[row["indicator_id"]]
        if row["report__period"] == ReportPeriod.YEAR or row["report__year"] not in by_year:
            by_year[row["report__year"]] = row
    programme_rows = ProgrammeIndicatorValue.objects.filter(has_value, indicator_id__in=indicator_ids)
    if year is not None:
        programme_rows = programme_rows.filter(year=year)
    columns = [field for field in fields if field in PROGRAMME_VALUE_FIELDS]
    for row in programme_rows.order_by("indicator_id", "year").values("indicator_id", "year", *columns):
        reported[row["indicator_id"]][row["year"]] = {
            "indicator_id": row["indicator_id"],
            **{field: row.get(field) for field in fields},
        }
    return reported


def indicator_actuals(indicator: Indicator) -> list[tuple[int, Decimal]]:
    """Return (year, value) of an indicator from the reports submitted or approved."""
    by_year = reported_values([indicator.pk]).get(indicator.pk, {})
    return [(year, row["value"]) for year, row in sorted(by_year.items()) if row["value"] is not None]


def whole_programme_only(user: User) -> None:
    """Annual reports, their charts and the IATI file cover every partnership of a programme.

    Only those who see the whole programme read them; anyone else gets the same 404 as
    for a page that does not exist.
    """
    if not sees_whole_programme(user):
        raise Http404("Only for those who see the whole programme")


def whole_programme_or_404(user: User, code: str) -> Programme:
    """Return the programme `code` for its whole-programme reports, or answer 404."""
    whole_programme_only(user)
    return get_object_or_404(programmes_visible_to(user), code=code)


def annual_reports_visible_to(user: User) -> QuerySet[AnnualReport]:
    """Annual reports cover the whole programme: only those who see all of it read them."""
    if not user.is_authenticated or not sees_whole_programme(user):
        return AnnualReport.objects.none()
    return AnnualReport.objects.all()


def annual_report_visible_or_404(user: User, pk: int) -> AnnualReport:
    try:
        return annual_reports_visible_to(user).select_related("programme", "requested_by").get(pk=pk)
    except AnnualReport.DoesNotExist:
        raise Http404("No such annual report") from None
