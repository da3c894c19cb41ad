"""Demo expense claims 2022-2025, imported, audited and decided through the real services.

Statements come from demo/statements.py, traps included; each claim then goes
through what the finance team does: run the checks, accept the clean lines, decide the
rest as a careful auditor would, sign off. A claim that exists already is left alone,
so that `load_demo` stays idempotent.
"""

import hashlib
import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from demo.association_claims import association_statement
from demo.documents import photo_png, scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_statement
from grants.deadlines import claim_deadline
from grants.eligibility.facts import COST_CATEGORY_OF, INVOICE_CATEGORIES
from grants.models import (
    AttachmentKind,
    BudgetChannel,
    BudgetLine,
    ExpenseClaim,
    Invoice,
    InvoiceAttachment,
    ReadingStatus,
    ReasonCode,
    Verdict,
)
from grants.services.audit import ASSOCIATION_BUDGET, claim_audit, claim_budget_excess
from grants.services.decisions import (
    claim_accept_clean_lines,
    claim_sign_off,
    claim_submit,
    invoice_answer,
    invoice_decide,
)
from grants.services.imports import claim_import, statement_from_rows
from grants.tasks import read_claim_scans
from partnerships.models import Partnership, User

CLAIM_YEARS = range(2022, 2026)
LINES = (30, 160)
IN_AUDIT_2025 = {"BJ-ANZ-PER", "SN-ZEM-SOK", "EC-BIE-SFO"}
DRAFT_2025 = {"NI-MOL-STO"}
SCANNED_LINES = 2

# What the demo auditor decides on a line the rules could not settle, by its first finding.
# Warnings are looked at and mostly accepted; missing information is rejected at sign-off.
RESOLUTION = {
    "KEYWORDS": (Verdict.INELIGIBLE, ReasonCode.KEYWORDS, "Kosten van deze aard zijn nooit subsidiabel."),
    "TRAVEL_CLASS": (Verdict.PARTIAL, ReasonCode.TRAVEL_CLASS, "Enkel het tarief in economy class is aanvaard."),
    "BENEFICIARY": (Verdict.ELIGIBLE, None, "Besteding voor het partnerschap bevestigd door de gemeente."),
    "CURRENCY": (Verdict.ELIGIBLE, None, "Omgerekend aan de referentiekoers; het verschil is aanvaard."),
    "AMOUNT": (Verdict.ELIGIBLE, None, "Uitzonderlijk bedrag, gestaafd met drie offertes."),
    "TRANCHE_COVER": (Verdict.ELIGIBLE, None, "Voorgefinancierd door de gemeente, gedekt door de volgende schijf."),
    "PAYMENT_PROOF": (Verdict.INELIGIBLE, ReasonCode.PAYMENT_PROOF, "Geen betaalbewijs ontvangen."),
    "PER_DIEM": (Verdict.INELIGIBLE, ReasonCode.PER_DIEM, "Aantal dagen niet gestaafd."),
    "PROCUREMENT": (Verdict.INELIGIBLE, ReasonCode.PROCUREMENT, "Geen offertes ontvangen."),
    "MISSING_DATA": (Verdict.INELIGIBLE, ReasonCode.MISSING_DATA, "Ontbrekende gegevens niet aangevuld."),
}
TRAVEL_ACCEPTED_SHARE = "0.40"
ASSOCIATION_CLAIM_YEARS = range(2022, 2026)
PER_DIEM_DECISION = "Dagvergoeding volgens het federale barema van het bezochte land."


