"""MISSING_DATA: a line names its supplier, invoice number, description and cost category."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import LineRule


class MissingDataRule(LineRule):
    """Ask for the supplier, invoice number, description or category when any is empty."""

    code = "MISSING_DATA"
    MISSING = {
        "supplier": gettext_noop("The supplier of the invoice is missing."),
        "invoice_number": gettext_noop("The invoice number is missing."),
        "description": gettext_noop("The description of the invoice is missing."),
        "category": gettext_noop("The cost category of the invoice is missing."),
    }
    SEVERAL_MISSING = gettext_noop(
        "Several of the supplier, invoice number, description and cost category of the invoice are missing."
    )

    def check(self, line, claim, params):
        missing = [field for field in self.MISSING if not getattr(line.invoice, field).strip()]
        if not missing:
            return None
        message = self.MISSING[missing[0]] if len(missing) == 1 else self.SEVERAL_MISSING
        return self.needs_info(line, message, fields=", ".join(missing))
