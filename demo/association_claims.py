"""Demo of the association's own money in GLOBE-2022-2026: budget lines, plan, co-financing, claims.

The budget lines of each year add up exactly to that year's federal subsidy: the
partners' operational envelope takes what the other lines leave, which is its
allocations plus a reserve of about 2 %. Head-office amounts, the team's pay and the
municipalities' own funds are plausible figures for the demo, not published ones.
"""

import random
import zlib
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from django.db.models import Sum

from demo.organisations import upsert
from grants.models import (
    Allocation,
    BudgetChannel,
    BudgetHeading,
    BudgetLine,
    BudgetLineAmount,
    BudgetPlan,
    BudgetPlanLine,
    CoFinancing,
    CostCategory,
    PaidBy,
    Subsidy,
    SubsidySource,
)
from grants.money import round_eur
from partnerships.models import Partnership, PartnershipKind

YEARS = range(2022, 2027)
OPERATIONAL_ENVELOPE = "G26-PARTNERS-OPS"
MANAGEMENT_ENVELOPE = "G26-PARTNERS-MGT"
# The management envelope keeps this reserve above the year's allocations, rounded up to EUR 100.
ENVELOPE_RESERVE = Decimal("1.02")

# code: (category, heading, channel, names en/nl/fr/es, amounts 2022-2026 or None for the envelope
# that takes the rest of the subsidy)
LINES = {
    OPERATIONAL_ENVELOPE: (
        CostCategory.OPERATIONAL,
        BudgetHeading.OPERATING,
        BudgetChannel.PARTNERS,
        (
            "Partnerships: amounts to partners (operational)",
            "Partnerschappen: bedragen aan partners (operationeel)",
            "Partenariats : montants aux partenaires (opérationnel)",
            "Hermanamientos: montos a los socios (operativo)",
        ),
        None,
    ),
    MANAGEMENT_ENVELOPE: (
        CostCategory.MANAGEMENT,
        BudgetHeading.OTHER,
        BudgetChannel.PARTNERS,
        (
            "Partnerships: managing the partnerships",
            "Partnerschappen: beheer van de partnerschappen",
            "Partenariats : gestion des partenariats",
            "Hermanamientos: gestión de los hermanamientos",
        ),
        None,
    ),
    "G26-TEAM": (
        CostCategory.ADMINISTRATION,
        BudgetHeading.PERSONNEL,
        BudgetChannel.HEAD_OFFICE,
        (
            "Programme team: coordination and finance",
            "Programmateam: coördinatie en financiën",
            "Équipe du programme : coordination et finances",
            "Equipo del programa: coordinación y finanzas",
        ),
        (136000, 141000, 146000, 150000, 154000),
    ),
    "G26-ADMIN-OPS": (
        CostCategory.ADMINISTRATION,
        BudgetHeading.OPERATING,
        BudgetChannel.HEAD_OFFICE,
        (
            "Administration: operating costs",
            "Administratie: werkingskosten",
            "Administration : frais de fonctionnement",
            "Administración: gastos de funcionamiento",
        ),
        (13000, 13500, 14000, 14500, 15000),
    ),
    "G26-AUDIT": (
        CostCategory.MANAGEMENT,
        BudgetHeading.AUDIT_EVALUATION,
        BudgetChannel.HEAD_OFFICE,
        ("Audit and evaluation", "Audit en evaluatie", "Audit et évaluation", "Auditoría y evaluación"),
        (22000, 24000, 25000, 28000, 45000),
    ),
    "G26-BE-STAFF": (
        CostCategory.OPERATIONAL,
        BudgetHeading.PERSONNEL,
        BudgetChannel.HEAD_OFFICE,
        (
            "Belgium component: SDG officer (SD2.1-SD2.2)",
            "Belgische component: SDG-adviseur (SD2.1-SD2.2)",
            "Volet belge : conseillère ODD (SD2.1-SD2.2)",
            "Componente belga: asesora ODS (SD2.1-SD2.2)",
        ),
        (68000, 71000, 73000, 75000, 77000),
    ),
    "G26-BE-SDG": (
        CostCategory.OPERATIONAL,
        BudgetHeading.OPERATING,
        BudgetChannel.HEAD_OFFICE,
        (
            "Belgium component: SDG localisation in Flanders (SD2.1-SD2.2)",
            "Belgische component: SDG-lokalisering in Vlaanderen (SD2.1-SD2.2)",
            "Volet belge : localisation des ODD en Flandre (SD2.1-SD2.2)",
            "Componente belga: localización de los ODS en Flandes (SD2.1-SD2.2)",
        ),
        (55000, 100000, 100000, 102000, 98000),
    ),
    "G26-NET-STAFF": (
        CostCategory.OPERATIONAL,
        BudgetHeading.PERSONNEL,
        BudgetChannel.HEAD_OFFICE,
        (
            "Network and knowledge: M&E and knowledge officer (SD4)",
            "Netwerk en kennis: M&E- en kennismedewerker (SD4)",
            "Réseau et savoirs : chargé de suivi-évaluation et de savoirs (SD4)",
            "Red y conocimiento: responsable de seguimiento y conocimiento (SD4)",
        ),
        (68000, 71000, 73000, 75000, 77000),
    ),
    "G26-NETWORK": (
        CostCategory.OPERATIONAL,
        BudgetHeading.OPERATING,
        BudgetChannel.HEAD_OFFICE,
        (
            "Network and knowledge: missions, trainings, publications (SD4)",
            "Netwerk en kennis: zendingen, vormingen, publicaties (SD4)",
            "Réseau et savoirs : missions, formations, publications (SD4)",
            "Red y conocimiento: misiones, formaciones, publicaciones (SD4)",
        ),
        (88000, 114000, 111000, 109000, 98000),
    ),
}

