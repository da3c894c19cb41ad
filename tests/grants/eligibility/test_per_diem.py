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
def test_daily_allowance_above_the_scale_fails_the_excess(audit_line, finding_of, description, days, allowed, excess):
    result = audit_line(description=description, currency="EUR", amount=Decimal("250.00"))

    finding = finding_of(result, "PER_DIEM")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == Decimal(excess)
    assert finding.params == {
        "amount_claimed": "250.00",
        "amount_scale": "60.00",
        "country": "BJ",
        "days": days,
        "amount_allowed": allowed,
        "amount_excess": excess,
    }
    assert result.verdict == Verdict.PARTIAL
    assert result.accepted_eur == Decimal(allowed)


def test_daily_allowance_without_a_number_of_days_needs_info(audit_line, finding_of):
    result = audit_line(description="Per diem mission Cotonou", currency="EUR", amount=Decimal("100"))

    finding = finding_of(result, "PER_DIEM")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == PerDiemRule.NO_DAYS
    assert result.verdict == Verdict.NEEDS_INFO


def test_daily_allowance_in_a_country_without_a_scale_warns(audit_line, make_claim, finding_of):
    result = audit_line(claim=make_claim(country="MA"), description="Per diem 2 jours")

    finding = finding_of(result, "PER_DIEM")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {"country": "MA"}


def test_expense_that_is_no_daily_allowance_or_lodging_passes(audit_line, finding_of):
    result = audit_line(description="Location de salle, 2 jours de formation", currency="EUR", amount=Decimal("900"))

    assert finding_of(result, "PER_DIEM") is None


def test_programme_per_diem_words_replace_the_built_in_ones(audit_line, make_params, finding_of):
    params = make_params(per_diem_keywords=("frais de mission",))

    per_diem = audit_line(params=params, description="Per diem 1 jour", currency="EUR", amount=Decimal("90"))
    mission = audit_line(params=params, description="Frais de mission 1 jour", currency="EUR", amount=Decimal("90"))

    assert finding_of(per_diem, "PER_DIEM") is None
    assert finding_of(mission, "PER_DIEM").amount_eur == Decimal("30.00")


def test_the_scale_is_the_destinations_for_whoever_travels(audit_line, finding_of):
    # A Beninese delegation in Flanders, on the Beninese partner's claim: Belgium's scale.
    result = audit_line(
        description="Per diem mission Anzegem 4 jours", destination="BE", currency="EUR", amount=Decimal("240.00")
    )

    finding = finding_of(result, "PER_DIEM")
    assert finding.params["country"] == "BE"
    assert finding.params["amount_allowed"] == "200.00"
    assert finding.amount_eur == Decimal("40.00")


def test_days_on_the_line_count_before_the_description(audit_line, finding_of):
    result = audit_line(description="Per diem 3 jours", days=Decimal("4"), currency="EUR", amount=Decimal("240.00"))

    assert finding_of(result, "PER_DIEM") is None


def test_meals_provided_cut_the_allowance(audit_line, finding_of):
    # 4 days at EUR 60, less 35 % for 2 lunches and 45 % for 1 dinner: 240 - 42 - 27 = 171.
    result = audit_line(
        description="Per diem atelier 4 jours",
        currency="EUR",
        amount=Decimal("240.00"),
        lunches_provided=2,
        dinners_provided=1,
    )

    finding = finding_of(result, "PER_DIEM")
    assert finding.message == PerDiemRule.ABOVE_SCALE_MEALS
    assert finding.params["amount_allowed"] == "171.00"
    assert finding.amount_eur == Decimal("69.00")
    assert result.accepted_eur == Decimal("171.00")


def test_more_meals_than_days_need_information(audit_line, finding_of):
    result = audit_line(description="Per diem 2 jours", currency="EUR", amount=Decimal("100.00"), lunches_provided=3)

    assert finding_of(result, "PER_DIEM").message == PerDiemRule.MEALS_ABOVE_DAYS


def test_lodging_above_the_destinations_maximum_a_night_fails_the_excess(audit_line, finding_of):
    result = audit_line(description="Hôtel Cotonou 3 nuits", currency="EUR", amount=Decimal("300.00"))

    finding = finding_of(result, "PER_DIEM")
    assert finding.message == PerDiemRule.ABOVE_LODGING
    assert finding.params["amount_allowed"] == "270.00"
    assert finding.amount_eur == Decimal("30.00")
    assert result.verdict == Verdict.PARTIAL


def test_lodging_within_the_maximum_passes_and_without_nights_needs_information(audit_line, finding_of):
    within = audit_line(description="Hébergement 2 nuits", destination="BE", currency="EUR", amount=Decimal("240.00"))
    unknown = audit_line(description="Hébergement de la délégation", currency="EUR", amount=Decimal("240.00"))

    assert finding_of(within, "PER_DIEM") is None
    assert finding_of(unknown, "PER_DIEM").message == PerDiemRule.NO_NIGHTS
