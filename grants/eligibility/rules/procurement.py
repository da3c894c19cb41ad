"""PROCUREMENT: larger purchases follow a comparison of quotes, the largest a formal procedure."""

from grants.eligibility.messages import gettext_noop
from grants.eligibility.rules.base import LineRule


class ProcurementRule(LineRule):
    """Reject a whole purchase above the thresholds without the required number of quotes.

    The amount excluding VAT counts. Above EUR 3,000 three quotes are required, above
    EUR 30,000 a formal procedure (programme parameters). An unknown number of quotes is
    asked for, not presumed missing.
    """

    code = "PROCUREMENT"
    FORMAL_PROCEDURE = gettext_noop(
        "This purchase of %(amount_excl_vat)s excl. VAT is above %(amount_threshold)s: it needs a "
        "formal procurement procedure with at least %(quotes_required)s quotes, and %(quotes)s "
        "were given."
    )
    TOO_FEW_QUOTES = gettext_noop(
        "This purchase of %(amount_excl_vat)s excl. VAT is above %(amount_threshold)s: it needs at "
        "least %(quotes_required)s quotes, and %(quotes)s were given."
    )
    QUOTES_UNKNOWN = gettext_noop(
        "This purchase of %(amount_excl_vat)s excl. VAT is above %(amount_threshold)s: give the "
        "number of quotes received (at least %(quotes_required)s are needed)."
    )

    def check(self, line, claim, params):
        invoice = line.invoice
        excl_vat = line.eur(invoice.amount - (invoice.vat or 0))
        if excl_vat <= params.quotes_threshold_eur:
            return None
        is_formal = excl_vat > params.formal_procedure_threshold_eur
        threshold = (
            params.formal_procedure_threshold_eur if is_formal else params.quotes_threshold_eur
        )
        values = {
            "amount_excl_vat": excl_vat,
            "amount_threshold": threshold,
            "quotes_required": params.quotes_required,
        }
        if invoice.quotes is None:
            return self.needs_info(line, self.QUOTES_UNKNOWN, **values)
        if invoice.quotes >= params.quotes_required:
            return None
        message = self.FORMAL_PROCEDURE if is_formal else self.TOO_FEW_QUOTES
        return self.fail_whole(line, message, quotes=invoice.quotes, **values)