def load_claims(only=None):
    """Create the demo claims that do not exist yet; return how many were created.

    `only` limits them to some partnership codes (browser tests need a few, quickly).
    """
    auditor = User.objects.get(username="auditor")
    partnerships = Partnership.objects.in_bulk(field_name="code")
    created = 0
    for demo in DEMO_PARTNERSHIPS:
        if only is not None and demo.code not in only:
            continue
        partnership = partnerships[demo.code]
        officer = partnership.memberships.filter(role="flemish_officer").select_related("user").first()
        for year in CLAIM_YEARS:
            if ExpenseClaim.objects.filter(partnership=partnership, year=year).exists():
                continue
            rng = random.Random(f"{demo.code}/{year}")  # nosec B311 # seeded on purpose: the same demo claims every load
            statement = generate_statement(partnership=demo, year=year, count=rng.randint(*LINES), rng=rng)
            claim, _count = claim_import(
                partnership=partnership, year=year, preview=statement_from_rows(statement.rows)
            )
            _attach_scans(claim, demo.language)
            created += 1
            if year == 2025 and demo.code in DRAFT_2025:
                continue
            claim_submit(claim=claim, user=officer.user if officer else auditor)
            _date_submission(claim, random.Random(f"{demo.code}/{year}/submitted"))  # nosec B311 # seeded demo dates
            claim_audit(claim)
            claim_accept_clean_lines(claim=claim, auditor=auditor)
            if year == 2025 and demo.code in IN_AUDIT_2025:
                _answer_first_request(claim, partnership)
                continue
            decide_the_rest(claim, auditor)
            trim_to_budget(claim, auditor)
            claim_sign_off(claim=claim, auditor=auditor)
    # The association's own claims come with the full demo; browser tests that ask for a
    # few partnerships' claims do without them.
    if only is None:
        created += load_association_claims()
    return created


def _date_submission(claim, rng):
    """Date the submission as the municipalities file: in the first months after the claim
    year, most before the deadline and about one in ten a few weeks after it."""
    deadline = claim_deadline(claim.year, claim.programme)
    days = rng.randint(-75, -3) if rng.random() > 0.1 else rng.randint(3, 40)
    submitted = datetime.combine(deadline + timedelta(days=days), time(10), tzinfo=timezone.get_current_timezone())
    ExpenseClaim.objects.filter(pk=claim.pk).update(submitted_at=submitted)


def _attach_scans(claim, language):
    """Attach a short scan and a proof of payment to the first lines, and read the scans.

    The scans are minimal invoices with a text layer: read by the background task's own
    function (fast: no OCR), so that their pages show what was read rather than waiting.
    """
    for invoice in Invoice.objects.filter(claim=claim).order_by("line")[:SCANNED_LINES]:
        scan = scan_pdf(invoice.supplier, _scan_lines(invoice, "nl" if invoice.currency == "EUR" else language))
        InvoiceAttachment.objects.create(
            claim=claim,
            invoice=invoice,
            kind=AttachmentKind.SCAN,
            file=ContentFile(scan, name=f"scan-{claim.pk}-{invoice.line}.pdf"),
            sha256=hashlib.sha256(scan).hexdigest(),
            reading_status=ReadingStatus.WAITING,
            pages=1,
        )
        InvoiceAttachment.objects.create(
            claim=claim,
            invoice=invoice,
            kind=AttachmentKind.PAYMENT_PROOF,
            file=ContentFile(photo_png(seed=invoice.line), name=f"proof-{claim.pk}-{invoice.line}.png"),
        )
    read_claim_scans.func(claim.pk, draw_pages=False)


# Labels of a short scan: invoice number, date, addressee, total.
SCAN_LABELS = {
    "fr": ("Facture n°", "Date :", "Doit :", "Total :"),
    "es": ("Factura No.", "Fecha:", "Cliente:", "Total:"),
    "nl": ("Factuur nr.", "Factuurdatum:", "Factuur aan:", "Totaal:"),
}


def _scan_lines(invoice, language):
    number, dated, to, total = SCAN_LABELS.get(language, SCAN_LABELS["fr"])
    day = invoice.invoice_date
    lines = [f"{number} {invoice.invoice_number}"]
    if day is not None:
        lines.append(f"{dated} {day.day:02d}/{day.month:02d}/{day.year}")
    if invoice.addressed_to:
        lines.append(f"{to} {invoice.addressed_to}")
    return [*lines, invoice.description, f"{total} {invoice.amount} {invoice.currency}"]


def _answer_first_request(claim, partnership):
    """In one claim under audit the partner already answered a request for information."""
    if partnership.code != "EC-BIE-SFO":
        return
    invoice = Invoice.objects.filter(claim=claim, verdict=Verdict.NEEDS_INFO).order_by("line").first()
    reporter = User.objects.filter(memberships__partnership=partnership, memberships__role="partner_reporter").first()
    if invoice is None or reporter is None:
        return
    invoice_answer(
        invoice=invoice,
        user=reporter,
        comment="Adjuntamos el comprobante de pago firmado por el tesorero municipal.",
        upload=ContentFile(
            scan_pdf("Comprobante de pago", [invoice.supplier, invoice.invoice_number]),
            name=f"comprobante-{invoice.line}.pdf",
        ),
    )


