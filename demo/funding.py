"""Demo programmes, subsidies, budget plan, exchange rates, allocations and tranches.

Figures come from domain/reference.md where it has them; what it lacks is a
plausible estimate marked `is_demo` (subsidies 2025-2026, floating exchange rates).
"""

import calendar
from datetime import date
from decimal import Decimal

from demo import association_claims
from demo.organisations import upsert
from grants.models import (
    Allocation,
    BudgetPlan,
    BudgetPlanLine,
    CostCategory,
    ExchangeRate,
    Programme,
    RateSource,
    Subsidy,
    SubsidySource,
    Tranche,
    TrancheLeg,
    TrancheStatus,
)
from grants.money import round_eur, round_local
from partnerships.models import Partnership, PartnershipKind

XOF_PER_EUR = Decimal("655.957")
GLOBE = "GLOBE-2022-2026"
PLAN = "PLAN-2027-2036"
# The tranches of the demo stand as they would on this date (domain/reference.md).
DEMO_TODAY = date(2026, 11, 25)

# year: (federal subsidy, is an estimate). The Flemish government's subsidy to the
# association is a separate programme: it is not money of this one.
SUBSIDIES = {
    2022: (Decimal("1291099"), False),
    2023: (Decimal("1391794"), False),
    2024: (Decimal("1417110"), False),
    2025: (Decimal("1445452"), True),
    2026: (Decimal("1474361"), True),
}

# Base-year amounts with cents: the published 2027-2036 table is rounded from
# unrounded 2027 amounts. These are the cent values for which 3 % indexation
# reproduces every published figure (each year, category, total and five-year sum)
# to the euro; tests/grants/test_budget_plan.py holds the table.
PLAN_BASE_2027 = {
    CostCategory.ADMINISTRATION: Decimal("163699.20"),
    CostCategory.MANAGEMENT: Decimal("21276.40"),
    CostCategory.OPERATIONAL: Decimal("1194853.24"),
}

# Yearly operational allocation in 2022 per partnership (EUR), growing 2 % a year.
# Benin: about EUR 1.8 million over five years for five partnerships; Merelbeke -
# Toucountouna about EUR 240,000 over five years.
ALLOCATION_2022 = {
    "BJ-ANZ-PER": Decimal("78000"),
    "BJ-MER-TOU": Decimal("46000"),
    "BJ-ZOE-BOH": Decimal("72000"),
    "BJ-ROE-DOG": Decimal("82000"),
    "BJ-HOO-ZAK": Decimal("62000"),
    "SN-ZEM-SOK": Decimal("58000"),
    "SN-SNI-TAM": Decimal("64000"),
    "SN-DEI-KMP": Decimal("70000"),
    "EC-BIE-SFO": Decimal("52000"),
    "NI-STR-NGU": Decimal("56000"),
    "NI-MOL-STO": Decimal("50000"),
    "RW-SDG-KAR": Decimal("15000"),
    "RW-SDG-BUG": Decimal("15000"),
    "RW-SDG-GAT": Decimal("12000"),
    "RW-SDG-NYA": Decimal("12000"),
    "SA-BJ-ANCB": Decimal("40000"),
    "SA-RW-RALGA": Decimal("40000"),
}
ALLOCATION_GROWTH = Decimal("1.02")
# Of each allocation, the part for managing the partnership (coordination, monitoring).
ALLOCATION_SHARES = {CostCategory.OPERATIONAL: Decimal("0.90"), CostCategory.MANAGEMENT: Decimal("0.10")}
FIRST_TRANCHE_SHARE = Decimal("0.60")

# Units per EUR in January of each year; months between are interpolated. Plausible
# monthly reference rates for the demo, not official ones.
RATE_ANCHORS = {
    "USD": {2022: "1.13", 2023: "1.07", 2024: "1.09", 2025: "1.04", 2026: "1.17", 2027: "1.16"},
    "NIO": {2022: "40.10", 2023: "38.90", 2024: "39.90", 2025: "38.20", 2026: "43.00", 2027: "42.70"},
    "RWF": {2022: "1160", 2023: "1170", 2024: "1380", 2025: "1450", 2026: "1700", 2027: "1690"},
    "ZAR": {2022: "17.90", 2023: "18.40", 2024: "20.40", 2025: "19.50", 2026: "19.90", 2027: "19.80"},
}


ASSOCIATION_NAME = {
    "association_name_en": "Association of Flemish Cities and Municipalities (VVSG)",
    "association_name_nl": "Vereniging van Vlaamse Steden en Gemeenten (VVSG)",
    "association_name_fr": "Association des villes et communes flamandes (VVSG)",
    "association_name_es": "Asociación de Ciudades y Municipios Flamencos (VVSG)",
}
FUNDER_NAME = {
    "funder_name_en": "Directorate-General for Development Cooperation and Humanitarian Aid (DGD)",
    "funder_name_nl": "Directie-generaal Ontwikkelingssamenwerking en Humanitaire Hulp (DGD)",
    "funder_name_fr": "Direction générale Coopération au développement et Aide humanitaire (DGD)",
    "funder_name_es": "Dirección General de Cooperación al Desarrollo y Ayuda Humanitaria (DGD)",
}


