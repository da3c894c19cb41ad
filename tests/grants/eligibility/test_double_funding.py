from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.double_funding import DoubleFundingRule


def test_line_without_other_funding_passes(audit_line, finding_of):
    result = audit_line()

    assert finding_of(result, "DOUBLE_FUNDING") is None
    assert result.verdict == Verdict.ELIGIBLE


def test_part_paid_by_another_subsidy_is_rejected_and_the_rest_accepted(audit_line, finding_of):
    result = audit_line(other_funding_source="Provincie West-Vlaanderen", other_funding_eur=Decimal("300.004"))

    finding = finding_of(result, "DOUBLE_FUNDING")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == Decimal("300.00")
    assert finding.message == DoubleFundingRule.ALSO_FUNDED
    assert finding.params == {"amount_other": "300.00", "source": "Provincie West-Vlaanderen"}
    assert result.verdict == Verdict.PARTIAL
    assert (result.accepted_eur, result.rejected_eur) == (Decimal("700.00"), Decimal("300.00"))


def test_other_subsidy_paying_more_than_the_line_rejects_the_line_only(audit_line, finding_of):
    result = audit_line(other_funding_source="Provincie", other_funding_eur=Decimal("2500"))

    assert finding_of(result, "DOUBLE_FUNDING").amount_eur == Decimal("1000.00")
    assert result.verdict == Verdict.INELIGIBLE
    assert (result.accepted_eur, result.rejected_eur, result.pending_eur) == (
        Decimal("0.00"),
        Decimal("1000.00"),
        Decimal("0.00"),
    )


def test_rest_of_a_double_funded_line_is_judged_as_usual(audit_line, finding_of):
    result = audit_line(other_funding_source="Provincie", other_funding_eur=Decimal("400"), has_payment_proof=False)

    assert finding_of(result, "DOUBLE_FUNDING").amount_eur == Decimal("400.00")
    assert result.verdict == Verdict.NEEDS_INFO
    assert (result.rejected_eur, result.pending_eur) == (Decimal("400.00"), Decimal("600.00"))


def test_source_without_amount_needs_info(audit_line, finding_of):
    result = audit_line(other_funding_source=" Provincie ", other_funding_eur=None)

    finding = finding_of(result, "DOUBLE_FUNDING")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == DoubleFundingRule.NO_AMOUNT
    assert finding.params == {"source": "Provincie"}
    assert result.pending_eur == Decimal("1000.00")


def test_amount_without_source_needs_info(audit_line, finding_of):
    result = audit_line(other_funding_eur=Decimal("250"))

    finding = finding_of(result, "DOUBLE_FUNDING")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == DoubleFundingRule.NO_SOURCE
    assert result.rejected_eur == Decimal("0.00")


@pytest.mark.parametrize("other_funding_source", ["", "Provincie"])
def test_zero_paid_by_another_subsidy_passes(audit_line, finding_of, other_funding_source):
    result = audit_line(other_funding_source=other_funding_source, other_funding_eur=Decimal("0"))

    assert finding_of(result, "DOUBLE_FUNDING") is None


def test_negative_amount_of_the_other_subsidy_needs_info(audit_line, finding_of):
    result = audit_line(other_funding_source="Provincie", other_funding_eur=Decimal("-50"))

    finding = finding_of(result, "DOUBLE_FUNDING")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == DoubleFundingRule.NOT_POSITIVE
    assert result.rejected_eur == Decimal("0.00")


def test_credit_note_declaring_another_subsidy_is_reviewed_and_nothing_rejected(audit, make_invoice, finding_of):
    invoice = make_invoice(line=1, invoice_number="F-17", currency="EUR", amount=Decimal("1000"))
    credit_note = make_invoice(
        line=2,
        invoice_number="AV-1",
        description="Avoir sur facture F-17",
        currency="EUR",
        amount=Decimal("-200"),
        other_funding_source="Provincie",
        other_funding_eur=Decimal("100"),
    )

    result = audit(invoice, credit_note).invoices[1]

    finding = finding_of(result, "DOUBLE_FUNDING")
    assert finding.outcome == Outcome.WARN
    assert finding.message == DoubleFundingRule.NEGATIVE_LINE
    assert result.verdict == Verdict.TO_REVIEW
    assert (result.rejected_eur, result.pending_eur) == (Decimal("0.00"), Decimal("-200.00"))
