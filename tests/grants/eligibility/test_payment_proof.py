from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.payment_proof import PaymentProofRule


def test_line_paid_with_a_proof_passes(audit_line, finding_of):
    result = audit_line(payment_date=date(2024, 3, 20), has_payment_proof=True)

    assert finding_of(result, "PAYMENT_PROOF") is None


@pytest.mark.parametrize(
    ("payment_date", "has_payment_proof", "message"),
    [
        (None, True, PaymentProofRule.NO_DATE),
        (date(2024, 3, 20), False, PaymentProofRule.NO_PROOF),
        (None, False, PaymentProofRule.NO_DATE_NOR_PROOF),
    ],
)
def test_line_without_payment_date_or_proof_needs_info(
    audit_line, finding_of, payment_date, has_payment_proof, message
):
    result = audit_line(payment_date=payment_date, has_payment_proof=has_payment_proof)

    finding = finding_of(result, "PAYMENT_PROOF")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == message
    assert result.verdict == Verdict.NEEDS_INFO
    assert result.pending_eur == Decimal("1000.00")
