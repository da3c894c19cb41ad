"""Conversion of an invoice amount to EUR (docs/eligibility.md, "EUR amount of a line")."""

from decimal import Decimal

from grants.money import round_eur

EUR = "EUR"


class RateFinder:
    """Find the rate (units per EUR) that applies to a currency on an invoice date.

    EUR lines keep their amount. A fixed parity always wins (XOF: 655.957 since 1999, no
    other rate is ever right). Otherwise the period containing the invoice date applies;
    when none does, the latest period that starts before it, because reference rates are
    published after the fact. No such period: the currency cannot be converted (None).
    """

    def __init__(self, rates):
        self._fixed = rates.fixed
        self._periods = {
            currency: sorted(periods, key=lambda period: period.valid_from)
            for currency, periods in rates.periods.items()
        }
        # Lines share few (currency, date) pairs: a claim of 100,000 lines looks each up once.
        self._found = {}

    def units_per_eur(self, currency, on):
        key = (currency, on)
        if key not in self._found:
            self._found[key] = self._lookup(currency, on)
        return self._found[key]

    def _lookup(self, currency, on):
        if currency == EUR:
            return Decimal(1)
        if currency in self._fixed:
            return self._fixed[currency]
        started = [period for period in self._periods.get(currency, ()) if period.valid_from <= on]
        containing = [
            period for period in started if period.valid_to is None or on <= period.valid_to
        ]
        # Among overlapping periods the one that started last is the most specific.
        for candidates in (containing, started):
            if candidates:
                return candidates[-1].units_per_eur
        return None


def to_eur(amount, units_per_eur):
    """Return `amount` in EUR, rounded half up to the cent once."""
    return round_eur(amount / units_per_eur)
