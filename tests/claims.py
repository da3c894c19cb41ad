"""Demo claims as the tests name them, and the auditor's work several test modules share."""

from grants.models import ExpenseClaim, Verdict
from grants.services.decisions import invoice_decide


def claim_of(reference):
    """The demo claim PARTNERSHIP/YEAR, e.g. "BJ-ANZ-PER/2025"."""
    code, year = reference.split("/")
    return ExpenseClaim.objects.get(partnership__code=code, year=int(year))


def settle_pending(claim, auditor):
    """Decide every line that waits, as an auditor does before signing off."""
    for invoice in claim.invoices.pending_audit().order_by("line"):
        invoice_decide(
            invoice=invoice,
            auditor=auditor,
            verdict=Verdict.INELIGIBLE,
            reason_codes=["OTHER"],
            comment="Geen antwoord ontvangen binnen de termijn.",
            seen_version=invoice.decision.version if hasattr(invoice, "decision") else 0,
        )
