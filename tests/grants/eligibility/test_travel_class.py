import pytest

from grants.eligibility.findings import Outcome, Verdict


@pytest.mark.parametrize(
    ("description", "travel_class"),
    [
        ("Vlucht Brussel-Cotonou in business class", "business class"),
        ("Vliegtuigticket eerste klas", "eerste klas"),
        ("Billet d'avion classe affaires Bruxelles-Dakar", "classe affaires"),
        ("Vol Paris–Cotonou en PREMIERE CLASSE", "première classe"),
        ("Boleto aéreo Quito-Bruselas, clase ejecutiva", "clase ejecutiva"),
        ("Vuelo Managua primera clase", "primera clase"),
        ("Flight BRU-KGL first class", "first class"),
        ("Business flight to Kigali", "business"),
    ],
)
def test_air_travel_above_economy_warns(audit_line, finding_of, description, travel_class):
    result = audit_line(description=description)

    finding = finding_of(result, "TRAVEL_CLASS")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {"travel_class": travel_class}
    assert result.verdict == Verdict.TO_REVIEW


@pytest.mark.parametrize(
    "description",
    [
        "Billet d'avion classe économique Bruxelles-Cotonou",
        "Vuelo Quito-Bruselas",
        "Business lunch with the mayor",
        "Train première classe Bruxelles-Gand",
    ],
)
def test_economy_flight_or_premium_class_without_flight_passes(audit_line, finding_of, description):
    result = audit_line(description=description)

    assert finding_of(result, "TRAVEL_CLASS") is None
