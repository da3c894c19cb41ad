"""The whole demo in one transaction (load_everything), from the strategic plan's objectives
(the results framework's top levels, per programme) to audited claims."""

from django.db import transaction

from demo import claims, funding, organisations, scanned_claim
from demo.frameworks import load_frameworks, load_programme_framework
from demo.narrative import load_programme_narrative
from demo.organisations import upsert
from demo.reports import load_programme_values, load_reports
from grants.models import Programme
from reporting.models import Objective, ObjectiveLevel

# code, level, transversal, titles per language (the nl wording is the original)
OBJECTIVES = [
    (
        "SD1",
        "strategic",
        False,
        {
            "en": "Internationalisation of local governments",
            "nl": "Internationalisering van lokale besturen",
            "fr": "Internationalisation des pouvoirs locaux",
            "es": "Internacionalización de los gobiernos locales",
        },
    ),
    (
        "SD1.1",
        "specific",
        False,
        {
            "en": "Flemish local governments and their international partners professionalise their cooperation (city partnerships)",
            "nl": "Vlaamse lokale besturen en hun internationale partners professionaliseren hun samenwerking (stedenbanden)",
            "fr": "Les pouvoirs locaux flamands et leurs partenaires internationaux professionnalisent leur coopération (jumelages)",
            "es": "Los gobiernos locales flamencos y sus socios internacionales profesionalizan su cooperación (hermanamientos)",
        },
    ),
    (
        "SD1.2",
        "specific",
        False,
        {
            "en": "Local governments experiment with new forms of international cooperation",
            "nl": "Lokale besturen experimenteren met nieuwe vormen van internationale samenwerking",
            "fr": "Les pouvoirs locaux expérimentent de nouvelles formes de coopération internationale",
            "es": "Los gobiernos locales experimentan con nuevas formas de cooperación internacional",
        },
    ),
    (
        "SD2",
        "strategic",
        False,
        {
            "en": "Good local governance worldwide",
            "nl": "Goed lokaal bestuur wereldwijd",
            "fr": "Bonne gouvernance locale dans le monde",
            "es": "Buen gobierno local en el mundo",
        },
    ),
    (
        "SD2.1",
        "specific",
        False,
        {
            "en": "Flemish local governments have the knowledge and tools to contribute to the (post-)2030 Agenda",
            "nl": "Vlaamse lokale besturen hebben de kennis en tools om bij te dragen aan de (post-)Agenda 2030",
            "fr": "Les pouvoirs locaux flamands disposent des connaissances et outils pour contribuer à l'(après-)Agenda 2030",
            "es": "Los gobiernos locales flamencos disponen de conocimientos y herramientas para contribuir a la (post) Agenda 2030",
        },
    ),
    (
        "SD2.2",
        "specific",
        False,
        {
            "en": "Flemish local governments work for international justice through the (post-)2030 Agenda",
            "nl": "Vlaamse lokale besturen werken via de (post-)Agenda 2030 aan internationale rechtvaardigheid",
            "fr": "Les pouvoirs locaux flamands œuvrent pour la justice internationale via l'(après-)Agenda 2030",
            "es": "Los gobiernos locales flamencos trabajan por la justicia internacional a través de la (post) Agenda 2030",
        },
    ),
    (
        "SD2.3",
        "specific",
        False,
        {
            "en": "The governance capacity of local governments in the Global South is strengthened through capacity building and knowledge sharing",
            "nl": "De bestuurskracht van lokale besturen in het Globale Zuiden is versterkt via capaciteitsopbouw en kennisdeling",
            "fr": "La capacité de gouvernance des collectivités locales du Sud global est renforcée par le renforcement des capacités et le partage de connaissances",
            "es": "La capacidad de gestión de los gobiernos locales del Sur global se fortalece mediante el desarrollo de capacidades y el intercambio de conocimientos",
        },
    ),
    (
        "SD3",
        "strategic",
        False,
        {
            "en": "Improve the governance context in partner countries",
            "nl": "Bestuurlijke context in partnerlanden verbeteren",
            "fr": "Améliorer le contexte institutionnel dans les pays partenaires",
            "es": "Mejorar el contexto institucional en los países socios",
        },
    ),
    (
        "SD3.1",
        "specific",
        False,
        {
            "en": "Associations of local governments in the Global South are strengthened in their mandate as representative member organisations",
            "nl": "Verenigingen van lokale besturen in het Globale Zuiden zijn versterkt in hun mandaat als representatieve ledenorganisatie",
            "fr": "Les associations de pouvoirs locaux du Sud global sont renforcées dans leur mandat d'organisation représentative",
            "es": "Las asociaciones de gobiernos locales del Sur global se fortalecen en su mandato de organización representativa",
        },
    ),
    (
        "SD3.2",
        "specific",
        False,
        {
            "en": "Local governments apply diverse forms of cooperation (multi-level, multi-actor, territorial, integrated policy)",
            "nl": "Lokale overheden passen diverse vormen van samenwerking toe (meerlagig bestuur, multi-actor, territoriaal, geïntegreerd beleid)",
            "fr": "Les collectivités locales appliquent diverses formes de coopération (gouvernance multiniveau, multi-acteurs, territoriale, politiques intégrées)",
            "es": "Los gobiernos locales aplican diversas formas de cooperación (gobernanza multinivel, multiactor, territorial, políticas integradas)",
        },
    ),
    (
        "SD4",
        "strategic",
        True,
        {
            "en": "The international team is a catalyst and facilitator of expertise, networks and partners",
            "nl": "Het internationale team is katalysator en facilitator van expertise, netwerk en partners",
            "fr": "L'équipe internationale est catalyseur et facilitateur d'expertise, de réseaux et de partenaires",
            "es": "El equipo internacional es catalizador y facilitador de experiencia, redes y socios",
        },
    ),
    (
        "SD4.1",
        "specific",
        False,
        {
            "en": "The team strengthens its (inter)national network",
            "nl": "Het team versterkt zijn (inter)nationaal netwerk",
            "fr": "L'équipe renforce son réseau (inter)national",
            "es": "El equipo fortalece su red (inter)nacional",
        },
    ),
    (
        "SD4.2",
        "specific",
        False,
        {
            "en": "The team plays an active role in preparing and localising the post-2030 Agenda",
            "nl": "Het team speelt een actieve rol in de voorbereiding en lokale vertaling van de post-Agenda 2030",
            "fr": "L'équipe joue un rôle actif dans la préparation et la traduction locale de l'après-Agenda 2030",
            "es": "El equipo desempeña un papel activo en la preparación y traducción local de la post Agenda 2030",
        },
    ),
    (
        "SD4.3",
        "specific",
        False,
        {
            "en": "Local governments have access to knowledge, networks and good practice on strengthening governance through international cooperation",
            "nl": "Lokale besturen hebben toegang tot kennis, netwerken en praktijkvoorbeelden over bestuurskrachtversterking via internationale samenwerking",
            "fr": "Les pouvoirs locaux ont accès aux connaissances, réseaux et bonnes pratiques de renforcement de la gouvernance par la coopération internationale",
            "es": "Los gobiernos locales acceden a conocimientos, redes y buenas prácticas de fortalecimiento institucional mediante la cooperación internacional",
        },
    ),
]


