from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.procurement import ProcurementRule


@pytest.mark.parametrize(
    ("amount", "vat", "quotes"),
    [
        (Decimal("3000.00"), None, None),
        (Decimal("3500.00"), Decimal("600.00"), None),  # EUR 2,900 excl. VAT
        (Decimal("3500.00"), None, 3),
        (Decimal("45000.00"), None, 3),
    ],
)
def test_purchase_below_the_threshold_or_with_enough_quotes_passes(
    audit_line, finding_of, amount, vat, quotes
):
    result = audit_line(currency="EUR", amount=amount, vat=vat, quotes=quotes)

    assert finding_of(result, "PROCUREMENT") is None


@pytest.mark.parametrize(
    ("amount", "quotes", "message", "threshold"),
    [
        (Decimal("3500.00"), 2, ProcurementRule.TOO_FEW_QUOTES, "3000.00"),
        (Decimal("3500.00"), 0, ProcurementRule.TOO_FEW_QUOTES, "3000.00"),
        (Decimal("30000.01"), 2, ProcurementRule.FORMAL_PROCEDURE, "30000.00"),
    ],
)
def test_purchase_above_a_threshold_with_too_few_quotes_fails_whole(
    audit_line, finding_of, amount, quotes, message, threshold
):
    result = audit_line(currency="EUR", amount=amount, quotes=quotes)

    finding = finding_of(result, "PROCUREMENT")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == amount
    assert finding.message == message
    assert finding.params == {
        "amount_excl_vat": str(amount),
        "amount_threshold": threshold,
        "quotes_required": "3",
        "quotes": str(quotes),
    }
    assert result.verdict == Verdict.INELIGIBLE


def test_purchase_above_the_threshold_without_a_number_of_quotes_needs_info(audit_line, finding_of):
    result = audit_line(currency="EUR", amount=Decimal("3500.00"), quotes=None)

    finding = finding_of(result, "PROCUREMENT")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == ProcurementRule.QUOTES_UNKNOWN
    assert result.verdict == Verdict.NEEDS_INFO


def test_thresholds_and_quotes_are_programme_parameters(audit_line, make_params, finding_of):
    params = make_params(quotes_threshold_eur=Decimal("5000"), quotes_required=2)

    below = audit_line(params=params, currency="EUR", amount=Decimal("4000"), quotes=0)
    above = audit_line(params=params, currency="EUR", amount=Decimal("6000"), quotes=2)

    assert finding_of(below, "PROCUREMENT") is None
    assert finding_of(above, "PROCUREMENT") is None
