"""Percentages of the annual report: one decimal, rounded half up, in one place."""

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")


def one_decimal(value):
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def percent_of(part, whole):
    """Part of a whole in percent, one decimal; None when there is no whole to measure against."""
    if not whole:
        return None
    return one_decimal(Decimal(part) * HUNDRED / Decimal(whole))
