"""PERIOD: the expense belongs to the claim year and the programme, and was paid in time."""

import calendar
from datetime import date

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import LineRule


def day_of_next_year(year, month, day):
    """The day `day` of `month` in the year after `year`; a day 31 set for a shorter month means its last day."""
    return date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))


def payment_deadline(year, params):
    """Return the payment deadline of a claim year: by default 31 March of the next year."""
    return day_of_next_year(year, params.payment_deadline_month, params.payment_deadline_day)


class PeriodRule(LineRule):
    """Reject a whole line outside the programme, outside the claim year, or paid too late.

    Each check follows its parameter and its message names it: the programme period (start
    and end dates), the claim year (by `claim_year_basis`: the invoice date alone, or also
    the payment date, so that an invoice of an earlier programme year paid in the claim year
    belongs to it) and the payment deadline (a day of the year after the claim year).
    """

    code = "PERIOD"
    OUTSIDE_YEAR = gettext_noop("The invoice date %(date_invoice)s is outside the claim year %(year)s.")
    OUTSIDE_YEAR_UNPAID = gettext_noop(
        "The invoice date %(date_invoice)s is outside the claim year %(year)s, and the invoice "
        "was not paid in %(year)s: it belongs to the claim of its own year."
    )
    OUTSIDE_PROGRAMME = gettext_noop(
        "The invoice date %(date_invoice)s is outside the programme period, from %(date_start)s to %(date_end)s."
    )
    PAID_LATE = gettext_noop("The payment date %(date_payment)s is after the payment deadline %(date_deadline)s.")

    def check(self, line, claim, params):
        invoice_date = line.invoice.invoice_date
        payment_date = line.invoice.payment_date
        if not params.programme_start <= invoice_date <= params.programme_end:
            return self.fail_whole(
                line,
                self.OUTSIDE_PROGRAMME,
                date_invoice=invoice_date,
                date_start=params.programme_start,
                date_end=params.programme_end,
            )
        if invoice_date.year != claim.year:
            if params.claim_year_basis == "invoice_date" or invoice_date.year > claim.year:
                return self.fail_whole(line, self.OUTSIDE_YEAR, date_invoice=invoice_date, year=claim.year)
            if payment_date is None or payment_date.year != claim.year:
                return self.fail_whole(line, self.OUTSIDE_YEAR_UNPAID, date_invoice=invoice_date, year=claim.year)
        deadline = payment_deadline(claim.year, params)
        if payment_date is not None and payment_date > deadline:
            return self.fail_whole(line, self.PAID_LATE, date_payment=payment_date, date_deadline=deadline)
        return None
