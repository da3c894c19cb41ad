from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.keywords import KeywordsRule


@pytest.mark.parametrize(
    "description",
    [
        "Ciment pour le marché de Pèrèrè",
        "Revêtement en vinyle et vinyl tiles",  # "vin" inside a word is no wine
        "Bierbeek: transport van materiaal",
        "Interesting refinement of the design",
        "Vinaigre et produits d'entretien",
        "Pinta de cervezería sin nombre",
    ],
)
def test_description_without_never_eligible_words_passes(audit_line, finding_of, description):
    result = audit_line(description=description)

    assert finding_of(result, "KEYWORDS") is None


@pytest.mark.parametrize(
    ("description", "kind", "words"),
    [
        ("Boete wegens laattijdige aangifte", "fines", "boete"),
        ("AMENDE de stationnement", "fines", "amende"),
        ("Pénalités de retard", "fines", "pénalités"),
        ("Multa de tránsito", "fines", "multa"),
        ("Late payment penalty", "fines", "penalty"),
        ("Verwijlintresten op factuur 12", "interest", "verwijlintresten"),
        ("Intérêts débiteurs", "interest", "intérêts"),
        ("Intereses bancarios", "interest", "intereses"),
        ("Wisselkoersverlies op de transfer", "exchange_losses", "wisselkoersverlies"),
        ("Perte de change sur virement", "exchange_losses", "perte de change"),
        ("Pérdida  cambiaria del trimestre", "exchange_losses", "pérdida cambiaria"),
        ("Exchange loss on tranche 2", "exchange_losses", "exchange loss"),
        ("Provisie voor onderhoud", "provisions", "provisie"),
        ("Provisión para imprevistos", "provisions", "provisión"),
        ("Bière pour la réception", "alcohol", "bière"),
        ("BIERE et sodas", "alcohol", "bière"),
        ("Vin d'honneur", "alcohol", "vin"),
        ("Wijn voor de receptie", "alcohol", "wijn"),
        ("Cerveza para la fiesta", "alcohol", "cerveza"),
        ("Whisky for the delegation", "alcohol", "whisky"),
        ("Cadeau pour le maire", "gifts", "cadeau"),
        ("Geschenk voor de burgemeester", "gifts", "geschenk"),
        ("Regalo para el alcalde", "gifts", "regalo"),
        ("Coûts structurels du siège", "structural_costs", "coûts structurels"),
        ("Costos estructurales 2024", "structural_costs", "costos estructurales"),
        ("Overhead 7 %", "structural_costs", "overhead"),
    ],
)
def test_description_naming_a_never_eligible_kind_warns(audit_line, finding_of, description, kind, words):
    result = audit_line(description=description)

    finding = finding_of(result, "KEYWORDS")
    assert finding.outcome == Outcome.WARN
    assert finding.message == KeywordsRule.KIND_NAMED[kind]
    assert finding.params == {"words": words, "kinds": kind}
    assert result.verdict == Verdict.TO_REVIEW
    assert result.pending_eur == Decimal("1000.00")


def test_description_naming_several_kinds_warns_once_with_every_word(audit_line, finding_of):
    result = audit_line(description="Réception: bière, vin et cadeaux")

    finding = finding_of(result, "KEYWORDS")
    assert finding.message == KeywordsRule.NEVER_ELIGIBLE
    assert finding.params == {"words": "bière, vin, cadeaux", "kinds": "alcohol, gifts"}


def test_programme_keywords_replace_the_built_in_lists(audit_line, make_params, finding_of):
    params = make_params(ineligible_keywords={"sanctions": ["sanción"]})

    fine = audit_line(params=params, description="Multa de tránsito")
    sanction = audit_line(params=params, description="SANCION municipal")

    assert finding_of(fine, "KEYWORDS") is None
    assert finding_of(sanction, "KEYWORDS").params == {"words": "sanción", "kinds": "sanctions"}
    assert finding_of(sanction, "KEYWORDS").message == KeywordsRule.NEVER_ELIGIBLE
