"""Conversion of an invoice amount to EUR (docs/eligibility.md, "EUR amount of a line")."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from grants.money import round_eur

EUR = "EUR"
PARTNER = "partner"

# Programme parameter exchange_rate_method (grants.models.ExchangeRateMethod); any other
# value, "monthly_reference" by default, means the monthly reference rate.
TRANCHE_TRANSFER = "tranche_transfer"
WEIGHTED_AVERAGE = "weighted_average"
# A weighted average rate keeps 6 decimals, as a tranche's rate does.
AVERAGE_RATE_PLACES = Decimal("0.000001")
NO_EUR = Decimal("0.00")


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
        containing = [period for period in started if period.valid_to is None or on <= period.valid_to]
        # Among overlapping periods the one that started last is the most specific.
        for candidates in (containing, started):
            if candidates:
                return candidates[-1].units_per_eur
        return None


@dataclass(frozen=True)
class LineRate:
    """The rate of a line, its monthly reference rate (either may be None) and whether the
    method wanted the rate of a tranche received before the line was paid, and there was none."""

    units_per_eur: Decimal | None
    reference: Decimal | None
    before_first_tranche: bool = False


class LineRates:
    """The rate of each line under the programme's exchange-rate method, and the reference rate.

    The method concerns what the partner paid in the currency of the tranches it received:
    "tranche_transfer" takes the rate of the tranche that financed the spending (the latest
    received on or before the payment date, else the invoice date), "weighted_average" the
    year's transfer rates weighted by their EUR amounts. Every other line, a line before
    the first tranche, and every line under "monthly_reference", takes the monthly
    reference rate of its invoice date (RateFinder). A fixed parity (XOF) is never replaced.
    """

    def __init__(self, rates, transfers, method):
        self._reference = RateFinder(rates)
        self._fixed = rates.fixed
        self._method = method
        self._transfers = {}
        # Sorted by date only: tranches of one day keep the order the claim's facts give them.
        for transfer in sorted(transfers, key=lambda transfer: transfer.received_on):
            self._transfers.setdefault(transfer.currency, []).append(transfer)
        self._averages = {currency: weighted_average_rate(rows) for currency, rows in self._transfers.items()}

    def follows_transfers(self, invoice):
        """Whether the method, rather than the monthly reference rate, sets the line's rate."""
        return (
            self._method in (TRANCHE_TRANSFER, WEIGHTED_AVERAGE)
            and invoice.paid_by == PARTNER
            and invoice.currency != EUR
            and invoice.currency not in self._fixed
            and invoice.currency in self._transfers
        )

    def rate_of(self, invoice):
        """Return the LineRate of an invoice line."""
        reference = self._reference.units_per_eur(invoice.currency, invoice.invoice_date)
        if not self.follows_transfers(invoice):
            return LineRate(reference, reference)
        if self._method == WEIGHTED_AVERAGE:
            rate = self._averages[invoice.currency]
            return LineRate(reference if rate is None else rate, reference)
        rate = self.financing_rate(invoice)
        if rate is None:
            return LineRate(reference, reference, before_first_tranche=True)
        return LineRate(rate, reference)

    def financing_rate(self, invoice):
        """The rate of the tranche that financed the line, None before the first tranche."""
        spent_on = invoice.payment_date or invoice.invoice_date
        received = [
            transfer for transfer in self._transfers.get(invoice.currency, ()) if transfer.received_on <= spent_on
        ]
        return received[-1].units_per_eur if received else None


def weighted_average_rate(transfers):
    """Units received per EUR over the transfers: their rates weighted by their EUR amounts.

    Rounded half up to AVERAGE_RATE_PLACES, once. None when no EUR was transferred.
    """
    total_eur = sum((transfer.amount_eur for transfer in transfers), Decimal(0))
    if total_eur <= 0:
        return None
    units = sum((transfer.units_per_eur * transfer.amount_eur for transfer in transfers), Decimal(0))
    return (units / total_eur).quantize(AVERAGE_RATE_PLACES, rounding=ROUND_HALF_UP)


def to_eur(amount, units_per_eur):
    """Return `amount` in EUR, rounded half up to the cent once."""
    return round_eur(amount / units_per_eur)


def line_eur(amount, units_per_eur, declared_amount_eur):
    """Return the EUR amount a line counts for: `amount` at its rate.

    A line without a rate counts for the EUR amount the municipality declared, or 0,
    until the rate is known (CURRENCY asks for it). The import and the audit both convert
    with this, so that the claim's declared total does not move when the rules run.
    """
    if units_per_eur is not None:
        return to_eur(amount, units_per_eur)
    if declared_amount_eur is not None:
        return round_eur(declared_amount_eur)
    return NO_EUR
