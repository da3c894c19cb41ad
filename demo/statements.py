"""Demo expense statements: realistic invoice lines of a city partnership, with planted traps.

A statement is the file a municipality sends for one partnership and one year
(docs/statement-files.md). Most lines are small local purchases paid by the partner
municipality in its own currency and described in its language; about one line in seven is a cost of the
Flemish municipality, paid in EUR and described in Dutch. On request, lines that break the
line rules of docs/eligibility.md are planted at rng-chosen lines (`TRAP_RULES`), so the
demo and the tests show every finding. Same arguments and same seed, same lines.
"""

import csv
import functools
import math
import statistics
import string
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import get_month_names
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from demo.funding import RATE_ANCHORS, XOF_PER_EUR, monthly_rates
from demo.organisations import COUNTRIES, PARTNERSHIPS
from grants.money import CENT, round_eur
from grants.statement_template import VALUE_WORDS


@dataclass(frozen=True)
class DemoPartnership:
    code: str
    country: str  # ISO 3166 code of the partner country
    currency: str  # ISO 4217 code the partner pays in
    language: str  # the partner's reporting language: "fr" or "es"
    flemish_names: tuple[str, ...]
    partner_names: tuple[str, ...]


@dataclass(frozen=True)
class DemoStatement:
    rows: list  # dicts with the keys of FIELDS, in line order
    traps: dict  # trap kind of TRAP_RULES -> line numbers, empty when no trap was planted


# The columns of an expense statement, in file order (docs/statement-files.md).
FIELDS = (
    "line",
    "invoice_date",
    "payment_date",
    "supplier",
    "invoice_number",
    "description",
    "category",
    "currency",
    "amount",
    "vat",
    "amount_eur",
    "paid_by",
    "payment_proof",
    "quotes",
    "addressed_to",
)

# Each trap kind and the rule of docs/eligibility.md it must trigger. CREDIT_NOTE is the
# control case: a valid credit note that the AMOUNT rule must accept.
TRAP_RULES = {
    "PERIOD_INVOICE_DATE": "PERIOD",
    "PERIOD_PAYMENT_DEADLINE": "PERIOD",
    "PAYMENT_PROOF": "PAYMENT_PROOF",
    "DUPLICATE": "DUPLICATE",
    "CURRENCY": "CURRENCY",
    "KEYWORDS": "KEYWORDS",
    "PER_DIEM_EXCESS": "PER_DIEM",
    "PER_DIEM_NO_DAYS": "PER_DIEM",
    "PROCUREMENT": "PROCUREMENT",
    "TRAVEL_CLASS": "TRAVEL_CLASS",
    "BENEFICIARY": "BENEFICIARY",
    "AMOUNT_NEGATIVE": "AMOUNT",
    "AMOUNT_ZERO": "AMOUNT",
    "AMOUNT_OUTLIER": "AMOUNT",
    "MISSING_SUPPLIER": "MISSING_DATA",
    "MISSING_INVOICE_NUMBER": "MISSING_DATA",
    "CATEGORY": "CATEGORY",
    "VAT": "VAT",
    "CREDIT_NOTE": None,
}
# Below this many lines the traps would crowd out the ordinary lines they are compared with
# (median, duplicates, credit notes), so a short statement stays clean.
MIN_LINES_FOR_TRAPS = 30

CITY_PARTNERSHIPS = (
    "BJ-ANZ-PER",
    "BJ-MER-TOU",
    "BJ-ZOE-BOH",
    "BJ-ROE-DOG",
    "BJ-HOO-ZAK",
    "SN-ZEM-SOK",
    "SN-SNI-TAM",
    "SN-DEI-KMP",
    "EC-BIE-SFO",
    "NI-STR-NGU",
    "NI-MOL-STO",
)
_CURRENCY_AND_LANGUAGE = {code: (currency, language) for code, currency, language, _ in COUNTRIES}
DEMO_PARTNERSHIPS = tuple(
    DemoPartnership(spec.code, spec.country, *_CURRENCY_AND_LANGUAGE[spec.country], spec.flemish, spec.partner)
    for spec in PARTNERSHIPS
    if spec.code in CITY_PARTNERSHIPS
)

# Declared EUR amounts follow the demo rate table (demo.funding), so that only the CURRENCY
# trap differs from the recomputed amount by more than the 1 % tolerance.
_MONTHLY_RATES = {
    currency: {(first.year, first.month): rate for first, _, rate in monthly_rates(currency)}
    for currency in RATE_ANCHORS
}
_FIRST_RATE_MONTH = min(next(iter(_MONTHLY_RATES.values())))
_LAST_RATE_MONTH = max(next(iter(_MONTHLY_RATES.values())))


def units_per_eur(currency, day):
    """Return the units of `currency` per EUR on `day`: fixed for EUR and XOF, else monthly.

    Outside the months of the demo rate table the nearest month is used: a municipality
    still declares a figure, even where the rules find no rate.
    """
    if currency == "EUR":
        return Decimal("1")
    if currency == "XOF":
        return XOF_PER_EUR
    month = min(max((day.year, day.month), _FIRST_RATE_MONTH), _LAST_RATE_MONTH)
    return _MONTHLY_RATES[currency][month]


# Municipalities declare at their own bank's rate, a few tenths of a percent from the
# reference rate (per mille, well inside the 1 % tolerance of the CURRENCY rule).
DECLARED_RATE_SPREAD = 4
# Share of lines paid by the Flemish municipality, and of partner lines without an EUR figure.
FLEMISH_SHARE = 0.15
NO_DECLARED_EUR_SHARE = 0.08
# Ordinary lines stay below the outlier floor of the AMOUNT rule (EUR 5,000) and carry
# three quotes from just under the quotes threshold of the PROCUREMENT rule (EUR 3,000).
MAX_LINE_EUR = 4900
QUOTES_FROM_EUR = 2900