# The demo's SDG targets per objective: SDG 16 and 11 are the programme's main goals, 17 its means.
SDG_TARGETS = {
    "SD1": "17.16, 17.17",
    "SD1.1": "17.17",
    "SD1.2": "17.17, 11.3",
    "SD2": "16.6, 16.7, 11.3",
    "SD2.1": "11.3, 17.14",
    "SD2.2": "16.7, 17.14",
    "SD2.3": "16.6, 16.7, 11.3",
    "SD3": "16.6, 16.7, 17.9",
    "SD3.1": "16.6, 17.9",
    "SD3.2": "11.a, 16.7, 17.17",
    "SD4": "17.16, 17.17",
    "SD4.1": "17.16",
    "SD4.2": "11.3, 17.14",
    "SD4.3": "16.6, 17.9",
}


def load_objectives(programme, *, taken_over):
    """Load the objective tree for a programme, with its titles in en, nl, fr and es.

    The wording is the 2027-2036 strategic plan's. `taken_over` marks the objectives of
    a programme that had its own framework (GLOBE-2022-2026) and gets this wording as
    demo: Objective.is_demo.
    """
    loaded = {}
    for code, level, transversal, titles in OBJECTIVES:
        parent = loaded[code.split(".")[0]] if level == ObjectiveLevel.SPECIFIC else None
        values = {f"title_{lang}": title for lang, title in titles.items()}
        values.update(
            level=level, parent=parent, is_transversal=transversal, sdg_targets=SDG_TARGETS[code], is_demo=taken_over
        )
        loaded[code], _ = upsert(Objective, {"programme": programme, "code": code}, values)
    return loaded


@transaction.atomic
def load_everything(claims_of=None):
    """Load the whole demo, in dependency order; return the number of new claims.

    `claims_of` limits the expense claims to some partnership codes.
    """
    organisations.load_reference_data()
    organisations.load_users()
    funding.load_exchange_rates()
    programme = funding.load_programmes()
    funding.load_allocations_and_tranches(programme)
    load_objectives(Programme.objects.get(code=funding.PLAN), taken_over=False)
    # GLOBE-2022-2026's own framework is not in the demo: it takes over the plan's wording.
    load_objectives(programme, taken_over=True)
    load_frameworks(programme)
    load_programme_framework(programme)
    load_reports()
    load_programme_values(programme)
    load_programme_narrative(programme)
    created = claims.load_claims(only=claims_of)
    # Its invoices are read by OCR, tens of seconds: browser tests that ask for other
    # partnerships' claims do without it.
    if claims_of is None or scanned_claim.CODE in claims_of:
        created += scanned_claim.load_scanned_claim()
    return created
