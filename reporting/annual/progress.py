"""Progress of an indicator from its baseline towards the year's target, whatever its direction.

progress = (actual - baseline) / (target - baseline): the share of the way from the
baseline to the target that was covered. The same formula serves "lower is better",
where both differences are negative. A value at or below the baseline (on the wrong
side of it) covered nothing, so it is never on track, however close the raw values
look: an own revenue of 51.4 M against a baseline of 48.0 M and a target of 60.5 M is
27 % of the way, not 85 %.

Yes/no and qualitative indicators are not measured in percent: a yes/no is reached or
not, a qualitative answer is reported or not. Pure Python, no Django: the thresholds
are passed in (programme parameters).
"""

from dataclasses import dataclass
from decimal import Decimal

from reporting.annual.ratios import percent_of

YES_NO = "yes_no"
QUALITATIVE = "qualitative"
DECREASE = "decrease"

ACHIEVED = "achieved"
ON_TRACK = "on_track"
BEHIND = "behind"
NO_PROGRESS = "no_progress"
NOT_REACHED = "not_reached"
REPORTED = "reported"
NO_DATA = "no_data"
NO_TARGET = "no_target"

# Statuses that call for the programme team's follow-up.
NEEDS_FOLLOW_UP = (BEHIND, NO_PROGRESS, NOT_REACHED)


@dataclass(frozen=True)
class Thresholds:
    """Share of the way from baseline to target (in percent) that counts as on track / achieved."""

    on_track_pct: Decimal = Decimal(75)
    achieved_pct: Decimal = Decimal(100)


def _reaches(actual, target, direction):
    return actual <= target if direction == DECREASE else actual >= target


def progress_pct(actual, baseline, target):
    """Share of the way from baseline to target covered by the actual value, one decimal; None if unmeasurable."""
    if actual is None or baseline is None or target is None or target == baseline:
        return None
    return percent_of(Decimal(actual) - Decimal(baseline), Decimal(target) - Decimal(baseline))


def status_of(kind, actual, baseline, target, direction, thresholds=Thresholds()):
    """The status of one indicator value for the year (one of the constants above)."""
    if kind == QUALITATIVE:
        return REPORTED if actual else NO_DATA
    if actual is None:
        return NO_DATA
    if kind == YES_NO:
        return ACHIEVED if _reaches(actual, Decimal(1) if target is None else target, direction) else NOT_REACHED
    if target is None:
        return NO_TARGET
    progress = progress_pct(actual, baseline, target)
    if progress is None:
        # Without a baseline, or with a target that only keeps the baseline, the
        # distance cannot be measured: the target is met or it is not.
        return ACHIEVED if _reaches(actual, target, direction) else BEHIND
    if progress >= thresholds.achieved_pct:
        return ACHIEVED
    if progress <= 0:
        return NO_PROGRESS
    if progress >= thresholds.on_track_pct:
        return ON_TRACK
    return BEHIND


def measured_progress(kind, actual, baseline, target):
    """The progress shown beside the raw values: only for numbers, shares and scales."""
    if kind in (YES_NO, QUALITATIVE):
        return None
    return progress_pct(actual, baseline, target)
