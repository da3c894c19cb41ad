"""Indicators of the annual report: the programme's objective tree, its own indicators,
each partnership's, and the partnerships' added up per specific objective.

Progress is measured from the baseline (reporting/annual/progress.py) against the
programme's thresholds. Values come from approved partner reports only, and from the
programme team's own values for programme-level indicators
(reporting.selectors.reported_values).
"""

from decimal import Decimal

import pandas as pd
from django.conf import settings
from django.db.models import Q

from reporting.annual import progress
from reporting.annual.ratios import one_decimal
from reporting.models import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorTarget,
    IndicatorType,
    Objective,
    ReportStatus,
    aggregation_of,
)
from reporting.selectors import reported_values

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
VALUE_FIELDS = ("value", "value_women", "value_men", "text", "text_language")
VALUE_COLUMNS = [
    "baseline",
    "target",
    "actual",
    "women",
    "men",
    "text",
    "text_language",
    "progress_pct",
    "status",
]
INDICATOR_COLUMNS = [
    "partnership",
    "objective",
    "outcome",
    "outcome_title",
    "indicator_id",
    "code",
    "name",
    "unit",
    "type",
    "direction",
    "aggregation",
    "disaggregated",
    *VALUE_COLUMNS,
]
RESULT_COLUMNS = [
    "objective",
    "outcome",
    "code",
    "name",
    "unit",
    "type",
    "aggregation",
    "partnerships",
    "reporting",
    "baseline",
    "target",
    "actual",
    "women",
    "men",
    "progress_pct",
    "status",
]
OBJECTIVE_COLUMNS = ["code", "level", "parent", "title", "sdg_targets", "is_transversal"]


def translated(row, prefix, language):
    """The text of a translated field in the language, else in English (modeltranslation's fallback)."""
    return row.get(f"{prefix}_{language}") or row.get(f"{prefix}_en") or ""


def thresholds_of(programme):
    return progress.Thresholds(
        on_track_pct=programme.progress_on_track_pct, achieved_pct=programme.progress_achieved_pct
    )


def objectives_frame(programme, language):
    """The programme's objectives, strategic and specific, in code order."""
    rows = (
        Objective.objects.filter(programme=programme)
        .order_by("code")
        .values(
            "code", "level", "parent__code", "sdg_targets", "is_transversal", *[f"title_{lang}" for lang in LANGUAGES]
        )
    )
    return pd.DataFrame.from_records(
        [
            {
                "code": row["code"],
                "level": row["level"],
                "parent": row["parent__code"] or "",
                "title": translated(row, "title", language),
                "sdg_targets": row["sdg_targets"],
                "is_transversal": row["is_transversal"],
            }
            for row in rows
        ],
        columns=OBJECTIVE_COLUMNS,
    )


def _values(row, reported, targets, thresholds):
    """Baseline, target, value of the year, women/men, progress and status of one indicator."""
    value = reported.get(row["pk"], {})
    actual = value.get("value")
    text = value.get("text") or ""
    target = targets.get(row["pk"])
    kind = row["type"]
    return {
        "baseline": row["baseline_value"],
        "target": target,
        "actual": actual,
        "women": value.get("value_women"),
        "men": value.get("value_men"),
        "text": text,
        "text_language": (value.get("text_language") or "") if text else "",
        "progress_pct": progress.measured_progress(kind, actual, row["baseline_value"], target),
        "status": progress.status_of(
            kind,
            text if kind == IndicatorType.QUALITATIVE else actual,
            row["baseline_value"],
            target,
            row["direction"],
            thresholds,
        ),
    }


