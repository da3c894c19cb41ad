from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict


def test_line_in_a_currency_with_a_rate_passes(audit_line, finding_of):
    result = audit_line(currency="USD", amount=Decimal("1087.20"), invoice_date=date(2024, 3, 5))

    assert finding_of(result, "CURRENCY") is None
    assert result.amount_eur == Decimal("1000.00")


@pytest.mark.parametrize(
    ("declared", "amount_eur"),
    [(Decimal("1234.565"), Decimal("1234.57")), (None, Decimal("0.00"))],
)
def test_line_in_an_unknown_currency_needs_info_and_counts_its_declared_eur(
    audit_line, finding_of, declared, amount_eur
):
    result = audit_line(currency="GHS", amount=Decimal("20000"), declared_amount_eur=declared)

    finding = finding_of(result, "CURRENCY")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.params == {"currency": "GHS", "date_invoice": "2024-03-15"}
    assert result.verdict == Verdict.NEEDS_INFO
    assert result.rate is None
    assert (result.amount_eur, result.pending_eur) == (amount_eur, amount_eur)


def test_line_before_the_first_rate_of_its_currency_needs_info(audit_line, finding_of):
    result = audit_line(currency="USD", amount=Decimal("100"), invoice_date=date(2023, 12, 31))

    assert finding_of(result, "CURRENCY").outcome == Outcome.NEEDS_INFO


@pytest.mark.parametrize("declared", [Decimal("990.00"), Decimal("1010.00"), Decimal("1000.00")])
def test_declared_eur_within_the_tolerance_passes(audit_line, finding_of, declared):
    result = audit_line(declared_amount_eur=declared)

    assert finding_of(result, "CURRENCY") is None


@pytest.mark.parametrize("declared", [Decimal("989.99"), Decimal("1010.01")])
def test_declared_eur_beyond_the_tolerance_warns_and_the_recomputed_amount_counts(
    audit_line, finding_of, declared
):
    result = audit_line(declared_amount_eur=declared)

    finding = finding_of(result, "CURRENCY")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {
        "amount_declared": str(declared),
        "tolerance_pct": "1.00",
        "amount_computed": "1000.00",
        "rate": "655.957",
        "currency": "XOF",
    }
    assert result.verdict == Verdict.TO_REVIEW
    assert result.pending_eur == Decimal("1000.00")


def test_tolerance_on_the_declared_eur_is_a_programme_parameter(
    audit_line, make_params, finding_of
):
    result = audit_line(
        params=make_params(currency_tolerance_pct=Decimal("5")), declared_amount_eur=Decimal("960")
    )

    assert finding_of(result, "CURRENCY") is None
