"""TRANCHE_COVER: the partner spends the money it received, not more."""

from grants.eligibility.findings import ZERO_EUR
from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import PARTNER, Rule


class TrancheCoverRule(Rule):
    """Warn on the partner-paid lines that, in line order, go beyond what it received.

    Only what the other rules do not reject counts as spent (a rejected duplicate spends
    nothing), and credit notes give back. Partner spending beyond its tranches may be
    pre-financed or misdeclared: the auditor looks.
    """

    code = "TRANCHE_COVER"
    BEYOND_TRANCHES = gettext_noop(
        "The partner's expenses up to this line, %(amount_spent)s, exceed the "
        "%(amount_received)s it received in tranches for %(year)s."
    )

    def judge(self, lines, claim, params, rejected_eur):
        """Yield the warnings; `rejected_eur` maps each line number to what other rules reject."""
        if not claim.has_tranches:
            return
        spent = ZERO_EUR
        received = claim.received_by_partner_eur
        for line in lines:
            if line.invoice.paid_by != PARTNER:
                continue
            counted = line.amount_eur - rejected_eur[line.number]
            spent += counted
            if counted > 0 and spent > received:
                yield self.warn(
                    line,
                    self.BEYOND_TRANCHES,
                    amount_spent=spent,
                    amount_received=received,
                    year=claim.year,
                )
