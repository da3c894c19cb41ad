"""What every rule shares: the line it judges and the making of its findings."""

import re
from dataclasses import dataclass
from decimal import Decimal

from grants.eligibility.facts import InvoiceFacts
from grants.eligibility.findings import ZERO_EUR, Finding, Outcome, message_params
from grants.eligibility.rates import to_eur
from grants.money import round_eur

FLEMISH = "flemish"
PARTNER = "partner"

_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


# Slots: a claim holds one of these per line, up to 100,000 (docs/benchmarks.md).
@dataclass(frozen=True, slots=True)
class Line:
    """An invoice line with what the engine derives from it once for all rules."""

    invoice: InvoiceFacts
    amount_eur: Decimal
    units_per_eur: Decimal | None  # None: the currency could not be converted
    text: str  # the description without case or accents (keywords.normalize)
    # The programme takes the rate of the tranche that financed the line, and the line was
    # paid before the first tranche of its currency: the monthly reference rate stands in.
    before_first_tranche: bool = False

    @property
    def number(self):
        return self.invoice.line

    def eur(self, amount):
        """Return a part of the line's amount, given in its currency, in EUR."""
        if self.units_per_eur is not None:
            return to_eur(amount, self.units_per_eur)
        # Without a rate the part keeps its share of the line's (declared) EUR amount.
        if self.invoice.amount:
            return round_eur(self.amount_eur * amount / self.invoice.amount)
        return ZERO_EUR


def compact(text):
    """Return `text` without case, spaces or punctuation: "FA 2024/017" is "fa2024017"."""
    return _NOT_ALPHANUMERIC.sub("", text.casefold())


class Rule:
    """A rule with a stable code, and the makers of its findings.

    At most one finding per line, but for SCAN's warnings: one per value read that differs
    from the line, so that the auditor sees each of them.
    """

    code = ""

    def fail(self, line, amount_eur, message, **values):
        return Finding(line.number, self.code, Outcome.FAIL, amount_eur, message, message_params(**values))

    def fail_whole(self, line, message, **values):
        return self.fail(line, line.amount_eur, message, **values)

    def warn(self, line, message, **values):
        return Finding(line.number, self.code, Outcome.WARN, ZERO_EUR, message, message_params(**values))

    def needs_info(self, line, message, **values):
        return Finding(line.number, self.code, Outcome.NEEDS_INFO, ZERO_EUR, message, message_params(**values))


class LineRule(Rule):
    """A rule that judges each line on its own, with the claim and the programme parameters."""

    def judge(self, lines, claim, params):
        for line in lines:
            finding = self.check(line, claim, params)
            if finding is not None:
                yield finding

    def check(self, line, claim, params):
        """Return the finding of this rule on `line`, or None when it passes."""
        raise NotImplementedError