# A partner's daily allowances (per diem / viáticos) in its currency: at most about
# EUR 30 a day, well under any country scale of the PER_DIEM rule.
DAILY_ALLOWANCES = {
    "XOF": (Decimal("10000"), Decimal("15000"), Decimal("20000")),
    "USD": (Decimal("20"), Decimal("25"), Decimal("30")),
    "NIO": (Decimal("700"), Decimal("800"), Decimal("1000")),
}
# Francs CFA have no cents and prices are round; córdobas in the countryside too.
ROUNDING_STEPS = {"XOF": (Decimal("25"), Decimal("100")), "NIO": (Decimal("1"), Decimal("1"))}
CENTS = (CENT, CENT)
XOF_SMALL_PRICE = 20000

# Lines of a partner: (kind of supplier, category, description, median EUR). A description
# with {days} is a daily allowance: its amount is days x a daily rate of DAILY_ALLOWANCES.
PARTNER_ITEMS = {
    "fr": (
        ("catering", "operating", "Restauration des participants à l'atelier {topic}", 180),
        ("room", "operating", "Location de salle pour l'atelier {topic}", 110),
        ("fuel", "operating", "Carburant pour la mission de suivi {field}", 60),
        ("office", "operating", "Fournitures de bureau pour le service {service}", 90),
        ("print", "operating", "Impression des supports de l'atelier {topic}", 140),
        ("transport", "operating", "Transport des participants au forum sur la participation citoyenne", 120),
        ("radio", "operating", "Communiqué radio pour l'audience publique de reddition de comptes", 40),
        ("agri", "operating", "Alevins et aliment pour poissons, étangs piscicoles de {partner}", 420),
        ("agri", "operating", "Semences maraîchères pour le groupement de femmes de {partner}", 160),
        ("garage", "operating", "Réparation de la moto de l'agent de développement local", 70),
        ("consult", "operating", "Formation des agents de recouvrement au logiciel de collecte des taxes", 850),
        ("consult", "operating", "Formation des coopératives à la gestion et à la commercialisation", 700),
        ("person", "operating", "Per diem {days} jours mission de suivi {field}", None),
        ("person", "operating", "Indemnité journalière {days} jours, recensement des contribuables", None),
        ("it", "investment", "Ordinateur portable pour le service {service}", 700),
        ("it", "investment", "Licence du logiciel de gestion des recettes fiscales", 1300),
        ("it", "investment", "Imprimante multifonction pour le service {service}", 450),
        ("hardware", "investment", "Motopompe et tuyaux pour le site maraîcher de {partner}", 900),
        ("hardware", "investment", "Matériel de construction des bassins piscicoles", 2300),
        ("hardware", "investment", "Armoire métallique pour les registres d'état civil", 350),
        ("person", "personnel", "Prime d'animation genre, {month}", 120),
        ("catering", "management", "Pause-café de la réunion du comité de pilotage du jumelage", 70),
        ("consult", "management", "Revue des comptes du jumelage par un expert-comptable", 1100),
    ),
    "es": (
        ("catering", "operating", "Refrigerio para los participantes del taller {topic}", 160),
        ("room", "operating", "Alquiler de salón para el taller {topic}", 100),
        ("fuel", "operating", "Combustible para la visita de campo {field}", 55),
        ("office", "operating", "Materiales de oficina para {service}", 85),
        ("print", "operating", "Impresión de material para el taller {topic}", 130),
        ("transport", "operating", "Transporte de participantes a la asamblea de participación ciudadana", 110),
        ("radio", "operating", "Cuña radial de convocatoria a la rendición de cuentas", 45),
        ("agri", "operating", "Alevines y alimento balanceado para los estanques de {partner}", 380),
        ("agri", "operating", "Semillas de hortalizas para el grupo de mujeres de {partner}", 150),
        ("garage", "operating", "Reparación de la motocicleta del técnico de desarrollo local", 65),
        ("consult", "operating", "Capacitación del personal de recaudación en el software tributario", 800),
        ("consult", "operating", "Capacitación de cooperativas en gestión y comercialización", 650),
        ("person", "operating", "Viáticos {days} días visita de campo {field}", None),
        ("person", "operating", "Viáticos {days} días actualización del catastro municipal", None),
        ("it", "investment", "Computadora portátil para {service}", 750),
        ("it", "investment", "Licencia del software de recaudación tributaria", 1300),
        ("it", "investment", "Impresora multifunción para {service}", 420),
        ("hardware", "investment", "Motobomba y mangueras para el huerto comunitario de {partner}", 850),
        ("hardware", "investment", "Materiales para la construcción de estanques piscícolas", 2300),
        ("hardware", "investment", "Archivador metálico para el registro civil", 320),
        ("person", "personnel", "Honorarios de facilitación en género, {month}", 260),
        ("catering", "management", "Refrigerio de la reunión del comité de seguimiento del hermanamiento", 60),
        ("consult", "management", "Revisión de cuentas del hermanamiento por un contador externo", 1000),
    ),
}
SLOTS = {
    "fr": {
        "topic": (
            "sur le genre et le leadership féminin",
            "sur la pisciculture",
            "sur le maraîchage",
            "sur le budget participatif",
            "sur la fiscalité locale",
            "sur la transformation des produits agricoles",
        ),
        "field": ("des sites maraîchers", "des étangs piscicoles", "des coopératives", "des collecteurs de taxes"),
        "service": ("de l'état civil", "des affaires financières", "du développement local"),
    },
    "es": {
        "topic": (
            "sobre género y liderazgo de mujeres",
            "sobre piscicultura",
            "sobre huertos familiares",
            "sobre presupuesto participativo",
            "sobre tributación municipal",
            "sobre comercialización de productos locales",
        ),
        "field": ("a los huertos familiares", "a los estanques piscícolas", "a las cooperativas", "a los barrios"),
        "service": ("la dirección financiera", "la unidad de desarrollo local", "el registro civil"),
    },
}

