from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.category import CategoryRule


@pytest.mark.parametrize("category", ["investment", "operating", "personnel", "management"])
def test_category_with_a_budget_for_the_year_passes(audit_line, finding_of, category):
    result = audit_line(category=category)

    assert finding_of(result, "CATEGORY") is None
    assert result.verdict == Verdict.ELIGIBLE


@pytest.mark.parametrize(
    ("category", "cost_category"),
    [("operating", "operational"), ("personnel", "operational"), ("management", "management")],
)
def test_category_without_allocation_for_the_year_fails_whole(
    audit_line, make_claim, finding_of, category, cost_category
):
    allocations = {
        "operational": Decimal("80000"),
        "management": Decimal("8000"),
        cost_category: 0,
    }

    result = audit_line(claim=make_claim(allocations_eur=allocations), category=category)

    finding = finding_of(result, "CATEGORY")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == Decimal("1000.00")
    assert finding.message == CategoryRule.NO_ALLOCATION[cost_category]
    assert finding.params == {"year": "2024"}
    assert result.verdict == Verdict.INELIGIBLE


def test_category_missing_from_the_allocations_fails_whole(audit_line, make_claim, finding_of):
    claim = make_claim(allocations_eur={"operational": Decimal("80000")})

    result = audit_line(claim=claim, category="management")

    assert finding_of(result, "CATEGORY").outcome == Outcome.FAIL


def test_unknown_category_fails_whole(audit_line, finding_of):
    result = audit_line(category="catering")

    finding = finding_of(result, "CATEGORY")
    assert finding.message == CategoryRule.UNKNOWN
    assert finding.params == {"category": "catering"}
    assert result.verdict == Verdict.INELIGIBLE


def test_empty_category_is_left_to_missing_data(audit_line, finding_of):
    result = audit_line(category="")

    assert finding_of(result, "CATEGORY") is None
    assert finding_of(result, "MISSING_DATA").outcome == Outcome.NEEDS_INFO


def test_personnel_paid_by_the_flemish_municipality_fails_whole(audit_line, finding_of):
    result = audit_line(category="personnel", paid_by="flemish")

    finding = finding_of(result, "CATEGORY")
    assert finding.outcome == Outcome.FAIL
    assert finding.message == CategoryRule.FLEMISH_STAFF
    assert result.verdict == Verdict.INELIGIBLE


def test_personnel_paid_by_the_flemish_municipality_passes_when_the_programme_allows_it(
    audit_line, make_params, finding_of
):
    params = make_params(flemish_staff_cost_eligible=True)

    result = audit_line(params=params, category="personnel", paid_by="flemish")

    assert finding_of(result, "CATEGORY") is None
