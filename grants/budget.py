"""Multi-year budget plans indexed by inflation. Pure Decimal arithmetic, no ORM."""

from dataclasses import dataclass
from decimal import Decimal

from grants.money import round_eur

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PlanYear:
    year: int
    amounts: dict  # category code -> Decimal EUR, rounded to the cent
    total: Decimal


@dataclass(frozen=True)
class PlanPeriod:
    first_year: int
    last_year: int
    amounts: dict
    total: Decimal


def index_plan(base_amounts, base_year, inflation_pct, years):
    """Return the plan for each year: base amount x (1 + inflation)^(year - base year).

    The factor is exact (Decimal with an integer exponent) and each amount is rounded
    once, to the cent; the year total is the sum of the rounded amounts so that a
    table always adds up. Rounding to the euro is a matter of display.
    """
    growth = 1 + Decimal(inflation_pct) / HUNDRED
    plan = []
    for year in years:
        factor = growth ** (year - base_year)
        amounts = {code: round_eur(base * factor) for code, base in base_amounts.items()}
        plan.append(PlanYear(year=year, amounts=amounts, total=sum(amounts.values(), Decimal(0))))
    return plan


def period_totals(plan, years_per_period):
    """Group a plan into consecutive periods (e.g. two five-year programmes) with totals."""
    periods = []
    for start in range(0, len(plan), years_per_period):
        chunk = plan[start : start + years_per_period]
        codes = chunk[0].amounts.keys()
        amounts = {code: sum((row.amounts[code] for row in chunk), Decimal(0)) for code in codes}
        periods.append(
            PlanPeriod(
                first_year=chunk[0].year,
                last_year=chunk[-1].year,
                amounts=amounts,
                total=sum(amounts.values(), Decimal(0)),
            )
        )
    return periods
