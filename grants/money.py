"""The one place where EUR amounts are rounded."""

from decimal import ROUND_HALF_UP, Decimal

MONEY_MAX_DIGITS = 14
MONEY_DECIMAL_PLACES = 2
CENT = Decimal("0.01")


def round_eur(amount):
    """Round an EUR amount to the cent, half up, as the finance team does by hand."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def round_local(amount):
    """Round an amount in a partner's currency to the cent, half up, like EUR amounts."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
