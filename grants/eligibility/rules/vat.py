"""VAT: VAT that the paying side recovers from its tax office is not a cost."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import FLEMISH, PARTNER, LineRule


class VatRule(LineRule):
    """Reject the VAT part of a line paid by a side that recovers VAT (a flag per municipality)."""

    code = "VAT"
    RECOVERED = {
        FLEMISH: gettext_noop("The Flemish municipality recovers VAT: the VAT of %(amount_vat)s is not eligible."),
        PARTNER: gettext_noop("The partner municipality recovers VAT: the VAT of %(amount_vat)s is not eligible."),
    }

    def check(self, line, claim, params):
        invoice = line.invoice
        recovers = {FLEMISH: claim.flemish_recovers_vat, PARTNER: claim.partner_recovers_vat}
        if not recovers.get(invoice.paid_by) or not invoice.vat:
            return None
        vat_eur = line.eur(invoice.vat)
        # VAT of the other sign than the line (a typing error) cannot add to what it claims.
        if vat_eur * line.amount_eur <= 0:
            return None
        return self.fail(line, vat_eur, self.RECOVERED[invoice.paid_by], amount_vat=vat_eur)