# Invented local businesses per partner country.
LOCAL_SUPPLIERS = {
    "BJ": {
        "catering": ("Maquis La Détente", "Restaurant Le Flamboyant", "Traiteur Chez Tanti Léa"),
        "room": ("Centre communautaire Espoir", "Salle polyvalente Le Baobab"),
        "fuel": ("Station-service La Confiance", "Station-service Le Borgou"),
        "office": ("Papeterie Le Savoir", "Librairie La Plume d'Or"),
        "print": ("Imprimerie La Colombe", "Copy Center Le Bon Berger"),
        "transport": ("Transport Alafia Voyages", "Ets. Bio Sabi Transport"),
        "radio": ("Radio rurale Les Échos du Terroir",),
        "agri": ("Ferme aquacole La Source", "Agro-Intrants du Nord"),
        "garage": ("Garage Moto Le Bon Mécano",),
        "consult": ("Cabinet Fiscalis Conseil", "Cabinet Kpatchavi Audit & Conseil"),
        "it": ("Ets. Agossou Informatique", "Bénin Bureautique Services"),
        "hardware": ("Quincaillerie du Zou", "Ets. Dossou & Fils"),
        "builder": ("Entreprise Les Bâtisseurs du Nord",),
    },
    "SN": {
        "catering": ("Restaurant Le Baobab du Saloum", "Traiteur Chez Adja Fatou"),
        "room": ("Espace Jappo Events", "Salle des fêtes Keur Jaraaf"),
        "fuel": ("Station-service Niani Carburants", "Station-service Keur Yaye"),
        "office": ("Papeterie Al Amine", "Librairie Le Bon Lecteur"),
        "print": ("Imprimerie Teranga", "Imprimerie Saloum Graphic"),
        "transport": ("Transport Diallo Express",),
        "radio": ("Radio communautaire Les Échos du Saloum",),
        "agri": ("Agro-Intrants du Sine", "GIE Maraîchers de la Vallée"),
        "garage": ("Garage Moto Bakary",),
        "consult": ("Cabinet Sall Audit & Conseil", "Cabinet Expertise Fiscale du Saloum"),
        "it": ("Sahel Informatique Services", "Ets. Diop Bureautique"),
        "hardware": ("Quincaillerie du Saloum", "Ets. Ndiaye & Frères"),
        "builder": ("Entreprise Bâtiments et Travaux Keur Madiop",),
    },
    "EC": {
        "catering": ("Restaurante El Mirador", "Cafetería Doña Rosita"),
        "room": ("Salón de eventos Los Arupos", "Casa comunal del barrio Central"),
        "fuel": ("Gasolinera Los Andes", "Estación de Servicio El Cóndor"),
        "office": ("Papelería La Económica", "Librería y Papelería El Estudiante"),
        "print": ("Imprenta San Pedro", "Gráficas del Austro"),
        "transport": ("Transportes Azuay Express",),
        "radio": ("Radio Comunitaria La Voz del Valle",),
        "agri": ("Piscícola Río León", "Agroservicios La Cosecha"),
        "garage": ("Taller Mecánico Hermanos Tenesaca",),
        "consult": ("Consultora Sarmiento & Asociados", "Auditores del Austro Cía. Ltda."),
        "it": ("Compuandes Cía. Ltda.", "Sistemas y Redes del Austro"),
        "hardware": ("Ferretería El Progreso", "Comercial Quishpe"),
        "builder": ("Constructora Los Andes Cía. Ltda.",),
    },
    "NI": {
        "catering": ("Comedor Doña Tere", "Restaurante El Ranchón"),
        "room": ("Salón de Eventos Las Palmeras", "Casa Comunal Barrio Nuevo"),
        "fuel": ("Gasolinera El Chontaleño",),
        "office": ("Librería El Estudiante", "Distribuidora de Útiles Sandoval"),
        "print": ("Imprenta La Chontaleña", "Tipografía San José"),
        "transport": ("Transporte Rural El Porvenir",),
        "radio": ("Radio Comunitaria La Voz de la Montaña",),
        "agri": ("Agroservicio La Cosecha", "Alevines del Lago S.A."),
        "garage": ("Taller de Motos El Rayo",),
        "consult": ("Consultores Sequeira & Asociados", "Auditoría y Contabilidad Arróliga"),
        "it": ("Computadoras y Servicios Chontales", "Tecnología Nica S.A."),
        "hardware": ("Ferretería El Progreso", "Ferretería Hermanos Obando"),
        "builder": ("Constructora El Roble S.A.",),
    },
}
# First and family names of the municipal staff paid daily allowances and fees. Each
# statement draws its own small team, so two municipalities do not share people.
STAFF_NAMES = {
    "BJ": (
        ("Sabi", "Adamou", "Rosine", "Bernadette", "Koffi", "Mariam", "Orou", "Félicité"),
        ("Gounou", "Akpovi", "Houngbo", "Guéra", "Dossou", "Bio", "Agossou", "Kora"),
    ),
    "SN": (
        ("Moussa", "Awa", "Ibrahima", "Fatou", "Mamadou", "Aminata", "Cheikh", "Khady"),
        ("Sow", "Ndiaye", "Diallo", "Cissé", "Diop", "Faye", "Sarr", "Ba"),
    ),
    "EC": (
        ("Rosa", "Jorge", "Patricia", "Luis", "Carmen", "Diego", "Mónica", "Segundo"),
        ("Guamán", "Tenesaca", "Sarmiento", "Morocho", "Quizhpi", "Lojano", "Ordóñez", "Saquicela"),
    ),
    "NI": (
        ("Martha", "Denis", "Juan Pablo", "Yahoska", "Francisco", "Scarleth", "Róger", "Karla"),
        ("Sequeira", "Jarquín", "Arróliga", "Martínez", "Obando", "Lumbí", "Castillo", "Téllez"),
    ),
}
STAFF_TEAM_SIZE = 4
# Kinds of supplier whose invoices show VAT when the shop is registered for it, and the
# standard rates (Ecuador: see _vat_pct).
VAT_REGISTERED_KINDS = ("it", "hardware", "print", "consult")
VAT_REGISTERED_SHARE = 0.3
VAT_PCT = {"BJ": 18, "SN": 18, "NI": 15}
# How partner municipalities are named on invoices; the BENEFICIARY rule finds the name in it.
ADDRESSEES = {
    "BJ": ("Mairie de {name}", "Commune de {name}"),
    "SN": ("Commune de {name}", "Mairie de {name}"),
    "EC": ("GAD Municipal de {name}", "Municipio de {name}"),
    "NI": ("Alcaldía de {name}", "Alcaldía Municipal de {name}"),
}
NO_ADDRESSEE_SHARE = 0.1
FLEMISH_CITIES = ("Roeselare", "Hoogstraten", "Sint-Niklaas", "Deinze", "Sint-Truiden")

