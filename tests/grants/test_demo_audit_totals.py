"""The demo's claims audited again under the programme's rules: totals a finance officer can
explain line by line (issue 14's measure of done)."""

from decimal import Decimal

import pytest

from grants.eligibility.rules.procurement import _thresholds
from grants.models import ClaimStatus, ExpenseClaim, Finding, FindingOutcome, Invoice
from grants.services.audit import claim_audit, claim_facts, programme_parameters

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited_again():
    claims = list(ExpenseClaim.objects.exclude(status=ClaimStatus.CLOSED).select_related("programme", "partnership"))
    for claim in claims:
        claim_audit(claim)
    return claims


def test_no_claim_and_no_line_has_a_negative_rejected_amount(audited_again):
    assert len(audited_again) >= 4  # the signed-off claims keep their final audit, checked too
    assert list(ExpenseClaim.objects.filter(rejected_eur__lt=0).values_list("pk", flat=True)) == []
    assert list(Invoice.objects.filter(rejected_eur__lt=0).values_list("claim_id", "line")) == []


def test_no_line_below_its_formal_procedure_threshold_is_rejected_for_want_of_quotes(audited_again):
    """The programme's default asks for information below the threshold; it never rejects."""
    rejected = []
    for claim in audited_again:
        params, facts = programme_parameters(claim.programme), claim_facts(claim)
        for finding in Finding.objects.filter(
            claim=claim, rule_code="PROCUREMENT", outcome=FindingOutcome.FAIL
        ).select_related("invoice"):
            invoice = finding.invoice
            excl_vat = invoice.amount_eur * (invoice.amount - (invoice.vat or 0)) / invoice.amount
            line = type("Line", (), {"invoice": invoice})
            _quotes, formal = _thresholds(line, facts, params)
            if excl_vat <= formal:
                rejected.append((str(claim), invoice.line, excl_vat))
    assert rejected == []


def test_every_claim_conserves_its_money_and_says_why_each_euro_is_rejected(audited_again):
    for claim in ExpenseClaim.objects.all():
        assert claim.claimed_eur == claim.accepted_eur + claim.rejected_eur + claim.pending_eur, claim
    unexplained = Invoice.objects.filter(rejected_eur__gt=0, findings__isnull=True, decision__isnull=True)
    assert list(unexplained.values_list("claim_id", "line")) == []


def test_the_demo_still_has_procurement_questions_to_answer(audited_again):
    """The demo keeps lines for the rule to judge, so the tests above judge something."""
    assert Finding.objects.filter(rule_code="PROCUREMENT").exclude(outcome=FindingOutcome.FAIL).exists()
    assert Decimal(0) < sum(claim.rejected_eur for claim in ExpenseClaim.objects.all())
