"""AMOUNT: amounts are positive, except credit notes, and far-out amounts are looked at."""

import re
import statistics
from collections import defaultdict

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule, compact
from grants.eligibility.word_matching import CREDIT_NOTE

# What separates an invoice number from the words around it in a description ("n°17").
_TOKEN_SEPARATOR = re.compile(r"[\s,;:()\[\]\"'#°º]+")


class AmountRule(Rule):
    """Reject zero amounts; ask about a negative one that is not a credit note; warn on outliers.

    A negative line is a credit note when its description says so (avoir, creditnota,
    nota de crédito, credit note...) and names the number of another invoice of this claim;
    it then counts with its negative amount. Any other negative line is a question for the
    municipality (a refund? a correction of which line?), never a rejection: rejecting it
    would make the rejected total negative, as if the audit had found money. A line above 10 times the median line of the
    claim and above EUR 5,000 (programme parameters) is for the auditor to look at.
    """

    code = "AMOUNT"
    ZERO = gettext_noop("The amount of the invoice is zero.")
    NEGATIVE = gettext_noop(
        "A negative amount counts only as a credit note that names the number of the invoice of "
        "this claim it corrects: say which invoice it corrects."
    )
    OUTLIER = gettext_noop(
        "The amount of %(amount_line)s is more than %(factor)s times the median line of the claim (%(amount_median)s)."
    )

    def judge(self, lines, claim, params):
        if not lines:
            return
        lines_by_number = defaultdict(set)
        for line in lines:
            number = compact(line.invoice.invoice_number)
            if number:
                lines_by_number[number].add(line.number)
        median = statistics.median(line.amount_eur for line in lines)
        for line in lines:
            amount = line.invoice.amount
            if amount == 0:
                yield self.fail_whole(line, self.ZERO)
            elif amount < 0 and not _is_credit_note(line, lines_by_number):
                yield self.needs_info(line, self.NEGATIVE)
            elif _is_outlier(line.amount_eur, median, params):
                yield self.warn(
                    line,
                    self.OUTLIER,
                    amount_line=line.amount_eur,
                    factor=params.outlier_factor,
                    amount_median=median,
                )


def _is_outlier(amount_eur, median, params):
    return amount_eur > params.outlier_floor_eur and amount_eur > params.outlier_factor * median


def _is_credit_note(line, lines_by_number):
    """Tell whether a line says it is a credit note and names another invoice of the claim."""
    if not CREDIT_NOTE.found_in(line.text):
        return False
    tokens = {compact(token) for token in _TOKEN_SEPARATOR.split(line.invoice.description)}
    return any(lines_by_number.get(token, set()) - {line.number} for token in tokens if token)