def indicator_frames(programme, year, language, partnership_codes, counted_codes):
    """Return (partnership indicators, programme-level indicators, results added up per objective).

    `counted_codes` are the partnerships whose indicators count in the programme's
    results: those on hold or ended are shown on their own, not added to the programme.
    """
    fields = [f"{prefix}_{lang}" for prefix in ("name", "unit") for lang in LANGUAGES]
    outcome_titles = [f"outcome__title_{lang}" for lang in LANGUAGES]
    in_programme = Q(outcome__objective__programme=programme)
    rows = list(
        Indicator.objects.filter(
            in_programme & (Q(outcome__partnership__code__in=partnership_codes) | Q(outcome__partnership__isnull=True))
        )
        .order_by("outcome__objective__code", "outcome__code", "code", "outcome__partnership__code")
        .values(
            "pk",
            "code",
            "type",
            "direction",
            "aggregation",
            "disaggregation",
            "baseline_value",
            "outcome__code",
            "outcome__objective__code",
            "outcome__partnership__code",
            *fields,
            *outcome_titles,
        )
    )
    ids = [row["pk"] for row in rows]
    targets = dict(IndicatorTarget.objects.filter(indicator_id__in=ids, year=year).values_list("indicator_id", "value"))
    reported = {
        indicator_id: by_year[year]
        for indicator_id, by_year in reported_values(
            ids, year=year, fields=VALUE_FIELDS, statuses=(ReportStatus.APPROVED,)
        ).items()
    }
    thresholds = thresholds_of(programme)
    records = []
    for row in rows:
        records.append(
            {
                "partnership": row["outcome__partnership__code"] or "",
                "objective": row["outcome__objective__code"],
                "outcome": row["outcome__code"],
                "outcome_title": translated(row, "outcome__title", language),
                "indicator_id": row["pk"],
                "code": row["code"],
                "name": translated(row, "name", language),
                "unit": translated(row, "unit", language),
                "key": (row["name_en"], row["unit_en"]),
                "type": row["type"],
                "direction": row["direction"],
                "aggregation": aggregation_of(row["aggregation"], row["type"]),
                "disaggregated": bool(row["disaggregation"]),
                **_values(row, reported, targets, thresholds),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=[*INDICATOR_COLUMNS, "key"])
    own = frame[frame["partnership"] == ""]
    partnerships = frame[frame["partnership"] != ""]
    results = _aggregated(partnerships[partnerships["partnership"].isin(counted_codes)], thresholds)
    return (
        partnerships.drop(columns="key").reset_index(drop=True),
        own.drop(columns=["key", "partnership"]).reset_index(drop=True),
        results,
    )


def _present(values):
    return [v for v in values if v is not None and not pd.isna(v)]


def _combine(values, aggregation):
    values = _present(values)
    if not values:
        return None
    if aggregation == Aggregation.AVERAGE:
        return one_decimal(sum(values, Decimal(0)) / len(values))
    return sum(values, Decimal(0))


def _count_reaching(group, column):
    """Partnerships whose value in `column` reaches their target (the COUNT aggregation)."""
    count = 0
    for value, target, direction in zip(group[column], group["target"], group["direction"]):
        if value is None or target is None or pd.isna(value) or pd.isna(target):
            continue
        reached = value <= target if direction == Direction.DECREASE else value >= target
        count += reached
    return Decimal(count)


def _aggregated(indicators, thresholds):
    """Add up the same indicator (same English name and unit) of all partnerships under an objective."""
    if indicators.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    records = []
    grouped = indicators.groupby(["objective", "outcome", "key", "type", "aggregation"], sort=False)
    for (objective, outcome, _key, kind, aggregation), group in grouped:
        if aggregation == Aggregation.NONE or kind == IndicatorType.QUALITATIVE:
            continue
        first = group.iloc[0]
        if aggregation == Aggregation.COUNT:
            baseline = _count_reaching(group, "baseline")
            target = Decimal(len(_present(group["target"])))
            actual = _count_reaching(group, "actual") if _present(group["actual"]) else None
        else:
            baseline = _combine(group["baseline"], aggregation)
            target = _combine(group["target"], aggregation)
            actual = _combine(group["actual"], aggregation)
        # Counted, summed or averaged yes/no values are a number of partnerships, not a yes or a no.
        measured_as = IndicatorType.NUMBER if kind == IndicatorType.YES_NO else kind
        by_sex = aggregation == Aggregation.SUM and group["disaggregated"].any()
        records.append(
            {
                "objective": objective,
                "outcome": outcome,
                "code": first["code"],
                "name": first["name"],
                "unit": first["unit"],
                "type": measured_as,
                "aggregation": aggregation,
                "partnerships": len(group),
                "reporting": len(_present(group["actual"])),
                "baseline": baseline,
                "target": target,
                "actual": actual,
                "women": _combine(group["women"], aggregation) if by_sex else None,
                "men": _combine(group["men"], aggregation) if by_sex else None,
                "progress_pct": progress.measured_progress(measured_as, actual, baseline, target),
                "status": progress.status_of(measured_as, actual, baseline, target, first["direction"], thresholds),
            }
        )
    return pd.DataFrame.from_records(records, columns=RESULT_COLUMNS)
