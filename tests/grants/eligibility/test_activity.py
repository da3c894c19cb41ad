from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.activity import ActivityRule

CODES = ("R1", "R2", "R3.1")


@pytest.mark.parametrize("activity", ["", "  ", "-"])
def test_line_without_activity_passes(audit_line, make_claim, finding_of, activity):
    result = audit_line(activity=activity, claim=make_claim(activity_codes=CODES))

    assert finding_of(result, "ACTIVITY") is None


@pytest.mark.parametrize("activity", ["R1", "r1", " r 1 ", "R3.1", "r-3-1"])
def test_activity_of_the_partnership_passes_whatever_its_case_spaces_or_punctuation(
    audit_line, make_claim, finding_of, activity
):
    result = audit_line(activity=activity, claim=make_claim(activity_codes=CODES))

    assert finding_of(result, "ACTIVITY") is None
    assert result.verdict == Verdict.ELIGIBLE


def test_unknown_activity_needs_info_naming_it_and_the_known_codes(audit_line, make_claim, finding_of):
    result = audit_line(activity=" R9 ", claim=make_claim(activity_codes=("R2", "R1")))

    finding = finding_of(result, "ACTIVITY")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == ActivityRule.UNKNOWN
    assert finding.params == {"activity": "R9", "codes": "R1, R2"}
    assert result.verdict == Verdict.NEEDS_INFO
    assert result.pending_eur == Decimal("1000.00")


def test_activity_of_a_claim_without_outcome_codes_passes(audit_line, make_claim, finding_of):
    result = audit_line(activity="R9", claim=make_claim(activity_codes=()))

    assert finding_of(result, "ACTIVITY") is None
