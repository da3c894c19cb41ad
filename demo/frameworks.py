"""Demo results frameworks: outcomes, indicators, baselines and targets per partnership,
and the programme team's own outcomes and indicators.

Built from the example indicators of domain/results_framework.md; baselines and targets
are invented and marked as demo (Indicator.is_demo). Targets rise from the baseline.
"""

from decimal import Decimal

from demo.organisations import upsert
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


def load_frameworks(programme):
    """Give every partnership the demo framework of its kind, under the programme's objectives."""
    objectives = {o.code: o for o in Objective.objects.filter(programme=programme)}
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
        targets = [(baseline * OWN_REVENUE_GROWTH**step).quantize(Decimal("1")) for step in range(1, 5)]
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


PROGRAMME_BASELINE_YEAR = 2021
PROGRAMME_TARGET_YEARS = range(2022, 2027)

# The programme team's own outcomes (Outcome without partnership), one per specific
# objective the partnerships do not measure; targets are for 2022-2026.
PROGRAMME = [
    {
        "code": "P1.1",
        "objective": "SD1.1",
        "sdg": "17.17",
        "title": {
            "en": "City partnerships work with an outcome-oriented multi-year plan and monitoring",
            "nl": "Stedenbanden werken met een outcomegericht meerjarenplan en monitoring",
            "fr": "Les jumelages travaillent avec un plan pluriannuel orienté résultats et un suivi",
            "es": "Los hermanamientos trabajan con un plan plurianual orientado a resultados y seguimiento",
        },
        "indicators": [
            {
                "code": "P1.1.1",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Partnerships with an outcome-oriented multi-year plan and an M&E plan",
                    "nl": "Partnerschappen met een outcomegericht meerjarenplan en een M&E-plan",
                    "fr": "Partenariats dotés d'un plan pluriannuel orienté résultats et d'un plan de suivi-évaluation",
                    "es": "Asociaciones con un plan plurianual orientado a resultados y un plan de seguimiento y evaluación",
                },
                "unit": {"en": "partnerships", "nl": "partnerschappen", "fr": "partenariats", "es": "asociaciones"},
                "baseline": Decimal("4"),
                "targets": ["6", "9", "12", "15", "17"],
            },
            {
                "code": "P1.1.2",
                "type": IndicatorType.PERCENTAGE,
                "name": {
                    "en": "Share of partnerships whose annual report is submitted on time",
                    "nl": "Aandeel partnerschappen dat het jaarrapport op tijd indient",
                    "fr": "Part des partenariats qui remettent leur rapport annuel à temps",
                    "es": "Proporción de asociaciones que entregan su informe anual a tiempo",
                },
                "unit": {"en": "%", "nl": "%", "fr": "%", "es": "%"},
                "baseline": Decimal("55"),
                "targets": ["60", "70", "80", "90", "95"],
            },
        ],
    },
    {
        "code": "P1.2",
        "objective": "SD1.2",
        "sdg": "17.17, 11.3",
        "title": {
            "en": "Local governments take part in SDG partnerships, a new form of cooperation",
            "nl": "Lokale besturen nemen deel aan SDG-partnerschappen, een nieuwe vorm van samenwerking",
            "fr": "Les pouvoirs locaux participent à des partenariats ODD, une nouvelle forme de coopération",
            "es": "Los gobiernos locales participan en asociaciones ODS, una nueva forma de cooperación",
        },
        "indicators": [
            {
                "code": "P1.2.1",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "SDG partnerships running (not on hold)",
                    "nl": "Lopende SDG-partnerschappen (niet opgeschort)",
                    "fr": "Partenariats ODD en cours (non suspendus)",
                    "es": "Asociaciones ODS en curso (no suspendidas)",
                },
                "unit": {"en": "partnerships", "nl": "partnerschappen", "fr": "partenariats", "es": "asociaciones"},
                "baseline": Decimal("0"),
                "targets": ["0", "4", "4", "6", "6"],
            },
        ],
    },
    {
        "code": "P2.1",
        "objective": "SD2.1",
        "sdg": "11.3, 17.14",
        "title": {
            "en": "Flemish local governments use SDG tools in their policy",
            "nl": "Vlaamse lokale besturen gebruiken SDG-tools in hun beleid",
            "fr": "Les pouvoirs locaux flamands utilisent des outils ODD dans leur politique",
            "es": "Los gobiernos locales flamencos utilizan herramientas ODS en sus políticas",
        },
        "indicators": [
            {
                "code": "P2.1.1",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Flemish local governments using the SDG monitor",
                    "nl": "Vlaamse lokale besturen die de SDG-monitor gebruiken",
                    "fr": "Pouvoirs locaux flamands utilisant le moniteur ODD",
                    "es": "Gobiernos locales flamencos que utilizan el monitor ODS",
                },
                "unit": {
                    "en": "local governments",
                    "nl": "lokale besturen",
                    "fr": "pouvoirs locaux",
                    "es": "gobiernos locales",
                },
                "baseline": Decimal("40"),
                "targets": ["50", "65", "80", "95", "110"],
            },
        ],
    },
    {
        "code": "P2.2",
        "objective": "SD2.2",
        "sdg": "16.7, 17.14",
        "title": {
            "en": "Flemish local governments give international justice a place in their multi-year plans",
            "nl": "Vlaamse lokale besturen geven internationale rechtvaardigheid een plaats in hun meerjarenplan",
            "fr": "Les pouvoirs locaux flamands font place à la justice internationale dans leur plan pluriannuel",
            "es": "Los gobiernos locales flamencos dan un lugar a la justicia internacional en su plan plurianual",
        },
        "indicators": [
            {
                "code": "P2.2.1",
                "type": IndicatorType.QUALITATIVE,
                "name": {
                    "en": "How the multi-year plans of Flemish local governments take up international justice",
                    "nl": "Hoe de meerjarenplannen van Vlaamse lokale besturen internationale rechtvaardigheid opnemen",
                    "fr": "Comment les plans pluriannuels des pouvoirs locaux flamands intègrent la justice internationale",
                    "es": "Cómo los planes plurianuales de los gobiernos locales flamencos integran la justicia internacional",
                },
                "unit": {"en": "", "nl": "", "fr": "", "es": ""},
                "baseline": None,
                "targets": [],
            },
        ],
    },
    {
        "code": "P3.2",
        "objective": "SD3.2",
        "sdg": "11.a, 16.7, 17.17",
        "title": {
            "en": "Partner countries have a multi-level action plan with their association of local governments",
            "nl": "Partnerlanden hebben een meerlagig actieplan met hun vereniging van lokale besturen",
            "fr": "Les pays partenaires disposent d'un plan d'action multiniveau avec leur association de pouvoirs locaux",
            "es": "Los países socios cuentan con un plan de acción multinivel con su asociación de gobiernos locales",
        },
        "indicators": [
            {
                "code": "P3.2.1",
                "type": IndicatorType.YES_NO,
                "name": {
                    "en": "Joint multi-level action plan with ANCB and RALGA adopted",
                    "nl": "Gezamenlijk meerlagig actieplan met ANCB en RALGA aangenomen",
                    "fr": "Plan d'action multiniveau commun avec l'ANCB et RALGA adopté",
                    "es": "Plan de acción multinivel conjunto con ANCB y RALGA aprobado",
                },
                "unit": {"en": "yes/no", "nl": "ja/nee", "fr": "oui/non", "es": "sí/no"},
                "baseline": Decimal("0"),
                "targets": ["0", "0", "1", "1", "1"],
            },
        ],
    },
    {
        "code": "P4.1",
        "objective": "SD4.1",
        "sdg": "17.16",
        "title": {
            "en": "The team takes an active part in (inter)national networks",
            "nl": "Het team neemt actief deel aan (inter)nationale netwerken",
            "fr": "L'équipe participe activement à des réseaux (inter)nationaux",
            "es": "El equipo participa activamente en redes (inter)nacionales",
        },
        "indicators": [
            {
                "code": "P4.1.1",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Networks and platforms in which the team plays an active role",
                    "nl": "Netwerken en platformen waarin het team een actieve rol speelt",
                    "fr": "Réseaux et plateformes où l'équipe joue un rôle actif",
                    "es": "Redes y plataformas en las que el equipo desempeña un papel activo",
                },
                "unit": {"en": "networks", "nl": "netwerken", "fr": "réseaux", "es": "redes"},
                "baseline": Decimal("5"),
                "targets": ["6", "7", "8", "8", "9"],
            },
        ],
    },
    {
        "code": "P4.2",
        "objective": "SD4.2",
        "sdg": "11.3, 17.14",
        "title": {
            "en": "The team contributes the local view to the preparation of the post-2030 Agenda",
            "nl": "Het team brengt de lokale blik in bij de voorbereiding van de post-Agenda 2030",
            "fr": "L'équipe apporte le regard local à la préparation de l'après-Agenda 2030",
            "es": "El equipo aporta la mirada local a la preparación de la post Agenda 2030",
        },
        "indicators": [
            {
                "code": "P4.2.1",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Contributions to consultations on the post-2030 Agenda",
                    "nl": "Bijdragen aan consultaties over de post-Agenda 2030",
                    "fr": "Contributions aux consultations sur l'après-Agenda 2030",
                    "es": "Contribuciones a las consultas sobre la post Agenda 2030",
                },
                "unit": {"en": "contributions", "nl": "bijdragen", "fr": "contributions", "es": "contribuciones"},
                "baseline": Decimal("0"),
                "targets": ["0", "1", "2", "3", "4"],
            },
        ],
    },
    {
        "code": "P4.3",
        "objective": "SD4.3",
        "sdg": "16.6, 17.9",
        "title": {
            "en": "Local governments find knowledge and good practice through the team",
            "nl": "Lokale besturen vinden via het team kennis en praktijkvoorbeelden",
            "fr": "Les pouvoirs locaux trouvent connaissances et bonnes pratiques grâce à l'équipe",
            "es": "Los gobiernos locales encuentran conocimientos y buenas prácticas a través del equipo",
        },
        "indicators": [
            {
                "code": "P4.3.1",
                "type": IndicatorType.NUMBER,
                "name": {
                    "en": "Local governments reached by trainings and publications",
                    "nl": "Lokale besturen bereikt met vormingen en publicaties",
                    "fr": "Pouvoirs locaux touchés par les formations et publications",
                    "es": "Gobiernos locales alcanzados por las formaciones y publicaciones",
                },
                "unit": {
                    "en": "local governments",
                    "nl": "lokale besturen",
                    "fr": "pouvoirs locaux",
                    "es": "gobiernos locales",
                },
                "baseline": Decimal("120"),
                "targets": ["140", "160", "180", "200", "220"],
            },
            {
                "code": "P4.3.2",
                "type": IndicatorType.NUMBER,
                "disaggregation": Disaggregation.SEX,
                "name": {
                    "en": "Participants in trainings",
                    "nl": "Deelnemers aan vormingen",
                    "fr": "Participants aux formations",
                    "es": "Participantes en las formaciones",
                },
                "unit": {"en": "people", "nl": "personen", "fr": "personnes", "es": "personas"},
                "baseline": Decimal("300"),
                "targets": ["320", "350", "380", "410", "440"],
            },
        ],
    },
]