# Costs of the Flemish municipality: (kind of supplier, category, description, median EUR).
FLEMISH_ITEMS = (
    ("flight", "operating", "Vlucht Brussel-{airport} economy, werkbezoek {month}", 950),
    ("insurance", "operating", "Reisverzekering werkbezoek {partner}", 90),
    ("translation", "operating", "Vertaling jaarverslag stedenband {pair}", 380),
    ("venue", "operating", "Zaalhuur workshop met de delegatie uit {partner}", 250),
    ("caterer", "operating", "Broodjeslunch workshop stedenband in {flemish}", 190),
    ("train", "operating", "Treinticket Brussel-Nationaal-Luchthaven, werkbezoek {partner}", 25),
    ("auditor", "management", "Nazicht onkostenstaat stedenband door bedrijfsrevisor", 600),
)
# Belgians need a visa for Benin only, of the partner countries.
VISA_ITEMS = {"BJ": (("visa", "operating", "Visum Benin, werkbezoek {month}", 75),)}
FLEMISH_SUPPLIERS = {
    "insurance": ("Verzekeringen Vandamme & Co",),
    "translation": ("Vertaalbureau Lingua Flandria", "Vertaalbureau Babel & Co"),
    "venue": ("Zaal De Kring", "Ontmoetingscentrum Ter Linde"),
    "caterer": ("Traiteur Het Gulden Bord", "Broodjesbar De Smaak"),
    "train": ("NMBS",),
    "auditor": ("Bedrijfsrevisoren Peeters & Co",),
    "visa": ("Ambassade van Benin",),
}
AIRPORTS = {"BJ": "Cotonou", "SN": "Dakar", "EC": "Quito", "NI": "Managua"}
AIRLINES = {
    "BJ": ("Brussels Airlines", "Air France"),
    "SN": ("Brussels Airlines", "Air France"),
    "EC": ("KLM", "Iberia"),
    "NI": ("Iberia", "Avianca"),
}
# IATA airline codes that start a ticket number.
TICKET_PREFIXES = {
    "Brussels Airlines": "082",
    "Air France": "057",
    "KLM": "074",
    "Iberia": "075",
    "Avianca": "134",
}
TRANSLATION_PAIRS = {"fr": "Frans-Nederlands", "es": "Spaans-Nederlands"}

# Every number carries the year, so that no two claims of the programme share one.
NUMBER_FORMATS = ("FV{yy}-{n:05d}", "{n:05d}/{y}", "F-{y}-{n:05d}", "FAC{y}{n:05d}")
# Daily allowances and salaries are paid against a payment statement of the municipality.
PAYMENT_STATEMENT_FORMATS = {
    "fr": "EP-{y}-{n:05d}",
    "es": "PV-{y}-{n:05d}",
    "nl": "LOON-{y}-{n:05d}",
}
CREDIT_NOTE_FORMAT = "NC-{y}-{n:05d}"
TICKET_FORMAT = "{prefix}-{n:010d}"

# What the traps say, in the language of the side that pays the line.
TRAP_TEXTS = {
    "fr": {
        "keywords": (
            ("catering", "Bière et sucreries pour la clôture de l'atelier"),
            ("hardware", "Intérêts de retard sur facture impayée"),
            ("transport", "Amende pour surcharge du véhicule de transport"),
        ),
        "per_diem_excess": "Per diem {days} jours mission de suivi",
        "per_diem_no_days": "Per diem mission de suivi des coopératives",
        "procurement": "Matériel de construction des bassins piscicoles",
        "outlier": "Construction d'un magasin de stockage pour la coopérative maraîchère",
        "other_beneficiaries": (
            "ONG Les Amis du Zou",
            "Association Entraide et Développement",
            "Groupement des commerçants du marché central",
        ),
        "credit_note": "Note de crédit sur facture {number}",
    },
    "es": {
        "keywords": (
            ("catering", "Cerveza para el cierre del taller"),
            ("hardware", "Intereses de mora por factura impagada"),
            ("transport", "Multa de tránsito del vehículo de transporte"),
        ),
        "per_diem_excess": "Viáticos {days} días visita de campo",
        "per_diem_no_days": "Viáticos visita de campo a las cooperativas",
        "procurement": "Materiales para la construcción de estanques piscícolas",
        "outlier": "Construcción de un centro de acopio para la cooperativa",
        "other_beneficiaries": (
            "Fundación Amigos del Río",
            "Asociación de Ganaderos del Valle",
            "Cooperativa Agropecuaria El Porvenir",
        ),
        "credit_note": "Nota de crédito factura {number}",
    },
    "nl": {
        "keywords": (
            ("caterer", "Bier en frisdrank voor de delegatie uit {partner}"),
            ("translation", "Boete wegens laattijdige betaling vertaling"),
        ),
        "travel_class": "Vlucht Brussel-{airport} business class, werkbezoek {month}",
        "flemish_staff": "Loonkost mondiale ambtenaar, {month} {year}",
        "vat": "Vertaling jaarverslag stedenband {pair}",
        "credit_note": "Creditnota op factuur {number}",
    },
}
# Traps that break one field of an ordinary partner line; the others are lines of their own.
SPOILED_ORDINARY_LINES = (
    "PERIOD_PAYMENT_DEADLINE",
    "PAYMENT_PROOF",
    "CURRENCY",
    "BENEFICIARY",
    "AMOUNT_NEGATIVE",
    "AMOUNT_ZERO",
    "MISSING_SUPPLIER",
    "MISSING_INVOICE_NUMBER",
)
# Sizes of the traps in EUR. An excessive allowance is well above any country's daily scale;
# the outlier is 20 times the median line (the rule warns from 10 times) and above its
# EUR 5,000 floor; the procurement trap is above the EUR 3,000 quotes threshold but under
# that floor, so only PROCUREMENT fires.
PER_DIEM_EXCESS_DAILY_EUR = (140, 180)
PER_DIEM_NO_DAYS_EUR = 90
KEYWORD_TRAP_EUR = 40
PROCUREMENT_TRAP_EUR = 4500
OUTLIER_TRAP_FACTOR = 20
OUTLIER_TRAP_FLOOR_EUR = 5500
# A business-class fare kept under the quotes threshold, so only TRAVEL_CLASS fires.
BUSINESS_FARE_EUR = (2400, 2900)
FLEMISH_STAFF_MONTHLY_EUR = (1900, 2800)
BELGIAN_VAT_PCT = 21
CURRENCY_TRAP_OFFSET_PCT = 5
ZERO = Decimal("0.00")


