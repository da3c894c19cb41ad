"""The one place where EUR amounts are rounded."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

MONEY_MAX_DIGITS = 14
MONEY_DECIMAL_PLACES = 2
CENT = Decimal("0.01")


def round_eur(amount):
    """Round an EUR amount to the cent, half up, as the finance team does by hand."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def round_local(amount, currency):
    """Round an amount in a partner's currency to its minor unit (ISO 4217), half up.

    XOF has no cents: a transfer of francs CFA is a whole number of francs.
    """
    exponent = Decimal(1).scaleb(-get_currency_precision(currency))
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


def round_amount(amount):
    """Round a declared amount in any currency to two decimals, half up, as it is stored."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
