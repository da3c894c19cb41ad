"""Progress of an indicator from its baseline: pure arithmetic, no database."""

from decimal import Decimal

import pytest

from reporting.annual.progress import (
    ACHIEVED,
    BEHIND,
    NO_DATA,
    NO_PROGRESS,
    NO_TARGET,
    NOT_REACHED,
    ON_TRACK,
    REPORTED,
    Thresholds,
    measured_progress,
    progress_pct,
    status_of,
)

D = Decimal


def test_own_revenue_that_left_its_baseline_a_little_is_behind_not_on_track():
    # Pèrèrè: baseline 48.0 M, target 60.5 M, actual 51.4 M: 85 % of the target, 27 % of the way.
    assert progress_pct(D("51.4"), D("48.0"), D("60.5")) == D("27.2")
    assert status_of("number", D("51.4"), D("48.0"), D("60.5"), "increase") == BEHIND


@pytest.mark.parametrize("actual", [D("48.0"), D("47.0"), D("0")])
def test_a_value_at_or_below_its_baseline_is_never_on_track(actual):
    assert status_of("number", actual, D("48.0"), D("60.5"), "increase") == NO_PROGRESS


def test_lower_is_better_measures_the_way_down_from_the_baseline():
    assert progress_pct(D("30"), D("40"), D("20")) == D("50.0")
    assert status_of("percentage", D("30"), D("40"), D("20"), "decrease") == BEHIND
    assert status_of("percentage", D("19"), D("40"), D("20"), "decrease") == ACHIEVED
    assert status_of("percentage", D("41"), D("40"), D("20"), "decrease") == NO_PROGRESS


@pytest.mark.parametrize(
    "actual, status",
    [(D("60.5"), ACHIEVED), (D("70"), ACHIEVED), (D("57.4"), ON_TRACK), (D("57.3"), BEHIND)],
)
def test_statuses_follow_the_thresholds_on_the_way_from_baseline_to_target(actual, status):
    # 75 % of the way from 48.0 to 60.5 is 57.375.
    assert status_of("number", actual, D("48.0"), D("60.5"), "increase", Thresholds(D(75), D(100))) == status


def test_the_programme_chooses_its_thresholds():
    strict = Thresholds(on_track_pct=D(90), achieved_pct=D(100))

    assert status_of("number", D("8"), D("0"), D("10"), "increase") == ON_TRACK
    assert status_of("number", D("8"), D("0"), D("10"), "increase", strict) == BEHIND


def test_without_a_baseline_the_target_is_met_or_not():
    assert progress_pct(D("8"), None, D("10")) is None
    assert status_of("number", D("10"), None, D("10"), "increase") == ACHIEVED
    assert status_of("number", D("8"), None, D("10"), "increase") == BEHIND


def test_yes_no_is_reached_or_not_never_a_percentage():
    assert status_of("yes_no", D("1"), D("0"), D("1"), "increase") == ACHIEVED
    assert status_of("yes_no", D("0"), D("0"), D("1"), "increase") == NOT_REACHED
    assert measured_progress("yes_no", D("1"), D("0"), D("1")) is None


def test_a_qualitative_answer_is_reported_or_missing():
    assert status_of("qualitative", "Le conseil a adopté le plan.", None, None, "increase") == REPORTED
    assert status_of("qualitative", "", None, None, "increase") == NO_DATA
    assert measured_progress("qualitative", None, None, None) is None


def test_no_value_and_no_target_are_said_as_such():
    assert status_of("number", None, D("1"), D("2"), "increase") == NO_DATA
    assert status_of("number", D("3"), D("1"), None, "increase") == NO_TARGET
