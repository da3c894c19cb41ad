"""The demo's 2026 claim of SN-ZEM-SOK, sent with real invoice scans read at load (demo/scanned_claim.py).

Scanned PDFs and photos are read by Tesseract: without it they are stored as failed, and
the tests about what was read on them are skipped.
"""

import shutil
from datetime import timedelta
from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from core.formatting import format_money
from demo import scanned_claim
from demo.scanned_claim import (
    ADDRESSEE_LINE,
    AMOUNT_LINE,
    BY_READING_LINE,
    BY_READING_NAME,
    DATE_LINE,
    DATE_SHIFT_DAYS,
    DUPLICATE_LINE,
    DUPLICATED_LINE,
    NO_SCAN_LINE,
    OTHER_MUNICIPALITY,
    PROOF_LINE,
)
from grants.finding_texts import finding_text
from grants.models import (
    AttachmentKind,
    AuditDecision,
    ClaimStatus,
    ExpenseClaim,
    Finding,
    InvoiceAttachment,
    MatchedBy,
    ReadingStatus,
)
from tests.claims import claim_of

pytestmark = pytest.mark.django_db

CLAIM = "SN-ZEM-SOK/2026"
DELIBERATE_LINES = {AMOUNT_LINE, DATE_LINE, ADDRESSEE_LINE, DUPLICATE_LINE, NO_SCAN_LINE, BY_READING_LINE}
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")


def scan_findings(line):
    return list(Finding.objects.filter(invoice__claim=claim_of(CLAIM), invoice__line=line, rule_code="SCAN"))


def line_of(line):
    return claim_of(CLAIM).invoices.get(line=line)


def test_the_scanned_claim_waits_in_audit_submitted_early_december_without_decisions():
    claim = claim_of(CLAIM)

    assert claim.status == ClaimStatus.IN_AUDIT
    assert claim.submitted_at.date().isoformat() == "2026-12-02"
    assert claim.invoices.count() == scanned_claim.LINE_COUNT
    assert not AuditDecision.objects.filter(invoice__claim=claim).exists()


def test_invoice_printed_eight_percent_higher_is_to_review_with_both_amounts_in_the_message():
    invoice = line_of(AMOUNT_LINE)

    (finding,) = scan_findings(AMOUNT_LINE)

    printed = (invoice.amount * Decimal("1.08")).quantize(Decimal("1"))
    assert finding.outcome == "warn"
    assert finding.message_params["money_read"] == f"{printed} {invoice.currency}"
    assert finding.message_params["money_declared"] == f"{invoice.amount} {invoice.currency}"
    text = finding_text(finding.message, finding.message_params)
    assert format_money(printed, invoice.currency) in text
    assert format_money(invoice.amount, invoice.currency) in text


def test_invoice_with_another_date_is_to_review_with_both_dates():
    invoice = line_of(DATE_LINE)

    (finding,) = scan_findings(DATE_LINE)

    assert finding.outcome == "warn"
    assert finding.message_params == {
        "date_read": (invoice.invoice_date - timedelta(days=DATE_SHIFT_DAYS)).isoformat(),
        "date_declared": invoice.invoice_date.isoformat(),
    }


def test_invoice_addressed_to_another_municipality_is_to_review_naming_it():
    (finding,) = scan_findings(ADDRESSEE_LINE)

    assert finding.outcome == "warn"
    assert finding.message_params == {"addressee_read": OTHER_MUNICIPALITY}


def test_the_same_file_sent_for_a_second_line_rejects_that_line_as_a_duplicate_of_the_first():
    first = line_of(DUPLICATED_LINE).attachments.get(kind=AttachmentKind.SCAN)
    second = line_of(DUPLICATE_LINE).attachments.get(kind=AttachmentKind.SCAN)

    (finding,) = scan_findings(DUPLICATE_LINE)

    assert second.sha256 == first.sha256
    assert finding.outcome == "fail"
    assert finding.message_params == {"other_line": str(DUPLICATED_LINE)}
    assert scan_findings(DUPLICATED_LINE) == []


def test_line_without_a_scan_needs_information():
    (finding,) = scan_findings(NO_SCAN_LINE)

    assert finding.outcome == "needs_info"
    assert not line_of(NO_SCAN_LINE).attachments.exists()


@needs_tesseract
def test_photo_named_without_its_number_is_paired_by_the_number_read_on_it_and_agrees():
    scan = InvoiceAttachment.objects.get(claim=claim_of(CLAIM), original_name=BY_READING_NAME)

    assert scan.reading_status == ReadingStatus.READ
    assert scan.matched_by == MatchedBy.READING
    assert scan.invoice == line_of(BY_READING_LINE)
    assert scan_findings(BY_READING_LINE) == []


@needs_tesseract
def test_every_scan_of_the_claim_is_read_and_every_file_paired():
    attachments = InvoiceAttachment.objects.filter(claim=claim_of(CLAIM))

    assert set(attachments.scans().values_list("reading_status", flat=True)) == {ReadingStatus.READ}
    assert not attachments.unmatched().exists()


def test_lines_whose_scan_agrees_have_no_scan_finding():
    claim = claim_of(CLAIM)
    # A line declared without addressee is a cash sale: its invoice reads "Client comptant",
    # which SCAN reports as an addressee that is not the partnership's.
    agreeing = (
        claim.invoices.exclude(line__in=DELIBERATE_LINES)
        .exclude(addressed_to="")
        .filter(attachments__kind=AttachmentKind.SCAN, attachments__reading_status=ReadingStatus.READ)
    )

    findings = Finding.objects.filter(invoice__in=agreeing, rule_code="SCAN")

    # Every one of them with Tesseract (test_every_scan_of_the_claim_is_read), the PDFs' without.
    assert agreeing.exists()
    assert list(findings) == []


def test_proof_of_payment_named_after_its_invoice_is_kept_with_its_line_unread():
    (proof,) = line_of(PROOF_LINE).attachments.filter(kind=AttachmentKind.PAYMENT_PROOF)

    assert proof.original_name.startswith("paiement ")
    assert proof.matched_by == MatchedBy.FILE_NAME
    assert proof.reading_status == ""


def test_the_scans_of_the_earlier_demo_claims_are_read():
    scans = InvoiceAttachment.objects.scans().filter(claim__in=ExpenseClaim.objects.filter(year__lt=2026))

    assert scans.exists()
    assert set(scans.values_list("reading_status", flat=True)) == {ReadingStatus.READ}


def test_the_demo_leaves_no_reading_for_the_worker():
    assert not DBTaskResult.objects.filter(task_path="grants.tasks.read_claim_scans").exists()
