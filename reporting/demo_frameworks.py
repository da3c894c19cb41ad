"""Demo results frameworks: outcomes, indicators, baselines and targets per partnership.

Built from the example indicators of domain/results_framework.md; baselines and targets
are invented and marked as demo (Indicator.is_demo).
"""

from decimal import Decimal

from partnerships.demo import upsert
from partnerships.models import Partnership, PartnershipKind
from reporting.models import (
    Aggregation,
    Direction,
    Disaggregation,
    Indicator,
    IndicatorTarget,
    IndicatorType,
    Objective,
    Outcome,
)

BASELINE_YEAR = 2022
TARGET_YEARS = range(2023, 2027)

# Own revenue of a partner municipality in its currency, in the baseline year.
OWN_REVENUE_BASELINE = {"XOF": Decimal("48000000"), "USD": Decimal("260000"), "NIO": Decimal("9500000")}
OWN_REVENUE_GROWTH = Decimal("1.08")

CITY = [
    {
        "code": "O1",
        "objective": "SD2.3",
        "sdg": "16.6, 16.7",
        "title": {
            "en": "The partner municipality plans and budgets with its citizens",
            "nl": "De partnergemeente plant en begroot samen met haar inwoners",
            "fr": "La commune partenaire planifie et budgétise avec ses citoyens",
            "es": "El municipio socio planifica y presupuesta con su ciudadanía",
        },
        "indicators": [
            {
                "code": "O1.1",
                "type": IndicatorType.YES_NO,
                "name": {
                    "en": "Participatory budget or local development plan adopted with citizen consultation",
                    "nl": "Participatieve begroting of lokaal ontwikkelingsplan aangenomen na burgerconsultatie",
                    "fr": "Budget participatif ou plan de développement local adopté après consultation citoyenne",
                    "es": "Presupuesto participativo o plan de desarrollo local aprobado con consulta ciudadana",
                },
                "unit": {"en": "yes/no", "nl": "ja/nee", "fr": "oui/non", "es": "sí/no"},
                "baseline": Decimal("0"),
                "targets": [Decimal("0"), Decimal("1"), Decimal("1"), Decimal("1")],
            },
            {
                "code": "O1.2",
                "type": IndicatorType.PERCENTAGE,
                "disaggregation": Disaggregation.SEX,
                "name": {
                    "en": "Share of women among the participants in consultations",
                    "nl": "Aandeel vrouwen onder de deelnemers aan consultaties",
                    "fr": "Part des femmes parmi les participants aux consultations",
                    "es": "Proporción de mujeres entre los participantes en las consultas",
                },
                "unit": {"en": "%", "nl": "%", "fr": "%", "es": "%"},
                "baseline": Decimal("28"),
                "targets": [Decimal("32"), Decimal("36"), Decimal("40"), Decimal("45")],
            },
            {
                "code": "O1.3",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Own revenue collected by the partner municipality",
                    "nl": "Eigen ontvangsten geïnd door de partnergemeente",
                    "fr": "Recettes propres recouvrées par la commune partenaire",
                    "es": "Ingresos propios recaudados por el municipio socio",
                },
                "unit": "currency",
                "baseline": "own_revenue",
            },
        ],
    },
    {
        "code": "O2",
        "objective": "SD1.1",
        "sdg": "17.17",
        "title": {
            "en": "The partnership works with an outcome-oriented multi-year plan and monitoring",
            "nl": "De stedenband werkt met een outcomegericht meerjarenplan en monitoring",
            "fr": "Le jumelage travaille avec un plan pluriannuel orienté résultats et un suivi",
            "es": "El hermanamiento trabaja con un plan plurianual orientado a resultados y seguimiento",
        },
        "indicators": [
            {
                "code": "O2.1",
                "type": IndicatorType.PERCENTAGE,
                "name": {
                    "en": "Share of progress reports submitted on time",
                    "nl": "Aandeel voortgangsrapporten op tijd ingediend",
                    "fr": "Part des rapports d'avancement remis à temps",
                    "es": "Proporción de informes de avance entregados a tiempo",
                },
                "unit": {"en": "%", "nl": "%", "fr": "%", "es": "%"},
                "baseline": Decimal("50"),
                "targets": [Decimal("60"), Decimal("75"), Decimal("90"), Decimal("100")],
            },
        ],
    },
]

