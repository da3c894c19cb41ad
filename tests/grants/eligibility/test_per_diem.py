from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.per_diem import PerDiemRule


@pytest.mark.parametrize(
    "description",
    [
        "Per diem mission Cotonou 3 jours",
        "Dagvergoeding 3 dagen Parakou",
        "Indemnités journalières : 2 jours à Cotonou, 1 jour à Parakou",
        "Viáticos 3 días",
        "Daily allowance, 3 days",
    ],
)
def test_daily_allowance_within_the_scale_passes(audit_line, finding_of, description):
    result = audit_line(description=description, currency="EUR", amount=Decimal("180.00"))

    assert finding_of(result, "PER_DIEM") is None
    assert result.verdict == Verdict.ELIGIBLE


@pytest.mark.parametrize(
    ("description", "days", "allowed", "excess"),
    [
        ("Per-diem atelier 3 jours", "3", "180.00", "70.00"),
        ("PERDIEM 2 dagen", "2", "120.00", "130.00"),
        ("Indemnité journalière 1,5 jours", "1.5", "90.00", "160.00"),
        ("Viático 4 dias", "4", "240.00", "10.00"),
    ],
)
def test_daily_allowance_above_the_scale_fails_the_excess(
    audit_line, finding_of, description, days, allowed, excess
):
    result = audit_line(description=description, currency="EUR", amount=Decimal("250.00"))

    finding = finding_of(result, "PER_DIEM")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == Decimal(excess)
    assert finding.params == {
        "amount_claimed": "250.00",
        "amount_scale": "60.00",
        "days": days,
        "amount_allowed": allowed,
        "amount_excess": excess,
    }
    assert result.verdict == Verdict.PARTIAL
    assert result.accepted_eur == Decimal(allowed)


def test_daily_allowance_without_a_number_of_days_needs_info(audit_line, finding_of):
    result = audit_line(
        description="Per diem mission Cotonou", currency="EUR", amount=Decimal("100")
    )

    finding = finding_of(result, "PER_DIEM")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == PerDiemRule.NO_DAYS
    assert result.verdict == Verdict.NEEDS_INFO


def test_daily_allowance_in_a_country_without_a_scale_warns(audit_line, make_claim, finding_of):
    result = audit_line(claim=make_claim(country="MA"), description="Per diem 2 jours")

    finding = finding_of(result, "PER_DIEM")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {"country": "MA"}


def test_expense_that_is_no_daily_allowance_passes(audit_line, finding_of):
    result = audit_line(
        description="Hôtel 3 nuits, 2 jours de formation", currency="EUR", amount=Decimal("900")
    )

    assert finding_of(result, "PER_DIEM") is None


def test_programme_per_diem_words_replace_the_built_in_ones(audit_line, make_params, finding_of):
    params = make_params(per_diem_keywords=("frais de mission",))

    per_diem = audit_line(
        params=params, description="Per diem 1 jour", currency="EUR", amount=Decimal("90")
    )
    mission = audit_line(
        params=params, description="Frais de mission 1 jour", currency="EUR", amount=Decimal("90")
    )

    assert finding_of(per_diem, "PER_DIEM") is None
    assert finding_of(mission, "PER_DIEM").amount_eur == Decimal("30.00")