# The plan's yearly indexation: the average growth of the federal subsidy from 2022 to
# 2026 ((1,474,361 / 1,291,099) ^ (1/4) = 1.0337). Indicative: DGD fixes no such rate.
GLOBE_PLAN_INFLATION_PCT = Decimal("3.37")

# Own funds a Flemish municipality declares each year for its city partnership (EUR).
OWN_FUNDS = {
    "Merelbeke": Decimal("17000"),
    "Anzegem": Decimal("12000"),
    "Zoersel": Decimal("9500"),
    "Roeselare": Decimal("22000"),
    "Hoogstraten": Decimal("8000"),
    "Zemst": Decimal("11000"),
    "Sint-Niklaas": Decimal("25000"),
    "Deinze": Decimal("10000"),
    "Lievegem": Decimal("6000"),
    "Bierbeek": Decimal("7500"),
    "Sint-Truiden": Decimal("14000"),
    "Mol": Decimal("9000"),
}
# Years whose claims are audited: their own funds are evidenced by the municipality's accounts.
EVIDENCED_YEARS = range(2022, 2025)
# A municipality that spent less of its own funds than it declared, in one year.
EVIDENCED_SHORT = {("Roeselare", 2023): Decimal("19850"), ("Bierbeek", 2024): Decimal("6200")}
DEMO_NOTE = "Demo figure: own funds declared by the municipality, not a published amount."


def load_budget(programme):
    """Load the budget lines of the programme and its indicative plan."""
    load_budget_lines(programme)
    load_budget_plan(programme)


def envelope_amounts(programme, year):
    """Return the two partner envelopes of a year: operational takes what the other lines leave."""
    subsidy = Subsidy.objects.get(programme=programme, year=year, source=SubsidySource.FEDERAL).amount_eur
    management = _allocated(programme, year, CostCategory.MANAGEMENT) * ENVELOPE_RESERVE
    management = (management / 100).to_integral_value(rounding=ROUND_CEILING) * 100
    head_office = sum(Decimal(spec[4][year - YEARS[0]]) for spec in LINES.values() if spec[4])
    return {OPERATIONAL_ENVELOPE: subsidy - management - head_office, MANAGEMENT_ENVELOPE: management}


def _allocated(programme, year, category):
    return Allocation.objects.filter(programme=programme, year=year, category=category).aggregate(
        total=Sum("amount_eur")
    )["total"] or Decimal("0.00")


def load_budget_lines(programme):
    for code, (category, heading, channel, names, _amounts) in LINES.items():
        upsert(
            BudgetLine,
            {"code": code},
            {
                "programme": programme,
                "category": category,
                "heading": heading,
                "channel": channel,
                **{f"name_{lang}": name for lang, name in zip(("en", "nl", "fr", "es"), names)},
            },
        )
    lines = BudgetLine.objects.filter(programme=programme).in_bulk(field_name="code")
    for year in YEARS:
        amounts = {code: Decimal(spec[4][year - YEARS[0]]) for code, spec in LINES.items() if spec[4]}
        amounts.update(envelope_amounts(programme, year))
        for code, amount in amounts.items():
            upsert(BudgetLineAmount, {"line": lines[code], "year": year}, {"amount_eur": round_eur(amount)})


