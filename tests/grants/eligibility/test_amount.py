from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.amount import AmountRule


def test_positive_amount_passes(audit_line, finding_of):
    result = audit_line(amount=Decimal("655957"))

    assert finding_of(result, "AMOUNT") is None


def test_zero_amount_fails_whole(audit_line, finding_of):
    result = audit_line(amount=Decimal("0"))

    finding = finding_of(result, "AMOUNT")
    assert finding.outcome == Outcome.FAIL
    assert finding.message == AmountRule.ZERO
    assert result.verdict == Verdict.INELIGIBLE
    assert (result.accepted_eur, result.rejected_eur, result.pending_eur) == (0, 0, 0)


@pytest.mark.parametrize(
    "description",
    [
        "Remboursement fournisseur F-2024-017",  # no credit note
        "Avoir sur facture F-2024-999",  # no invoice of this claim
        "Avoir sur facture CN-1",  # its own number
    ],
)
def test_negative_amount_that_is_not_a_credit_note_of_an_invoice_of_the_claim_needs_information(
    audit, make_invoice, finding_of, description
):
    invoice = make_invoice(line=1)
    credit = make_invoice(line=2, invoice_number="CN-1", amount=Decimal("-65595.70"), description=description)

    claim = audit(invoice, credit)
    result = claim.invoices[1]

    finding = finding_of(result, "AMOUNT")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == AmountRule.NEGATIVE
    assert result.verdict == Verdict.NEEDS_INFO
    # Nothing is rejected: a negative rejection would read as money found by the audit.
    assert (result.accepted_eur, result.rejected_eur, result.pending_eur) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("-100.00"),
    )
    assert claim.rejected_eur == Decimal("0.00")


@pytest.mark.parametrize(
    "description",
    [
        "Creditnota bij factuur F-2024-017",
        "Avoir sur la facture n°F-2024-017",
        "Nota de crédito factura f2024017",
        "Credit note for invoice #F-2024-017",
    ],
)
def test_credit_note_naming_an_invoice_of_the_claim_is_accepted_negative(audit, make_invoice, finding_of, description):
    invoice = make_invoice(line=1)
    credit = make_invoice(line=2, invoice_number="CN-1", amount=Decimal("-65595.70"), description=description)

    claim = audit(invoice, credit)

    assert finding_of(claim.invoices[1], "AMOUNT") is None
    assert claim.invoices[1].verdict == Verdict.ELIGIBLE
    assert claim.invoices[1].accepted_eur == Decimal("-100.00")
    assert claim.accepted_eur == Decimal("900.00")


def eleven_lines(make_invoice, last_amount_eur):
    small = [
        make_invoice(
            line=day,
            invoice_number="F-%s" % day,
            invoice_date=date(2024, 4, day),
            currency="EUR",
            amount=Decimal("100.00"),
        )
        for day in range(1, 11)
    ]
    last = make_invoice(line=11, invoice_number="F-11", currency="EUR", amount=last_amount_eur, quotes=3)
    return [*small, last]


def test_amount_far_above_the_median_and_the_floor_warns(audit, make_invoice, finding_of):
    result = audit(*eleven_lines(make_invoice, Decimal("5000.01"))).invoices[-1]

    finding = finding_of(result, "AMOUNT")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {"amount_line": "5000.01", "factor": "10", "amount_median": "100.00"}
    assert result.verdict == Verdict.TO_REVIEW


def test_amount_far_above_the_median_but_below_the_floor_passes(audit, make_invoice, finding_of):
    result = audit(*eleven_lines(make_invoice, Decimal("5000.00"))).invoices[-1]

    assert finding_of(result, "AMOUNT") is None