SDG = [
    {
        "code": "O1",
        "objective": "SD1.2",
        "sdg": "16.7",
        "title": {
            "en": "Citizens take part in local policy on the SDGs",
            "nl": "Inwoners nemen deel aan het lokale SDG-beleid",
            "fr": "Les citoyens participent à la politique locale sur les ODD",
            "es": "La ciudadanía participa en la política local sobre los ODS",
        },
        "indicators": [
            {
                "code": "O1.1",
                "type": IndicatorType.NUMBER,
                "disaggregation": Disaggregation.SEX,
                "name": {
                    "en": "Citizens reached by participation sessions",
                    "nl": "Inwoners bereikt met participatiemomenten",
                    "fr": "Citoyens touchés par les séances de participation",
                    "es": "Personas alcanzadas por las sesiones de participación",
                },
                "unit": {"en": "people", "nl": "personen", "fr": "personnes", "es": "personas"},
                "baseline": Decimal("0"),
                "targets": [Decimal("150"), Decimal("300"), Decimal("450"), Decimal("600")],
            },
        ],
    },
]

SISTER_ASSOCIATION = [
    {
        "code": "O1",
        "objective": "SD3.1",
        "sdg": "16.6",
        "title": {
            "en": "The association serves its member municipalities and speaks for them",
            "nl": "De vereniging dient haar ledengemeenten en spreekt namens hen",
            "fr": "L'association sert ses communes membres et parle en leur nom",
            "es": "La asociación sirve a sus municipios miembros y habla en su nombre",
        },
        "indicators": [
            {
                "code": "O1.1",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Member municipalities served by the association's services",
                    "nl": "Ledengemeenten bediend door de diensten van de vereniging",
                    "fr": "Communes membres servies par les services de l'association",
                    "es": "Municipios miembros atendidos por los servicios de la asociación",
                },
                "unit": {"en": "municipalities", "nl": "gemeenten", "fr": "communes", "es": "municipios"},
                "baseline": Decimal("20"),
                "targets": [Decimal("30"), Decimal("40"), Decimal("50"), Decimal("60")],
            },
            {
                "code": "O1.2",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Advocacy positions adopted by the national government",
                    "nl": "Beleidsstandpunten overgenomen door de nationale overheid",
                    "fr": "Positions de plaidoyer adoptées par le gouvernement national",
                    "es": "Posiciones de incidencia adoptadas por el gobierno nacional",
                },
                "unit": {"en": "positions", "nl": "standpunten", "fr": "positions", "es": "posiciones"},
                "baseline": Decimal("0"),
                "targets": [Decimal("1"), Decimal("2"), Decimal("3"), Decimal("4")],
            },
        ],
    },
]

FRAMEWORKS = {
    PartnershipKind.CITY: CITY,
    PartnershipKind.SDG: SDG,
    PartnershipKind.SISTER_ASSOCIATION: SISTER_ASSOCIATION,
}


def load_frameworks():
    """Give every partnership the demo framework of its kind."""
    objectives = Objective.objects.in_bulk(field_name="code")
    for partnership in Partnership.objects.select_related("country"):
        for spec in FRAMEWORKS[partnership.kind]:
            outcome, _ = upsert(
                Outcome,
                {"partnership": partnership, "code": spec["code"]},
                {
                    "objective": objectives[spec["objective"]],
                    "sdg_targets": spec["sdg"],
                    **{f"title_{lang}": text for lang, text in spec["title"].items()},
                },
            )
            for indicator_spec in spec["indicators"]:
                _load_indicator(outcome, indicator_spec, partnership.country.currency)


def _load_indicator(outcome, spec, currency):
    aggregation = Aggregation.BY_TYPE
    if spec["unit"] == "currency":
        # Amounts in each partner's own currency cannot be added.
        aggregation = Aggregation.NONE
        units = dict.fromkeys(("en", "nl", "fr", "es"), currency)
        baseline = OWN_REVENUE_BASELINE.get(currency, Decimal("100000"))
        targets = [(baseline * OWN_REVENUE_GROWTH ** step).quantize(Decimal("1")) for step in range(1, 5)]
    else:
        units, baseline, targets = spec["unit"], spec["baseline"], spec["targets"]
    indicator, _ = upsert(
        Indicator,
        {"outcome": outcome, "code": spec["code"]},
        {
            "type": spec["type"],
            "direction": Direction.INCREASE,
            "baseline_value": baseline,
            "baseline_year": BASELINE_YEAR,
            "disaggregation": spec.get("disaggregation", Disaggregation.NONE),
            "aggregation": aggregation,
            "is_demo": True,
            **{f"name_{lang}": text for lang, text in spec["name"].items()},
            **{f"unit_{lang}": text for lang, text in units.items()},
        },
    )
    for year, value in zip(TARGET_YEARS, targets):
        upsert(IndicatorTarget, {"indicator": indicator, "year": year}, {"value": value})