def decide_the_rest(claim, auditor):
    pending = Invoice.objects.filter(claim=claim).pending_audit().prefetch_related("findings").order_by("line")
    for invoice in pending:
        codes = [f.rule_code for f in invoice.findings.all() if f.outcome in ("warn", "needs_info")]
        verdict, reason, comment = RESOLUTION.get(codes[0] if codes else "", RESOLUTION["PAYMENT_PROOF"])
        accepted = None
        if verdict == Verdict.PARTIAL:
            accepted = (invoice.amount_eur * type(invoice.amount_eur)(TRAVEL_ACCEPTED_SHARE)).quantize(
                invoice.amount_eur
            )
        invoice_decide(
            invoice=invoice,
            auditor=auditor,
            verdict=verdict,
            accepted_eur=accepted,
            reason_codes=[reason] if reason else [],
            comment=comment,
            seen_version=invoice.decision.version if hasattr(invoice, "decision") else 0,
        )


def trim_to_budget(claim, auditor):
    """Cut what the claim accepts above its budget off its last lines, as the auditor does."""
    for category, excess in claim_budget_excess(claim).items():
        # An association claim's one budget line covers all its categories.
        categories = (
            INVOICE_CATEGORIES
            if category == ASSOCIATION_BUDGET
            else [code for code, budget in COST_CATEGORY_OF.items() if budget == category]
        )
        lines = (
            Invoice.objects.filter(
                claim=claim,
                category__in=categories,
                accepted_eur__gt=0,
            )
            .select_related("decision")
            .order_by("-line")
        )
        for invoice in lines:
            if excess <= 0:
                break
            cut = min(excess, invoice.accepted_eur)
            decision = getattr(invoice, "decision", None)
            invoice_decide(
                invoice=invoice,
                auditor=auditor,
                verdict=Verdict.PARTIAL if cut < invoice.accepted_eur else Verdict.INELIGIBLE,
                accepted_eur=invoice.accepted_eur - cut,
                reason_codes=[ReasonCode.BUDGET],
                comment="Boven de budgetlijn en de toegestane flexibiliteit.",
                seen_version=decision.version if decision else 0,
            )
            excess -= cut


def load_association_claims():
    """Import, audit, decide and sign off the association's claims 2022-2025 not loaded yet.

    Returns how many were created. Each goes through the services the finance team uses.
    """
    auditor = User.objects.get(username="auditor")
    coordinator = User.objects.get(username="coordinator")
    created = 0
    lines = BudgetLine.objects.filter(channel=BudgetChannel.HEAD_OFFICE).order_by("code")
    for line in lines:
        budgets = dict(line.amounts.values_list("year", "amount_eur"))
        for year in ASSOCIATION_CLAIM_YEARS:
            if year not in budgets or ExpenseClaim.objects.filter(budget_line=line, year=year).exists():
                continue
            rows = association_statement(line.code, year, budgets[year])
            claim, _count = claim_import(budget_line=line, year=year, preview=statement_from_rows(rows))
            created += 1
            claim_submit(claim=claim, user=coordinator)
            claim_audit(claim)
            claim_accept_clean_lines(claim=claim, auditor=auditor)
            _accept_daily_allowances(claim, auditor)
            decide_the_rest(claim, auditor)
            trim_to_budget(claim, auditor)
            claim_sign_off(claim=claim, auditor=auditor)
    return created


def _accept_daily_allowances(claim, auditor):
    """The rules know no scale for Belgium; the auditor checks each allowance against the country visited."""
    pending = Invoice.objects.filter(claim=claim, decision__isnull=True).pending_audit().prefetch_related("findings")
    for invoice in pending:
        codes = [f.rule_code for f in invoice.findings.all() if f.outcome in ("warn", "needs_info")]
        if codes != ["PER_DIEM"]:
            continue
        invoice_decide(
            invoice=invoice,
            auditor=auditor,
            verdict=Verdict.ELIGIBLE,
            reason_codes=[],
            comment=PER_DIEM_DECISION,
            seen_version=0,
        )