def load_programmes():
    globe, _ = upsert(
        Programme,
        {"code": GLOBE},
        {
            "name_en": "Global local governance programme 2022-2026",
            "name_nl": "Wereldwijd programma lokaal bestuur 2022-2026",
            "name_fr": "Programme mondial de gouvernance locale 2022-2026",
            "name_es": "Programa mundial de gobernanza local 2022-2026",
            **ASSOCIATION_NAME,
            **FUNDER_NAME,
            "funder": "DGD",
            "start_date": date(2022, 1, 1),
            "end_date": date(2026, 12, 31),
            # Not 2025: the demo's 2025 claims were filed, and most signed off, with a scan
            # for two lines each; asking one for every line would reject the rest at sign-off.
            "scans_required_from_year": 2026,
        },
    )
    plan_programme, _ = upsert(
        Programme,
        {"code": PLAN},
        {
            "name_en": "Strategic plan 2027-2036 (indicative budget)",
            "name_nl": "Strategisch plan 2027-2036 (indicatief budget)",
            "name_fr": "Plan stratégique 2027-2036 (budget indicatif)",
            "name_es": "Plan estratégico 2027-2036 (presupuesto indicativo)",
            **ASSOCIATION_NAME,
            **FUNDER_NAME,
            "funder": "DGD",
            "start_date": date(2027, 1, 1),
            "end_date": date(2036, 12, 31),
        },
    )
    plan, _ = upsert(BudgetPlan, {"programme": plan_programme}, {"base_year": 2027, "inflation_pct": Decimal("3.00")})
    for category, amount in PLAN_BASE_2027.items():
        upsert(BudgetPlanLine, {"plan": plan, "category": category, "heading": ""}, {"base_amount_eur": amount})
    for year, (federal, estimate) in SUBSIDIES.items():
        upsert(
            Subsidy,
            {"programme": globe, "year": year, "source": SubsidySource.FEDERAL},
            {"amount_eur": federal, "is_demo": estimate},
        )
    # Demo databases loaded before held Flemish rows here: they go.
    Subsidy.objects.filter(programme=globe, source=SubsidySource.FLEMISH).delete()
    return globe


def monthly_rates(currency):
    """Yield (first day, last day, rate) for every month of 2022-2026 of a floating currency."""
    anchors = {year: Decimal(value) for year, value in RATE_ANCHORS[currency].items()}
    for year in range(2022, 2027):
        start, end = anchors[year], anchors[year + 1]
        for month in range(1, 13):
            rate = start + (end - start) * (month - 1) / 12
            last_day = calendar.monthrange(year, month)[1]
            yield date(year, month, 1), date(year, month, last_day), rate.quantize(Decimal("0.0001"))


def load_exchange_rates():
    upsert(
        ExchangeRate,
        {"currency": "XOF", "source": RateSource.FIXED_PARITY, "valid_from": date(1999, 1, 1)},
        {"valid_to": None, "units_per_eur": XOF_PER_EUR, "is_demo": False},
    )
    for currency in RATE_ANCHORS:
        for first, last, rate in monthly_rates(currency):
            upsert(
                ExchangeRate,
                {"currency": currency, "source": RateSource.MONTHLY_REFERENCE, "valid_from": first},
                {"valid_to": last, "units_per_eur": rate, "is_demo": True},
            )


def units_per_eur_on(currency, day):
    if currency == "EUR":
        return Decimal("1")
    if currency == "XOF":
        return XOF_PER_EUR
    return (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=day, valid_to__gte=day)
        .values_list("units_per_eur", flat=True)
        .get()
    )


def tranche_dates(year, number, leg):
    """Planned date of a tranche: first in March, second in September; partners a bit later."""
    month = 3 if number == 1 else 9
    day = 2 if leg == TrancheLeg.TO_FLEMISH else 16
    return date(year, month, day)


def tranche_values(year, number, leg, amount_eur, currency):
    planned = tranche_dates(year, number, leg)
    is_done = planned <= DEMO_TODAY and not (year == DEMO_TODAY.year and number == 2)
    rate = units_per_eur_on(currency, planned)
    return {
        "planned_date": planned,
        "paid_date": planned if is_done else None,
        "received_date": date(planned.year, planned.month, planned.day + 4) if is_done else None,
        "currency": currency,
        "units_per_eur": rate,
        "amount": round_local(amount_eur * rate, currency),
        "amount_eur": amount_eur,
        "status": TrancheStatus.RECEIVED if is_done else TrancheStatus.PLANNED,
    }


def legs_of(partnership):
    """Sister associations are paid by the association itself, without a municipality between."""
    to_partner = (TrancheLeg.TO_PARTNER, partnership.country.currency)
    if partnership.kind == PartnershipKind.SISTER_ASSOCIATION:
        return (to_partner,)
    return ((TrancheLeg.TO_FLEMISH, "EUR"), to_partner)


def load_allocations_and_tranches(programme):
    """Allocate every partnership for every programme year, paid in two tranches per leg.

    For 2026 the first tranche is paid and received in March, the second is planned.
    Then the programme's budget lines, whose partner envelopes rest on the allocations,
    and the municipalities' own funds beside them.
    """
    partnerships = Partnership.objects.select_related("country").in_bulk(field_name="code")
    for code, base in ALLOCATION_2022.items():
        partnership = partnerships[code]
        for year in programme.years:
            amount = round_eur(base * ALLOCATION_GROWTH ** (year - 2022))
            for category, share in ALLOCATION_SHARES.items():
                upsert(
                    Allocation,
                    {"programme": programme, "partnership": partnership, "year": year, "category": category},
                    {"amount_eur": round_eur(amount * share)},
                )
            first = round_eur(amount * FIRST_TRANCHE_SHARE)
            for number, amount_eur in ((1, first), (2, amount - first)):
                for leg, currency in legs_of(partnership):
                    upsert(
                        Tranche,
                        {
                            "programme": programme,
                            "partnership": partnership,
                            "year": year,
                            "number": number,
                            "leg": leg,
                        },
                        tranche_values(year, number, leg, amount_eur, currency),
                    )
    association_claims.load_budget(programme)
    association_claims.load_cofinancing(programme)
