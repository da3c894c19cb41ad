"""CURRENCY: the line's EUR amount comes from the rate that applies (rates.py)."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import LineRule


class CurrencyRule(LineRule):
    """Ask for information when a line cannot be converted; warn when its rate is a stand-in
    or the declared EUR differs.

    A line without a rate counts for its declared EUR amount (or 0) until the rate is known.
    When the programme takes the rate of the tranche that financed the spending and the
    partner paid before it received any tranche in that currency, the monthly reference
    rate stands in, and the auditor is told so: the money may come from elsewhere.
    A declared EUR amount only serves as a check: the recomputed amount counts, and a gap
    above the tolerance (1 % by default) is for the auditor to look at.
    """

    code = "CURRENCY"
    NO_RATE = gettext_noop("The currency %(currency)s is unknown or has no exchange rate for %(date_invoice)s.")
    BEFORE_FIRST_TRANCHE = gettext_noop(
        # Translators: %(rate)s is a number of %(currency)s units per euro.
        "Paid on %(date_spent)s, before the partner received any tranche in %(currency)s: "
        "the monthly reference rate of %(rate)s %(currency)s per EUR applies instead of the "
        "rate of the tranche that financed it. Check where the money came from."
    )
    DECLARED_DIFFERS = gettext_noop(
        # Translators: "%%" is a percent sign; %(rate)s is a number of %(currency)s units per euro.
        "The declared amount of %(amount_declared)s differs by more than %(tolerance_pct)s %% "
        "from %(amount_computed)s, the amount at %(rate)s %(currency)s per EUR."
    )

    def check(self, line, claim, params):
        invoice = line.invoice
        if line.units_per_eur is None:
            return self.needs_info(line, self.NO_RATE, currency=invoice.currency, date_invoice=invoice.invoice_date)
        if line.before_first_tranche:
            return self.warn(
                line,
                self.BEFORE_FIRST_TRANCHE,
                date_spent=invoice.payment_date or invoice.invoice_date,
                currency=invoice.currency,
                rate=line.units_per_eur,
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
            rate=line.units_per_eur,
            currency=invoice.currency,
        )
