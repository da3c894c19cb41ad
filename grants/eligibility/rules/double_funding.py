"""DOUBLE_FUNDING: what another subsidy already pays of an expense is not claimed twice."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import LineRule
from grants.money import round_eur


class DoubleFundingRule(LineRule):
    """Reject the part of a line that another subsidy of the municipality also pays.

    A line declares the other subsidy (`other_funding_source`) and the EUR it pays of the
    expense (`other_funding_eur`); that part fails, at most the line's EUR amount, and the
    rest is judged as usual. A source without an amount, or an amount without a source,
    needs information. A negative line (a credit note) declaring another subsidy is for the
    auditor: rejecting part of it would make the rejected total negative, and which share
    of the correction the other subsidy bears is not for the engine to guess.
    """

    code = "DOUBLE_FUNDING"
    ALSO_FUNDED = gettext_noop(
        "%(amount_other)s of this expense is also claimed from %(source)s: that part is not eligible."
    )
    NO_AMOUNT = gettext_noop("This expense is also claimed from %(source)s: say how much of it the other subsidy pays.")
    NO_SOURCE = gettext_noop("%(amount_other)s of this expense is declared as paid by another subsidy: say which one.")
    NOT_POSITIVE = gettext_noop(
        "The amount paid by %(source)s must be positive: say how much of this expense the other subsidy pays."
    )
    NEGATIVE_LINE = gettext_noop(
        "This negative line is also claimed from %(source)s: the auditor checks which share of "
        "the correction concerns this subsidy."
    )

    def check(self, line, claim, params):
        source = line.invoice.other_funding_source.strip()
        other = line.invoice.other_funding_eur
        if not source:
            # An amount of 0 without a source declares nothing.
            if other:
                return self.needs_info(line, self.NO_SOURCE, amount_other=other)
            return None
        if line.amount_eur < 0:
            return self.warn(line, self.NEGATIVE_LINE, source=source)
        if other is None:
            return self.needs_info(line, self.NO_AMOUNT, source=source)
        other = round_eur(other)
        if other < 0:
            return self.needs_info(line, self.NOT_POSITIVE, source=source)
        if other == 0 or line.amount_eur == 0:
            return None
        return self.fail(line, min(other, line.amount_eur), self.ALSO_FUNDED, amount_other=other, source=source)
