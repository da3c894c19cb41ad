"""PROCUREMENT: a purchase follows the procurement code of whoever paid it, split or not.

The known rule for Flemish municipalities: up to EUR 30,000 excluding VAT an accepted
invoice is enough, several suppliers being consulted where possible; above it a negotiated
procedure with, in practice, at least three offers. A purchase the partner paid falls under
its own country's code, whose thresholds are programme parameters (the Flemish ones when
the country has none).
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from grants.eligibility.findings import ZERO_EUR
from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import PARTNER, Rule, compact


class ProcurementRule(Rule):
    """Judge each purchase against the thresholds of its payer, counting a split purchase whole.

    A purchase is what one supplier invoiced within `split_purchase_days` days of the line:
    three invoices of EUR 12,000 in one month are one purchase of EUR 36,000. Its amount
    excluding VAT decides:

    - above the formal threshold, a procedure reference on the line satisfies the rule;
      without it, fewer quotes than required reject the line and an unknown number asks
      for the reference;
    - between the quotes threshold and the formal one, fewer quotes than required (or an
      unknown number) lead to `quotes_shortfall_outcome`: information asked by default,
      because the code only asks to consult suppliers where possible.
    """

    code = "PROCUREMENT"
    FORMAL_PROCEDURE = gettext_noop(
        "This purchase of %(amount_excl_vat)s excl. VAT is above %(amount_threshold)s: it needs a "
        "formal procurement procedure with at least %(quotes_required)s quotes, and %(quotes)s "
        "were given."
    )
    PROCEDURE_UNKNOWN = gettext_noop(
        "This purchase of %(amount_excl_vat)s excl. VAT is above %(amount_threshold)s: give the "
        "reference of its formal procurement procedure (at least %(quotes_required)s quotes)."
    )
    TOO_FEW_QUOTES = gettext_noop(
        "This purchase of %(amount_excl_vat)s excl. VAT is above %(amount_threshold)s: "
        "%(quotes_required)s quotes are asked for where possible, and %(quotes)s were given. "
        "Show how suppliers were consulted."
    )
    QUOTES_UNKNOWN = gettext_noop(
        "This purchase of %(amount_excl_vat)s excl. VAT is above %(amount_threshold)s: give the "
        "number of quotes received (%(quotes_required)s are asked for where possible)."
    )
    SPLIT = gettext_noop(
        "With %(others)s other invoices of %(supplier)s within %(days)s days, this purchase "
        "comes to %(amount_excl_vat)s excl. VAT, above %(amount_threshold)s: it needs a formal "
        "procurement procedure, and its invoices give no procedure reference."
    )

    def judge(self, lines, claim, params):
        excl_vat = {line.number: line.eur(line.invoice.amount - (line.invoice.vat or 0)) for line in lines}
        purchases = _purchases(lines, excl_vat, params.split_purchase_days)
        for line in lines:
            if excl_vat[line.number] <= 0:
                continue
            quotes_threshold, formal_threshold = _thresholds(line, claim, params)
            finding = self._judge_line(line, excl_vat[line.number], quotes_threshold, formal_threshold, params)
            purchase = purchases.get(line.number)
            if (
                finding is None
                and purchase is not None
                and purchase.total_excl_vat > formal_threshold
                and not (line.invoice.procedure_reference or purchase.has_procedure)
            ):
                finding = self.needs_info(
                    line,
                    self.SPLIT,
                    others=purchase.others,
                    supplier=line.invoice.supplier,
                    days=params.split_purchase_days,
                    amount_excl_vat=purchase.total_excl_vat,
                    amount_threshold=formal_threshold,
                )
            if finding is not None:
                yield finding

    def _judge_line(self, line, excl_vat, quotes_threshold, formal_threshold, params):
        quotes = line.invoice.quotes
        if excl_vat > formal_threshold:
            if line.invoice.procedure_reference:
                return None
            values = {
                "amount_excl_vat": excl_vat,
                "amount_threshold": formal_threshold,
                "quotes_required": params.quotes_required,
            }
            if quotes is None:
                return self.needs_info(line, self.PROCEDURE_UNKNOWN, **values)
            if quotes >= params.quotes_required:
                return None
            return self.fail_whole(line, self.FORMAL_PROCEDURE, quotes=quotes, **values)
        if excl_vat <= quotes_threshold or (quotes is not None and quotes >= params.quotes_required):
            return None
        values = {
            "amount_excl_vat": excl_vat,
            "amount_threshold": quotes_threshold,
            "quotes_required": params.quotes_required,
        }
        if quotes is None:
            return self._shortfall(line, params, self.QUOTES_UNKNOWN, **values)
        return self._shortfall(line, params, self.TOO_FEW_QUOTES, quotes=quotes, **values)

    def _shortfall(self, line, params, message, **values):
        if params.quotes_shortfall_outcome == "fail":
            return self.fail_whole(line, message, **values)
        if params.quotes_shortfall_outcome == "warn":
            return self.warn(line, message, **values)
        return self.needs_info(line, message, **values)


def _thresholds(line, claim, params):
    """(quotes, formal) EUR thresholds of the code the payer follows."""
    if line.invoice.paid_by == PARTNER and claim.country in params.partner_procurement_thresholds_eur:
        return params.partner_procurement_thresholds_eur[claim.country]
    return params.quotes_threshold_eur, params.formal_procedure_threshold_eur


@dataclass(frozen=True)
class Purchase:
    """A line with the other invoices of its supplier and payer dated within the window."""

    others: int
    total_excl_vat: Decimal  # the line's own amount included
    has_procedure: bool  # one of the other invoices gives a procedure reference


def _purchases(lines, excl_vat, days):
    """The Purchase of every line that has other invoices of its supplier within `days` days.

    Symmetric and independent of the order of the lines; lines without a supplier stand
    alone, and of lines with one invoice number only the first counts. Each supplier's lines are sorted by date once and the window is found by
    bisection over running sums, so that a claim of 100,000 lines stays linear-logarithmic.
    """
    by_supplier = defaultdict(dict)
    for line in sorted(lines, key=lambda line: line.number):
        supplier = compact(line.invoice.supplier)
        if supplier:
            # An invoice declared twice is one purchase (DUPLICATE judges the second line).
            invoice = compact(line.invoice.invoice_number) or line.number
            by_supplier[(supplier, line.invoice.paid_by)].setdefault(invoice, line)
    purchases = {}
    for invoices in by_supplier.values():
        if len(invoices) < 2:
            continue
        same_supplier = sorted(invoices.values(), key=lambda line: (line.invoice.invoice_date, line.number))
        ordinals = [line.invoice.invoice_date.toordinal() for line in same_supplier]
        amounts = list(accumulate((excl_vat[line.number] for line in same_supplier), initial=ZERO_EUR))
        procedures = list(accumulate((bool(line.invoice.procedure_reference) for line in same_supplier), initial=0))
        for index, line in enumerate(same_supplier):
            low = bisect_left(ordinals, ordinals[index] - days)
            high = bisect_right(ordinals, ordinals[index] + days)
            if high - low < 2:
                continue
            own_procedure = bool(line.invoice.procedure_reference)
            purchases[line.number] = Purchase(
                others=high - low - 1,
                total_excl_vat=amounts[high] - amounts[low],
                has_procedure=procedures[high] - procedures[low] - own_procedure > 0,
            )
    return purchases
