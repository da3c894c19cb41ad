"""CURRENCY: the line's EUR amount comes from the rate that applies (rates.py)."""

from grants.eligibility.messages import gettext_noop
from grants.eligibility.rules.base import LineRule


class CurrencyRule(LineRule):
    """Ask for information when a line cannot be converted; warn when the declared EUR differs.

    A line without a rate counts for its declared EUR amount (or 0) until the rate is known.
    A declared EUR amount only serves as a check: the recomputed amount counts, and a gap
    above the tolerance (1 % by default) is for the auditor to look at.
    """

    code = "CURRENCY"
    NO_RATE = gettext_noop(
        "The currency %(currency)s is unknown or has no exchange rate for %(date_invoice)s."
    )
    DECLARED_DIFFERS = gettext_noop(
        # Translators: "%%" is a percent sign; %(rate)s is a number of %(currency)s units per euro.
        "The declared amount of %(amount_declared)s differs by more than %(tolerance_pct)s %% "
        "from %(amount_computed)s, the amount at %(rate)s %(currency)s per EUR."
    )

    def check(self, line, claim, params):
        invoice = line.invoice
        if line.rate is None:
            return self.needs_info(
                line, self.NO_RATE, currency=invoice.currency, date_invoice=invoice.invoice_date
            )
        declared = invoice.declared_amount_eur
        if declared is None:
            return None
        tolerance = abs(line.amount_eur) * params.currency_tolerance_pct / 100
        if abs(declared - line.amount_eur) <= tolerance:
            return None
        return self.warn(
            line,
            self.DECLARED_DIFFERS,
            amount_declared=declared,
            tolerance_pct=params.currency_tolerance_pct,
            amount_computed=line.amount_eur,
            rate=line.rate,
            currency=invoice.currency,
        )
