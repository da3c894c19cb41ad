"""Indicators of the annual report: per partnership, then added up per specific objective.

Achievement is actual / target (target / actual where lower is better), in percent.
A yes/no indicator is reached at 1. Values are those of reporting.selectors.reported_values.
"""

from decimal import Decimal

import pandas as pd
from django.conf import settings

from reporting.annual.ratios import HUNDRED, one_decimal, percent_of
from reporting.models import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorTarget,
    IndicatorType,
    Objective,
    aggregation_of,
)
from reporting.selectors import reported_values

ON_TRACK_PCT = Decimal(75)
LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
INDICATOR_COLUMNS = [
    "partnership", "objective", "outcome", "outcome_title", "indicator_id", "code", "name", "unit",
    "type", "direction", "aggregation", "baseline", "target", "actual", "achievement_pct", "status",
]
RESULT_COLUMNS = [
    "objective", "objective_title", "outcome", "code", "name", "unit", "type", "aggregation",
    "partnerships", "reporting", "baseline", "target", "actual", "achievement_pct", "status",
]


def translated(row, prefix, language):
    """The text of a translated field in the language, else in English (modeltranslation's fallback)."""
    return row.get(f"{prefix}_{language}") or row.get(f"{prefix}_en") or ""


def achievement(actual, target, direction, kind):
    if actual is None or target is None or kind == IndicatorType.QUALITATIVE:
        return None
    if kind == IndicatorType.YES_NO:
        return HUNDRED if actual >= target else Decimal(0)
    if direction == Direction.DECREASE:
        return percent_of(target, actual)
    return percent_of(actual, target)


def status_of(achievement_pct, actual, target):
    if actual is None:
        return "no_data"
    if target is None or achievement_pct is None:
        return "no_target"
    if achievement_pct >= HUNDRED:
        return "achieved"
    if achievement_pct >= ON_TRACK_PCT:
        return "on_track"
    return "behind"


def _actuals(indicator_ids, year):
    reported = reported_values(indicator_ids, year=year)
    return {
        indicator_id: by_year[year]["value"]
        for indicator_id, by_year in reported.items()
        if by_year[year]["value"] is not None
    }


def indicator_frames(programme, year, language, partnership_codes):
    """Return (one row per partnership indicator, one row per indicator added up across partnerships)."""
    fields = [f"{prefix}_{lang}" for prefix in ("name", "unit") for lang in LANGUAGES]
    outcome_titles = [f"outcome__title_{lang}" for lang in LANGUAGES]
    rows = list(
        Indicator.objects.filter(outcome__partnership__code__in=partnership_codes)
        .order_by("outcome__objective__code", "outcome__code", "code", "outcome__partnership__code")
        .values(
            "pk", "code", "type", "direction", "aggregation", "baseline_value",
            "outcome__code", "outcome__objective__code", "outcome__partnership__code",
            *fields, *outcome_titles,
        )
    )
    ids = [row["pk"] for row in rows]
    targets = dict(
        IndicatorTarget.objects.filter(indicator_id__in=ids, year=year).values_list("indicator_id", "value")
    )
    actuals = _actuals(ids, year)
    records = []
    for row in rows:
        target, actual = targets.get(row["pk"]), actuals.get(row["pk"])
        pct = achievement(actual, target, row["direction"], row["type"])
        records.append(
            {
                "partnership": row["outcome__partnership__code"],
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
                "baseline": row["baseline_value"],
                "target": target,
                "actual": actual,
                "achievement_pct": pct,
                "status": status_of(pct, actual, target),
            }
        )
    indicators = pd.DataFrame.from_records(records, columns=[*INDICATOR_COLUMNS, "key"])
    results = _aggregated(indicators, language)
    return indicators.drop(columns="key"), results


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


def _aggregated(indicators, language):
    """Add up the same indicator (same English name and unit) of all partnerships under an objective."""
    if indicators.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    titles = _objective_titles(indicators["objective"].unique().tolist(), language)
    records = []
    grouped = indicators.groupby(["objective", "outcome", "key", "type", "aggregation"], sort=False)
    for (objective, outcome, _key, kind, aggregation), group in grouped:
        if aggregation == Aggregation.NONE or kind == IndicatorType.QUALITATIVE:
            continue
        # A sum or an average of yes/no values is a number of partnerships, not a yes or a no.
        measured_as = IndicatorType.NUMBER if kind == IndicatorType.YES_NO else kind
        first = group.iloc[0]
        if aggregation == Aggregation.COUNT:
            baseline = _count_reaching(group, "baseline")
            target = Decimal(len(_present(group["target"])))
            actual = _count_reaching(group, "actual") if _present(group["actual"]) else None
            pct = percent_of(actual, target) if actual is not None else None
        else:
            baseline = _combine(group["baseline"], aggregation)
            target = _combine(group["target"], aggregation)
            actual = _combine(group["actual"], aggregation)
            pct = achievement(actual, target, first["direction"], measured_as)
        records.append(
            {
                "objective": objective,
                "objective_title": titles.get(objective, ""),
                "outcome": outcome,
                "code": first["code"],
                "name": first["name"],
                "unit": first["unit"],
                "type": kind,
                "aggregation": aggregation,
                "partnerships": len(group),
                "reporting": len(_present(group["actual"])),
                "baseline": baseline,
                "target": target,
                "actual": actual,
                "achievement_pct": pct,
                "status": status_of(pct, actual, target),
            }
        )
    return pd.DataFrame.from_records(records, columns=RESULT_COLUMNS)


def _objective_titles(codes, language):
    rows = Objective.objects.filter(code__in=codes).values("code", *[f"title_{lang}" for lang in LANGUAGES])
    return {row["code"]: translated(row, "title", language) for row in rows}