def generate_statement(*, partnership, year, count, rng, traps=True):
    """Generate the `count` lines of a demo expense statement of `partnership` for `year`.

    Invoices are dated within the year, in date order, and paid 2 to 45 days later: at the
    latest in mid-February of the next year, well before the 31 March payment deadline.
    Ordinary lines pass every line rule of docs/eligibility.md. When `traps` is set and there
    are at least MIN_LINES_FOR_TRAPS lines, one line per kind of TRAP_RULES (two for
    KEYWORDS: one in the partner's language, one in Dutch) takes the place of an ordinary
    line at an rng-chosen line number other than 1. Only `rng` decides, so the same seed
    gives the same statement.
    """
    builder = _StatementBuilder(partnership, year, rng)
    plan = builder.trap_plan(count) if traps and count >= MIN_LINES_FOR_TRAPS else {}
    rows = builder.rows(count, plan)
    planted = {kind: [] for kind in TRAP_RULES} if plan else {}
    for line, (kind, _) in sorted(plan.items()):
        planted[kind].append(line)
    return DemoStatement(rows=rows, traps=planted)


def generate_rows(*, partnership, year, count, rng, traps=True):
    """Return the lines of `generate_statement`, without the index of the traps."""
    statement = generate_statement(partnership=partnership, year=year, count=count, rng=rng, traps=traps)
    return statement.rows