def load_programme_framework(programme):
    """Load the team's own outcomes and programme-level indicators under the programme's objectives."""
    objectives = {o.code: o for o in Objective.objects.filter(programme=programme)}
    for spec in PROGRAMME:
        outcome, _ = upsert(
            Outcome,
            {"partnership": None, "objective": objectives[spec["objective"]], "code": spec["code"]},
            {"sdg_targets": spec["sdg"], **{f"title_{lang}": text for lang, text in spec["title"].items()}},
        )
        for indicator_spec in spec["indicators"]:
            indicator, _ = upsert(
                Indicator,
                {"outcome": outcome, "code": indicator_spec["code"]},
                {
                    "type": indicator_spec["type"],
                    "direction": Direction.INCREASE,
                    "baseline_value": indicator_spec["baseline"],
                    "baseline_year": PROGRAMME_BASELINE_YEAR if indicator_spec["baseline"] is not None else None,
                    "disaggregation": indicator_spec.get("disaggregation", Disaggregation.NONE),
                    "is_demo": True,
                    **{f"name_{lang}": text for lang, text in indicator_spec["name"].items()},
                    **{f"unit_{lang}": text for lang, text in indicator_spec["unit"].items()},
                },
            )
            for year, value in zip(PROGRAMME_TARGET_YEARS, indicator_spec["targets"]):
                upsert(IndicatorTarget, {"indicator": indicator, "year": year}, {"value": Decimal(value)})
