"""DOUBLE_FUNDING and ACTIVITY on a stored claim: the audit reads the lines' other funding and
activity and the partnership's outcome codes from the database."""

from decimal import Decimal

import pytest

from grants.models import Finding, FindingOutcome, Invoice, Verdict
from grants.services.audit import claim_audit

pytestmark = pytest.mark.django_db


def test_audit_rejects_what_another_subsidy_pays_and_asks_about_an_unknown_activity(claim):
    codes = sorted(claim.partnership.outcomes.values_list("code", flat=True))
    clean = Invoice.objects.filter(claim=claim, verdict=Verdict.ELIGIBLE, amount_eur__gt=100).order_by("line")
    funded, linked, unknown = clean[:3]
    Invoice.objects.filter(pk=funded.pk).update(
        other_funding_source="Provincie West-Vlaanderen", other_funding_eur=Decimal("40.00")
    )
    Invoice.objects.filter(pk=linked.pk).update(activity=f" {codes[0].lower()} ")
    Invoice.objects.filter(pk=unknown.pk).update(activity="R99")

    claim_audit(claim)

    funded_finding = Finding.objects.get(invoice=funded, rule_code="DOUBLE_FUNDING")
    assert funded_finding.amount_affected_eur == Decimal("40.00")
    assert funded_finding.message_params["source"] == "Provincie West-Vlaanderen"
    assert not Finding.objects.filter(invoice=linked, rule_code="ACTIVITY").exists()
    unknown_finding = Finding.objects.get(invoice=unknown, rule_code="ACTIVITY")
    assert unknown_finding.message_params == {"activity": "R99", "codes": ", ".join(codes)}
    assert unknown_finding.outcome == FindingOutcome.NEEDS_INFO


def test_claims_without_other_funding_or_activities_keep_their_verdicts(claim):
    before = dict(Invoice.objects.filter(claim=claim).values_list("line", "verdict"))

    claim_audit(claim)

    assert dict(Invoice.objects.filter(claim=claim).values_list("line", "verdict")) == before
    assert not Finding.objects.filter(claim=claim, rule_code__in=["DOUBLE_FUNDING", "ACTIVITY"]).exists()