class _StatementBuilder:
    def __init__(self, partnership, year, rng):
        if partnership.language not in PARTNER_ITEMS or partnership.country not in LOCAL_SUPPLIERS:
            raise ValueError(
                "No demo lines for %(code)s: only partnerships in %(countries)s are known."
                % {"code": partnership.code, "countries": ", ".join(LOCAL_SUPPLIERS)}
            )
        self.partnership = partnership
        self.year = year
        self.rng = rng
        self.language = partnership.language
        self.currency = partnership.currency
        self.items = PARTNER_ITEMS[self.language]
        first_names, family_names = STAFF_NAMES[partnership.country]
        staff = ["%s %s" % (first, family) for first in first_names for family in family_names]
        team = tuple(rng.sample(staff, STAFF_TEAM_SIZE))
        self.suppliers = {**LOCAL_SUPPLIERS[partnership.country], "person": team}
        self.flemish_items = FLEMISH_ITEMS + VISA_ITEMS.get(partnership.country, ())
        self.partner_addressees = tuple(
            template.format(name=name)
            for template in ADDRESSEES[partnership.country]
            for name in partnership.partner_names
        )
        self.flemish_addressees = tuple(flemish_addressee(name) for name in partnership.flemish_names)
        self.months = {lang: get_month_names("wide", locale=lang) for lang in (self.language, "nl")}
        self.last_numbers = {}
        # (supplier, date, amount) of every line: a repeat would be a DUPLICATE for the rules.
        self.seen = set()

    def trap_plan(self, count):
        """Return {line: (trap kind, language of the line)} at rng-chosen lines."""
        plan = [(kind, self.language) for kind in TRAP_RULES] + [("KEYWORDS", "nl")]
        self.rng.shuffle(plan)
        # Line 1 stays ordinary, so a duplicate or a credit note always has an earlier line.
        return dict(zip(self.rng.sample(range(2, count + 1), len(plan)), plan))

    def rows(self, count, plan):
        """Return the rows in invoice-date order, traps in the places `plan` gives them."""
        rng = self.rng
        first_day = date(self.year, 1, 1).toordinal()
        days_in_year = date(self.year, 12, 31).toordinal() - first_day + 1
        offsets = sorted(int(rng.random() * days_in_year) for _ in range(count))
        rows = []
        for line, offset in enumerate(offsets, start=1):
            day = date.fromordinal(first_day + offset)
            if line in plan:
                kind, language = plan[line]
                rows.append(self.trap_row(kind, language, line, day, rows, plan))
            elif rng.random() < FLEMISH_SHARE:
                rows.append(self.flemish_row(line, day))
            else:
                rows.append(self.partner_row(line, day))
        for line, (kind, _) in plan.items():
            if kind == "AMOUNT_OUTLIER":
                self.make_outlier(rows, line, plan)
        return rows

    # Ordinary lines

    def partner_row(self, line, day, item=None, *, eur=None, days=None):
        """A line paid by the partner; `eur` fixes its size, `days` those of an allowance."""
        rng = self.rng
        kind, category, text, median_eur = item or _pick(rng, self.items)
        supplier = _pick(rng, self.suppliers[kind])
        rate = units_per_eur(self.currency, day)
        if eur is not None:
            amount = self.local_amount(eur, rate)
        elif median_eur is None:
            # A daily allowance, far below the quotes threshold.
            days = days or _between(rng, 2, 6)
            amount = (days * _pick(rng, DAILY_ALLOWANCES[self.currency])).quantize(CENT)
            eur = 0
        else:
            eur = _lognormal_eur(rng, median_eur)
            amount = self.local_amount(eur, rate)
        amount = self.unseen(supplier, day, amount, self.currency)
        vat = None
        if kind in VAT_REGISTERED_KINDS and rng.random() < VAT_REGISTERED_SHARE:
            vat = _vat_part(amount, _vat_pct(self.partnership.country, day), self.currency)
        declared = None if rng.random() < NO_DECLARED_EUR_SHARE else self.declared_eur(amount, rate)
        return self.row(
            line=line,
            invoice_date=day,
            supplier=supplier,
            invoice_number=self.next_number(supplier, kind, self.language, day),
            description=self.describe(text, self.language, day, days),
            category=category,
            currency=self.currency,
            amount=amount,
            vat=vat,
            amount_eur=declared,
            eur=eur,
            paid_by="partner",
            addressed_to=self.addressee(self.partner_addressees),
        )

    def flemish_row(self, line, day, item=None, *, eur=None):
        """A line paid by the Flemish municipality in EUR; `eur` fixes its amount."""
        rng = self.rng
        kind, category, text, median_eur = item or _pick(rng, self.flemish_items)
        supplier = self.flemish_supplier(kind)
        if eur is None:
            eur = _lognormal_eur(rng, median_eur)
        amount = self.unseen(supplier, day, _eur_amount(eur), "EUR")
        return self.row(
            line=line,
            invoice_date=day,
            supplier=supplier,
            invoice_number=self.next_number(supplier, kind, "nl", day),
            description=self.describe(text, "nl", day),
            category=category,
            currency="EUR",
            amount=amount,
            vat=None,
            amount_eur=amount,
            eur=eur,
            paid_by="flemish",
            addressed_to=self.addressee(self.flemish_addressees),
        )

    def row(
        self,
        *,
        line,
        invoice_date,
        supplier,
        invoice_number,
        description,
        category,
        currency,
        amount,
        vat,
        amount_eur,
        eur,
        paid_by,
        addressed_to,
    ):
        """Complete a line: paid with proof, three quotes when `eur` (its size) calls for them."""
        return {
            "line": line,
            "invoice_date": invoice_date,
            "payment_date": invoice_date + timedelta(days=_between(self.rng, 2, 45)),
            "supplier": supplier,
            "invoice_number": invoice_number,
            "description": description,
            "category": category,
            "currency": currency,
            "amount": amount,
            "vat": vat,
            "amount_eur": amount_eur,
            "paid_by": paid_by,
            "payment_proof": True,
            "quotes": 3 if eur > QUOTES_FROM_EUR else None,
            "addressed_to": addressed_to,
        }

    def describe(self, text, language, day, days=None):
        rng = self.rng
        slots = SLOTS.get(language, {})
        values = {}
        for name in _placeholders(text):
            if name in slots:
                values[name] = _pick(rng, slots[name])
            elif name == "partner":
                values[name] = _pick(rng, self.partnership.partner_names)
            elif name == "flemish":
                values[name] = _pick(rng, self.partnership.flemish_names)
            elif name == "month":
                values[name] = self.months[language][day.month]
            elif name == "year":
                values[name] = day.year
            elif name == "days":
                values[name] = days
            elif name == "airport":
                values[name] = AIRPORTS[self.partnership.country]
            elif name == "pair":
                values[name] = TRANSLATION_PAIRS[self.language]
        return text.format(**values)

    def flemish_supplier(self, kind):
        rng = self.rng
        if kind == "flight":
            return _pick(rng, AIRLINES[self.partnership.country])
        if kind == "payroll":
            return "Personeelsdienst %s" % _pick(rng, self.partnership.flemish_names)
        return _pick(rng, FLEMISH_SUPPLIERS[kind])

    def addressee(self, names):
        return "" if self.rng.random() < NO_ADDRESSEE_SHARE else _pick(self.rng, names)

    def next_number(self, supplier, kind, language, day):
        """Return the supplier's next invoice number: each supplier numbers in its own series."""
        rng = self.rng
        if kind == "flight":
            ticket = rng.randrange(10**9, 10**10)
            return TICKET_FORMAT.format(prefix=TICKET_PREFIXES[supplier], n=ticket)
        # A random start and gaps: the supplier also invoices other customers.
        if supplier not in self.last_numbers:
            self.last_numbers[supplier] = rng.randrange(100, 90000)
        self.last_numbers[supplier] += _between(rng, 1, 4)
        if kind in ("person", "payroll"):
            template = PAYMENT_STATEMENT_FORMATS[language]
        elif kind == "credit":
            template = CREDIT_NOTE_FORMAT
        else:
            template = NUMBER_FORMATS[zlib.crc32(supplier.encode()) % len(NUMBER_FORMATS)]
        return template.format(n=self.last_numbers[supplier], y=day.year, yy=day.year % 100)

    def local_amount(self, eur, rate):
        """Return `eur` (a float draw) in the partner's currency, rounded as its prices are."""
        value = eur * float(rate)
        small, large = ROUNDING_STEPS.get(self.currency, CENTS)
        step = small if value < XOF_SMALL_PRICE else large
        return (max(1, round(value / float(step))) * step).quantize(CENT)

    def declared_eur(self, amount, rate):
        if self.currency != "XOF":
            spread = _between(self.rng, -DECLARED_RATE_SPREAD, DECLARED_RATE_SPREAD)
            rate = rate * (1000 + spread) / 1000
        return round_eur(amount / rate)

    def unseen(self, supplier, day, amount, currency):
        """Return `amount`, raised by a cent (or francs) where it would repeat an earlier line."""
        while (supplier, day, amount) in self.seen:
            amount += ROUNDING_STEPS.get(currency, CENTS)[0]
        self.seen.add((supplier, day, amount))
        return amount

    # Traps

    def trap_row(self, kind, language, line, day, rows, plan):
        """Build the line of a trap kind; `rows` are the lines before it."""
        rng = self.rng
        texts = TRAP_TEXTS[self.language]
        if kind in SPOILED_ORDINARY_LINES:
            return self.spoil(kind, self.partner_row(line, day))
        if kind == "DUPLICATE":
            return {**_pick(rng, [row for row in rows if row["line"] not in plan]), "line": line}
        if kind == "CREDIT_NOTE":
            return self.credit_note(line, day, [row for row in rows if row["line"] not in plan])
        if kind == "PERIOD_INVOICE_DATE":
            previous_year = date(self.year - 1, _between(rng, 10, 12), _between(rng, 1, 28))
            return self.partner_row(line, previous_year)
        if kind == "KEYWORDS" and language == "nl":
            supplier_kind, text = _pick(rng, TRAP_TEXTS["nl"]["keywords"])
            return self.flemish_row(line, day, (supplier_kind, "operating", text, KEYWORD_TRAP_EUR))
        if kind == "KEYWORDS":
            supplier_kind, text = _pick(rng, texts["keywords"])
            return self.partner_row(line, day, (supplier_kind, "operating", text, KEYWORD_TRAP_EUR))
        if kind == "PER_DIEM_EXCESS":
            days = _between(rng, 2, 5)
            daily_eur = _between(rng, *PER_DIEM_EXCESS_DAILY_EUR)
            item = ("person", "operating", texts["per_diem_excess"], None)
            return self.partner_row(line, day, item, eur=days * daily_eur, days=days)
        if kind == "PER_DIEM_NO_DAYS":
            item = ("person", "operating", texts["per_diem_no_days"], PER_DIEM_NO_DAYS_EUR)
            return self.partner_row(line, day, item)
        if kind == "PROCUREMENT":
            item = ("hardware", "investment", texts["procurement"], None)
            eur = PROCUREMENT_TRAP_EUR * rng.uniform(0.96, 1.04)
            row = self.partner_row(line, day, item, eur=eur)
            row["quotes"] = 1
            return row
        if kind == "AMOUNT_OUTLIER":
            # Sized by make_outlier once the median of the statement is known.
            item = ("builder", "investment", texts["outlier"], None)
            return self.partner_row(line, day, item, eur=1)
        if kind == "TRAVEL_CLASS":
            item = ("flight", "operating", TRAP_TEXTS["nl"]["travel_class"], None)
            return self.flemish_row(line, day, item, eur=rng.uniform(*BUSINESS_FARE_EUR))
        if kind == "CATEGORY":
            item = ("payroll", "personnel", TRAP_TEXTS["nl"]["flemish_staff"], None)
            return self.flemish_row(line, day, item, eur=rng.uniform(*FLEMISH_STAFF_MONTHLY_EUR))
        if kind == "VAT":
            item = ("translation", "operating", TRAP_TEXTS["nl"]["vat"], 380)
            row = self.flemish_row(line, day, item)
            row["vat"] = _vat_part(row["amount"], BELGIAN_VAT_PCT, "EUR")
            return row
        raise ValueError("Unknown trap kind %s" % kind)

    def spoil(self, kind, row):
        """Break one field of an ordinary partner line."""
        rng = self.rng
        if kind == "PERIOD_PAYMENT_DEADLINE":
            row["payment_date"] = date(self.year + 1, 5, _between(rng, 2, 28))
        elif kind == "PAYMENT_PROOF":
            row.update(payment_date=None, payment_proof=False)
        elif kind == "CURRENCY":
            recomputed = row["amount"] / units_per_eur(self.currency, row["invoice_date"])
            offset = _pick(rng, (-CURRENCY_TRAP_OFFSET_PCT, CURRENCY_TRAP_OFFSET_PCT))
            row["amount_eur"] = round_eur(recomputed * (100 + offset) / 100)
        elif kind == "BENEFICIARY":
            row["addressed_to"] = _pick(rng, TRAP_TEXTS[self.language]["other_beneficiaries"])
        elif kind == "AMOUNT_NEGATIVE":
            self.reprice(row, -row["amount"])
        elif kind == "AMOUNT_ZERO":
            self.reprice(row, ZERO)
        elif kind == "MISSING_SUPPLIER":
            row["supplier"] = ""
        elif kind == "MISSING_INVOICE_NUMBER":
            row["invoice_number"] = ""
        return row

    def credit_note(self, line, day, earlier):
        """A valid credit note: negative, naming an earlier invoice of the same supplier."""
        rng = self.rng
        # Businesses issue credit notes; people paid a daily allowance do not.
        businesses = [row for row in earlier if row["supplier"] not in self.suppliers["person"]]
        source = _pick(rng, businesses or earlier)
        language = "nl" if source["paid_by"] == "flemish" else self.language
        share = Decimal(_between(rng, 20, 100)) / 100
        amount = -_in_units(source["amount"] * share, source["currency"])
        if source["currency"] == "EUR":
            declared = amount
        else:
            declared = self.declared_eur(amount, units_per_eur(source["currency"], day))
        return {
            **source,
            "line": line,
            "invoice_date": day,
            "payment_date": day + timedelta(days=_between(rng, 2, 20)),
            "invoice_number": self.next_number(source["supplier"], "credit", language, day),
            "description": TRAP_TEXTS[language]["credit_note"].format(number=source["invoice_number"]),
            "amount": amount,
            "vat": None,
            "amount_eur": declared,
            "quotes": None,
        }

    def make_outlier(self, rows, line, plan):
        """Size the outlier trap at OUTLIER_TRAP_FACTOR times the median ordinary line."""
        median_eur = statistics.median(
            row["amount"] / units_per_eur(row["currency"], row["invoice_date"])
            for row in rows
            if row["line"] not in plan
        )
        outlier_eur = max(float(median_eur) * OUTLIER_TRAP_FACTOR, OUTLIER_TRAP_FLOOR_EUR)
        row = rows[line - 1]
        rate = units_per_eur(self.currency, row["invoice_date"])
        self.reprice(row, self.local_amount(outlier_eur * self.rng.uniform(1.0, 1.1), rate))
        row["quotes"] = 3

    def reprice(self, row, amount):
        """Give a partner line another amount, with a declared EUR amount to match."""
        rate = units_per_eur(self.currency, row["invoice_date"])
        row.update(amount=amount, vat=None, amount_eur=self.declared_eur(amount, rate), quotes=None)