def load_budget_plan(programme):
    """An indicative plan: the 2022 budget lines per category, indexed by the subsidy's growth."""
    plan, _ = upsert(
        BudgetPlan, {"programme": programme}, {"base_year": YEARS[0], "inflation_pct": GLOBE_PLAN_INFLATION_PCT}
    )
    base = (
        BudgetLineAmount.objects.filter(line__programme=programme, year=YEARS[0])
        .values_list("line__category")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    for category, total in base:
        upsert(BudgetPlanLine, {"plan": plan, "category": category, "heading": ""}, {"base_amount_eur": total})


def load_cofinancing(programme):
    """Every Flemish municipality of a city partnership declares its own funds each year."""
    partnerships = Partnership.objects.filter(kind=PartnershipKind.CITY).prefetch_related("flemish_municipalities")
    for partnership in partnerships.order_by("code"):
        for municipality in partnership.flemish_municipalities.order_by("name"):
            declared = OWN_FUNDS[municipality.name]
            for year in YEARS:
                evidenced = (
                    EVIDENCED_SHORT.get((municipality.name, year), declared) if year in EVIDENCED_YEARS else None
                )
                upsert(
                    CoFinancing,
                    {"programme": programme, "partnership": partnership, "municipality": municipality, "year": year},
                    {"declared_eur": declared, "evidenced_eur": evidenced, "note": DEMO_NOTE},
                )


# ---------------------------------------------------------------------------------------
# The association's own claims

ADDRESSEE = "VVSG vzw"
TAX_OFFICE = "FOD Financiën"
SOCIAL_SECURITY = "Rijksdienst voor Sociale Zekerheid (RSZ)"
MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# Of a month's pay: net wage to the person, withholding tax, social security contributions.
# Three payments, each below the quotes threshold: pay is not a purchase.
PAY_SPLIT = (("net", Decimal("0.48")), ("tax", Decimal("0.20")), ("rsz", Decimal("0.32")))
# person, role, FTE, budget line
STAFF = (
    ("Hanne Claes", "coördinator", Decimal("1.0"), "G26-TEAM"),
    ("Jan Vermeulen", "financieel medewerker", Decimal("0.7"), "G26-TEAM"),
    ("Sofie Maes", "financieel medewerker", Decimal("0.5"), "G26-TEAM"),
    ("Lotte De Smet", "SDG-adviseur", Decimal("1.0"), "G26-BE-STAFF"),
    ("Pieter Wouters", "M&E- en kennismedewerker", Decimal("1.0"), "G26-NET-STAFF"),
)
# Share of a line's budget that its claim spends: close to it, never above.
SPENT_SHARE = (Decimal("0.93"), Decimal("0.985"))
# Trips to partner countries: (country, city, per diem scale of the country, flight EUR)
TRIPS = (
    ("BJ", "Cotonou", Decimal("60"), (880, 1250)),
    ("SN", "Dakar", Decimal("65"), (620, 980)),
    ("EC", "Quito", Decimal("55"), (1150, 1480)),
    ("NI", "Managua", Decimal("50"), (1180, 1520)),
    ("RW", "Kigali", Decimal("55"), (780, 1150)),
    ("ZA", "Johannesburg", Decimal("60"), (820, 1200)),
)
TRAPS = {
    # (line code, year): the kind of line the rules flag
    ("G26-BE-SDG", 2023): "alcohol",
    ("G26-NETWORK", 2024): "no_invoice_number",
}
# Of the network line's budget, what goes to missions; trainings and publications take the rest.
MISSIONS_SHARE = Decimal("0.35")


class _Statement:
    """Lines of one statement of the association, numbered and dated in order."""

    def __init__(self, code, year, rng):
        self.code, self.year, self.rng, self.rows, self.numbers = code, year, rng, [], {}

    def add(
        self,
        *,
        day,
        supplier,
        description,
        category,
        amount,
        vat_pct=0,
        quotes=None,
        number=None,
        currency="EUR",
        amount_eur=None,
    ):
        amount = Decimal(amount).quantize(Decimal("0.01"))
        vat = (amount * vat_pct / (100 + vat_pct)).quantize(Decimal("0.01")) if vat_pct else None
        if number is None:
            self.numbers[supplier] = self.numbers.get(supplier, 0) + 1
            # Numbered per budget line: a supplier that serves two lines has two series.
            series = zlib.crc32(f"{self.code}/{supplier}".encode()) % 900 + 100
            number = f"{self.year}-{series}-{self.numbers[supplier]:04d}"
        self.rows.append(
            {
                "line": len(self.rows) + 1,
                "invoice_date": day,
                "payment_date": day + timedelta(days=self.rng.randint(1, 25)),
                "supplier": supplier,
                "invoice_number": number,
                "description": description,
                "category": category,
                "currency": currency,
                "amount": amount,
                "vat": vat,
                "amount_eur": amount_eur if amount_eur is not None else amount,
                "paid_by": PaidBy.ASSOCIATION,
                "payment_proof": True,
                "quotes": quotes,
                "addressed_to": ADDRESSEE,
            }
        )
        return amount_eur if amount_eur is not None else amount

    def total(self):
        return sum((row["amount_eur"] for row in self.rows), Decimal("0"))


def _spent_share(rng):
    low, high = SPENT_SHARE
    return low + (high - low) * Decimal(rng.randint(0, 1000)) / 1000


def _last_day(year, month):
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def _payroll(statement, code, budget):
    """Monthly pay of the line's staff, in three payments a month, sized to the line's budget."""
    staff = [person for person in STAFF if person[3] == code]
    fte = sum(person[2] for person in staff)
    monthly = budget * _spent_share(statement.rng) / 12
    for month in range(1, 13):
        day = _last_day(statement.year, month) - timedelta(days=3)
        for name, role, share, _line in staff:
            pay = monthly * share / fte
            fte_text = f"{share:.1f}".replace(".", ",")
            label = f"{MONTHS_NL[month - 1]} {statement.year} – {name}, {role} ({fte_text} VTE)"
            for part, part_share in PAY_SPLIT:
                amount = (pay * part_share).quantize(Decimal("0.01"))
                if part == "net":
                    statement.add(
                        day=day,
                        supplier=name,
                        description=f"Nettoloon {label}",
                        category="personnel",
                        amount=amount,
                        number=f"LB-{statement.year}-{month:02d}-{name.split()[0][:3].upper()}",
                    )
                elif part == "tax":
                    statement.add(
                        day=day,
                        supplier=TAX_OFFICE,
                        description=f"Bedrijfsvoorheffing {label}",
                        category="personnel",
                        amount=amount,
                    )
                else:
                    statement.add(
                        day=day,
                        supplier=SOCIAL_SECURITY,
                        description=f"RSZ-bijdragen {label}",
                        category="personnel",
                        amount=amount,
                    )


def _fill(statement, budget, items):
    """Add items in turn, each (day of year, supplier, description, category, (low, high), vat %, quotes),
    until the next would take the statement above its share of the budget."""
    rng = statement.rng
    target = budget * _spent_share(rng)
    index = 0
    while True:
        day_of_year, supplier, description, category, (low, high), vat_pct, quotes = items[index % len(items)]
        amount = Decimal(rng.randint(low * 100, high * 100)) / 100
        if statement.total() + amount > target:
            break
        day = date(statement.year, 1, 1) + timedelta(days=(day_of_year + 23 * (index // len(items))) % 350)
        statement.add(
            day=day,
            supplier=supplier,
            description=description.format(year=statement.year),
            category=category,
            amount=amount,
            vat_pct=vat_pct,
            quotes=quotes,
        )
        index += 1


ADMIN_ITEMS = (
    (10, "Exact Online", "Licentie boekhoudsoftware programma {year}", "operating", (320, 420), 21, None),
    (40, "Cronos IT-diensten", "IT-ondersteuning programmateam, kwartaal", "operating", (900, 1400), 21, None),
    (70, "Belfius Bank", "Bankkosten internationale overschrijvingen aan partners", "operating", (120, 260), 0, None),
    (
        100,
        "Vertaalbureau Linguanet",
        "Vertaling jaarverslag {year} naar het Frans en Spaans",
        "operating",
        (1200, 1900),
        21,
        None,
    ),
    (130, "Lyreco Belgium", "Kantoorbenodigdheden programmateam", "operating", (90, 240), 21, None),
)
AUDIT_ITEMS = (
    (
        340,
        "Callens, Pirenne & Co Bedrijfsrevisoren",
        "Audit van de programmarekeningen {year} (DGD-programma)",
        "management",
        (14800, 17600),
        21,
        3,
    ),
    (
        200,
        "South Research cvba",
        "Facilitatie zelfevaluatie met de partnerschappen {year}",
        "management",
        (1800, 2900),
        21,
        None,
    ),
)
BE_ITEMS = (
    (30, "Provinciehuis Antwerpen", "Zaalhuur SDG-werkwinkel lokale besturen", "operating", (450, 900), 21, None),
    (
        31,
        "Traiteur De Keyser",
        "Catering SDG-werkwinkel lokale besturen (broodjes, koffie, water)",
        "operating",
        (700, 1500),
        6,
        None,
    ),
    (
        32,
        "Studio Transitie bv",
        "Begeleiding SDG-werkwinkel: lokale SDG-rapportering",
        "operating",
        (1600, 2900),
        21,
        None,
    ),
    (80, "Drukkerij Die Keure", "Drukwerk SDG-gids voor gemeenten", "operating", (3200, 6800), 6, 3),
    (
        120,
        "Studio Transitie bv",
        "Coaching SDG-pilootgemeenten (lokale SDG-monitor)",
        "operating",
        (1800, 2900),
        21,
        None,
    ),
    (160, "NMBS", "Treinbiljetten deelnemers SDG-netwerkdag", "operating", (180, 520), 0, None),
    (260, "Vlaams Parlement", "Zaalhuur en techniek SDG-netwerkdag", "operating", (3400, 5200), 21, 3),
)
NETWORK_ITEMS = (
    (
        60,
        "Ondernemers voor Ondernemers",
        "Vorming lokale besturen: participatief begroten",
        "operating",
        (1500, 2800),
        21,
        None,
    ),
    (
        150,
        "Studio Vandersteen",
        "Vormgeving publicatie 'Stedenbanden en de SDG's'",
        "operating",
        (2400, 2950),
        21,
        None,
    ),
    (210, "Zoom Video Communications", "Licentie webinars kennisnetwerk", "operating", (140, 220), 21, None),
    (240, "Drukkerij Die Keure", "Drukwerk publicatie kennisnetwerk", "operating", (3100, 4800), 6, 3),
)


def _missions(statement, budget, rng):
    """Monitoring missions to partner countries: economy flight, hotel and daily allowance."""
    target = budget * MISSIONS_SHARE
    month = 1
    while statement.total() < target:
        country, city, scale, (low, high) = TRIPS[rng.randrange(len(TRIPS))]
        days = rng.randint(5, 10)
        # From February: the flight is booked three weeks before, within the year.
        start = date(statement.year, (month - 1) % 10 + 2, rng.randint(3, 18))
        statement.add(
            day=start - timedelta(days=21),
            supplier="Brussels Airlines",
            description=f"Vliegticket Brussel – {city} – Brussel, economy class, monitoringzending {country}",
            category="operating",
            amount=Decimal(rng.randint(low, high)),
        )
        statement.add(
            day=start,
            supplier="Hanne Claes" if month % 2 else "Pieter Wouters",
            description=f"Dagvergoeding {days} dagen {city} (per diem), monitoringzending {country}",
            category="operating",
            amount=scale * days,
            number=f"DV-{statement.year}-{month:02d}",
        )
        if country in ("BJ", "SN"):
            xof = Decimal(rng.randint(40, 60) * 1000 * days)
            statement.add(
                day=start + timedelta(days=days),
                supplier=f"Hôtel du Lac {city}",
                description=f"Hôtel {days} nuits, mission de suivi {country}",
                category="operating",
                amount=xof,
                currency="XOF",
                amount_eur=round_eur(xof / Decimal("655.957")),
            )
        else:
            statement.add(
                day=start + timedelta(days=days),
                supplier=f"Hotel Central {city}",
                description=f"Hotel {days} nachten, monitoringzending {country}",
                category="operating",
                amount=Decimal(rng.randint(70, 110) * days),
            )
        month += 1


def association_statement(code, year, budget):
    """Rows of the association's statement on a head-office line for a year, under its budget."""
    rng = random.Random(f"{code}/{year}")  # nosec B311 # seeded on purpose: the same demo claims every load
    statement = _Statement(code, year, rng)
    if code in ("G26-TEAM", "G26-BE-STAFF", "G26-NET-STAFF"):
        _payroll(statement, code, budget)
    elif code == "G26-ADMIN-OPS":
        _fill(statement, budget, ADMIN_ITEMS)
    elif code == "G26-AUDIT":
        _fill(statement, budget, AUDIT_ITEMS)
    elif code == "G26-BE-SDG":
        _fill(statement, budget, BE_ITEMS)
    elif code == "G26-NETWORK":
        _missions(statement, budget, rng)
        _fill(statement, budget, NETWORK_ITEMS)
    trap = TRAPS.get((code, year))
    if trap == "alcohol":
        statement.add(
            day=date(year, 10, 12),
            supplier="Traiteur De Keyser",
            description="Receptie SDG-netwerkdag: wijn en bier",
            category="operating",
            amount=Decimal("640.00"),
            vat_pct=21,
        )
    elif trap == "no_invoice_number":
        statement.add(
            day=date(year, 11, 6),
            supplier="Hotel Central Kigali",
            description="Hotel 4 nachten, monitoringzending RW",
            category="operating",
            amount=Decimal("372.00"),
            number="",
        )
    return statement.rows
