"""Claims as the tests name or build them, and the auditor's work several test modules share."""

from datetime import date
from decimal import Decimal

from grants.models import ExpenseClaim, InvoiceCategory, PaidBy, TrancheStatus, Verdict
from grants.services.audit import claim_audit
from grants.services.decisions import invoice_decide
from tests.factories import make_allocation, make_claim, make_tranche

# One line of each verdict the rules give, in this order: two clean lines, a business-class
# flight they warn about, a daily allowance above Benin's scale of EUR 60 (EUR 300 of it
# accepted), the Flemish municipality's own staff, and a line without proof of payment.
LINES_OF_EVERY_VERDICT = (
    {},
    {"description": "Briques pour le marché", "amount": Decimal("800.00")},
    {
        "description": "Vol Cotonou-Bruxelles en classe affaires",
        "category": InvoiceCategory.OPERATING,
        "amount": Decimal("2400.00"),
    },
    {
        "description": "Per diem mission à Cotonou",
        "category": InvoiceCategory.OPERATING,
        "destination": "BJ",
        "days": Decimal("5"),
        "amount": Decimal("500.00"),
    },
    {
        "description": "Salaris van de stedenbandcoördinator",
        "category": InvoiceCategory.PERSONNEL,
        "paid_by": PaidBy.FLEMISH,
        "amount": Decimal("1200.00"),
    },
    {"description": "Sable pour le marché", "amount": Decimal("650.00"), "has_payment_proof": False},
)
VERDICTS_OF_THE_LINES = [
    Verdict.ELIGIBLE,
    Verdict.ELIGIBLE,
    Verdict.TO_REVIEW,
    Verdict.PARTIAL,
    Verdict.INELIGIBLE,
    Verdict.NEEDS_INFO,
]


def claim_of(reference):
    """The demo claim PARTNERSHIP/YEAR, e.g. "BJ-ANZ-PER/2025"."""
    code, year = reference.split("/")
    return ExpenseClaim.objects.get(partnership__code=code, year=int(year))


def make_checked_claim(*, lines=LINES_OF_EVERY_VERDICT, **overrides):
    """A claim the rules have checked, with its allocation and a tranche the partner received.

    Submitted, it is in audit after the check; a draft stays a draft.
    """
    claim = make_claim(lines=list(lines), **overrides)
    make_allocation(programme=claim.programme, partnership=claim.partnership, year=claim.year)
    make_tranche(
        programme=claim.programme,
        partnership=claim.partnership,
        year=claim.year,
        status=TrancheStatus.RECEIVED,
        received_date=date(claim.year, 2, 10),
    )
    claim_audit(claim)
    claim.refresh_from_db()
    return claim


def undecided_line(claim, verdict, **filters):
    """Return the first line of `claim` with this verdict that no auditor decided yet."""
    return claim.invoices.filter(verdict=verdict, decision__isnull=True, **filters).order_by("line").first()


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