def flemish_addressee(name):
    """Return how a Flemish municipality is named on its invoices: as a city or not."""
    return ("Stad %s" if name in FLEMISH_CITIES else "Gemeente %s") % name


# Faster than Random.choice and Random.randint, which matters at 100,000 lines.
def _pick(rng, choices):
    return choices[int(rng.random() * len(choices))]


def _between(rng, low, high):
    return low + int(rng.random() * (high - low + 1))


@functools.cache
def _placeholders(text):
    return tuple(name for _, name, _, _ in string.Formatter().parse(text) if name)


def _lognormal_eur(rng, median_eur):
    """Draw a line size around `median_eur`: many small purchases, a few large ones.

    A float draw: only the rounded amount it leads to is money.
    """
    return min(max(median_eur * math.exp(rng.gauss(0, 0.5)), 15), MAX_LINE_EUR)


def _eur_amount(value):
    return Decimal(round(value * 100)) * CENT


def _in_units(amount, currency):
    """Round `amount` half up to the currency's smallest unit: francs CFA have no cents."""
    unit = Decimal("1") if currency == "XOF" else CENT
    return amount.quantize(unit, rounding=ROUND_HALF_UP).quantize(CENT)


def _vat_pct(country, day):
    # Ecuador raised its VAT (IVA) from 12 % to 15 % on 1 April 2024.
    if country == "EC":
        return 15 if day >= date(2024, 4, 1) else 12
    return VAT_PCT[country]


