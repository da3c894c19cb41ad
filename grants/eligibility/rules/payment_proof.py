"""PAYMENT_PROOF: an expense counts once it is paid and the payment is proven."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import LineRule


class PaymentProofRule(LineRule):
    """Ask for the payment date and the proof of payment when either is missing."""

    code = "PAYMENT_PROOF"
    NO_DATE_NOR_PROOF = gettext_noop("The payment date and the proof of payment are missing.")
    NO_DATE = gettext_noop("The payment date is missing.")
    NO_PROOF = gettext_noop("The proof of payment is missing.")

    def check(self, line, claim, params):
        has_date = line.invoice.payment_date is not None
        has_proof = line.invoice.has_payment_proof
        if not has_date and not has_proof:
            return self.needs_info(line, self.NO_DATE_NOR_PROOF)
        if not has_date:
            return self.needs_info(line, self.NO_DATE)
        if not has_proof:
            return self.needs_info(line, self.NO_PROOF)
        return None
