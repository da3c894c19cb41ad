from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.vat import VatRule


@pytest.mark.parametrize(
    ("paid_by", "recovering_side"),
    [("flemish", "flemish_recovers_vat"), ("partner", "partner_recovers_vat")],
)
def test_vat_of_a_side_that_recovers_it_fails_the_vat_part(
    audit_line, make_claim, finding_of, paid_by, recovering_side
):
    claim = make_claim(**{recovering_side: True})

    result = audit_line(
        claim=claim,
        paid_by=paid_by,
        currency="EUR",
        amount=Decimal("1210.00"),
        vat=Decimal("210.00"),
    )

    finding = finding_of(result, "VAT")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == Decimal("210.00")
    assert finding.message == VatRule.RECOVERED[paid_by]
    assert finding.params == {"amount_vat": "210.00"}
    assert result.verdict == Verdict.PARTIAL
    assert (result.accepted_eur, result.rejected_eur) == (Decimal("1000.00"), Decimal("210.00"))


def test_vat_part_is_converted_at_the_rate_of_the_line(audit_line, make_claim, finding_of):
    claim = make_claim(partner_recovers_vat=True)

    result = audit_line(claim=claim, amount=Decimal("655957"), vat=Decimal("100000"))

    assert finding_of(result, "VAT").amount_eur == Decimal("152.45")
    assert result.accepted_eur == Decimal("847.55")


@pytest.mark.parametrize(
    ("paid_by", "vat"),
    [("partner", Decimal("210.00")), ("flemish", None), ("flemish", Decimal("0"))],
)
def test_vat_of_a_side_that_does_not_recover_it_or_no_vat_passes(audit_line, make_claim, finding_of, paid_by, vat):
    claim = make_claim(flemish_recovers_vat=True)

    result = audit_line(claim=claim, paid_by=paid_by, currency="EUR", amount=Decimal("1210"), vat=vat)

    assert finding_of(result, "VAT") is None
    assert result.verdict == Verdict.ELIGIBLE