def _vat_part(amount, pct, currency):
    """Return the VAT included in `amount` at `pct` percent."""
    return _in_units(amount * pct / (100 + pct), currency)


# Writing a statement file

HEADERS = {
    "en": FIELDS,
    "nl": (
        "nr",
        "factuurdatum",
        "betaaldatum",
        "leverancier",
        "factuurnummer",
        "omschrijving",
        "kostencategorie",
        "munt",
        "bedrag",
        "btw",
        "bedrag eur",
        "betaald door",
        "betaalbewijs",
        "offertes",
        "geadresseerde",
    ),
    "fr": (
        "n°",
        "date facture",
        "date paiement",
        "fournisseur",
        "n° facture",
        "libellé",
        "catégorie",
        "devise",
        "montant",
        "tva",
        "montant eur",
        "payé par",
        "preuve de paiement",
        "devis",
        "destinataire",
    ),
    "es": (
        "n.º",
        "fecha factura",
        "fecha pago",
        "proveedor",
        "n.º factura",
        "descripción",
        "categoría",
        "moneda",
        "monto",
        "iva",
        "monto eur",
        "pagado por",
        "comprobante de pago",
        "cotizaciones",
        "destinatario",
    ),
}
SHEET_TITLES = {"en": "Expenses", "nl": "Uitgaven", "fr": "Dépenses", "es": "Gastos"}
DATE_FIELDS = ("invoice_date", "payment_date")
MONEY_FIELDS = ("amount", "vat", "amount_eur")
WORD_FIELDS = ("category", "paid_by", "payment_proof")
# Spreadsheet software in Belgium, Benin, Senegal and Latin America saves CSV with ";" and a
# decimal comma; English files use "," and a decimal point.
CSV_DELIMITERS = {"en": ",", "nl": ";", "fr": ";", "es": ";"}
XLSX_DATE_FORMATS = {"en": "yyyy-mm-dd", "nl": "dd/mm/yyyy", "fr": "dd/mm/yyyy", "es": "dd/mm/yyyy"}
XLSX_MONEY_FORMAT = "#,##0.00"


def write_statement(rows, path, *, language, fmt):
    """Write `rows` to `path` as a municipality's expense statement (docs/statement-files.md).

    Headers and the values of category, paid by and proof of payment are in `language`
    (en, nl, fr or es); empty cells stand for None. `fmt` "xlsx" writes real date and number
    cells; "csv" writes UTF-8 text, with "," and ISO dates in English, else ";", a decimal
    comma and dd/mm/yyyy dates.
    """
    if language not in HEADERS:
        raise ValueError("Unknown language %r: use one of %s." % (language, ", ".join(HEADERS)))
    if fmt == "csv":
        _write_csv(rows, path, language)
    elif fmt == "xlsx":
        _write_xlsx(rows, path, language)
    else:
        raise ValueError("Unknown format %r: use csv or xlsx." % fmt)


def _write_csv(rows, path, language):
    is_english = language == "en"
    words = VALUE_WORDS[language]

    def date_text(value):
        if is_english:
            return value.isoformat()
        return "%02d/%02d/%04d" % (value.day, value.month, value.year)

    def money_text(value):
        number = format(value, "f")
        return number if is_english else number.replace(".", ",")

    converters = {
        **dict.fromkeys(FIELDS, str),
        **dict.fromkeys(DATE_FIELDS, date_text),
        **dict.fromkeys(MONEY_FIELDS, money_text),
        **dict.fromkeys(WORD_FIELDS, words.__getitem__),
    }
    columns = [(name, converters[name]) for name in FIELDS]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=CSV_DELIMITERS[language])
        writer.writerow(HEADERS[language])
        writer.writerows(["" if row[name] is None else convert(row[name]) for name, convert in columns] for row in rows)


def _write_xlsx(rows, path, language):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLES[language])
    words = VALUE_WORDS[language]
    date_format = XLSX_DATE_FORMATS[language]

    def cell(name, value):
        if value is None:
            return None
        if name in WORD_FIELDS:
            return words[value]
        if name in DATE_FIELDS or name in MONEY_FIELDS:
            styled = WriteOnlyCell(sheet, value=value)
            styled.number_format = date_format if name in DATE_FIELDS else XLSX_MONEY_FORMAT
            return styled
        return value

    sheet.append(HEADERS[language])
    for row in rows:
        sheet.append([cell(name, row[name]) for name in FIELDS])
    workbook.save(path)
