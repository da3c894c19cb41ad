"""The background reading of a claim's scans: what is read, pairing by the number read, failures, re-audit."""

import io
import shutil
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from demo.documents import scan_pdf
from grants import ocr, reading_errors
from grants.models import AttachmentKind, ClaimStatus, Finding, InvoiceAttachment, MatchedBy, ReadingStatus
from grants.services.scans import claim_scans_add, claim_scans_progress
from grants.tasks import STALE_READING
from tests.claims import make_checked_claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed: photos of invoices cannot be read"
)


def invoice_scan(number, total="1 500,00 EUR"):
    """A text-layer PDF invoice: read from its text, without Tesseract."""
    return scan_pdf(
        "FACTURE",
        ["Quincaillerie du Plateau", f"Facture n° {number}", "Date : 15/03/2025", f"Total TTC : {total}"],
    )


def invoice_photo(number):
    image = Image.new("RGB", (1700, 1100), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=48)
    for row, text in enumerate(["FACTURE", f"Facture n° {number}", "Date : 15/03/2025", "Total TTC : 1 500,00 EUR"]):
        draw.text((120, 120 + row * 150), text, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


@pytest.fixture
def draft(db):
    return make_claim(lines=3)


def added(claim, files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return claim_scans_add(claim, files, None)


def test_worker_reads_the_scans_and_pairs_an_unmatched_one_by_the_number_read(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    first, second, _third = draft.invoices.order_by("line")
    named, unnamed = added(
        draft,
        [
            (f"{first.invoice_number}.pdf", invoice_scan(first.invoice_number)),
            ("scan0001.pdf", invoice_scan(second.invoice_number)),
        ],
        django_capture_on_commit_callbacks,
    )

    run_tasks()

    named.refresh_from_db()
    unnamed.refresh_from_db()
    assert (named.reading_status, named.pages, named.invoice, named.matched_by) == (
        ReadingStatus.READ,
        1,
        first,
        MatchedBy.FILE_NAME,
    )
    assert named.reading["amount"]["value"] == "1500.00"
    assert named.read_at is not None
    assert (unnamed.invoice, unnamed.matched_by) == (second, MatchedBy.READING)
    assert unnamed.reading["invoice_number"]["value"] == second.invoice_number


def test_a_number_read_that_fits_a_line_already_scanned_leaves_the_scan_unmatched(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    first = draft.invoices.order_by("line").first()
    _named, copy = added(
        draft,
        [
            (f"{first.invoice_number}.pdf", invoice_scan(first.invoice_number)),
            ("copy.pdf", invoice_scan(first.invoice_number)),
        ],
        django_capture_on_commit_callbacks,
    )

    run_tasks()

    copy.refresh_from_db()
    assert copy.reading_status == ReadingStatus.READ
    assert copy.invoice is None


def test_a_scan_that_cannot_be_read_is_failed_with_its_reason_and_the_others_are_read(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    good, damaged = added(
        draft,
        [("a.pdf", invoice_scan("A-0001")), ("b.pdf", invoice_scan("B-0001"))],
        django_capture_on_commit_callbacks,
    )
    # Damaged on disk after it was accepted: the reading, not the upload, finds out.
    damaged.file.save("b.pdf", ContentFile(b"%PDF-1.4 nothing here %%EOF"), save=True)

    run_tasks()

    good.refresh_from_db()
    damaged.refresh_from_db()
    assert good.reading_status == ReadingStatus.READ
    assert (damaged.reading_status, damaged.reading_error) == (ReadingStatus.FAILED, reading_errors.UNREADABLE)
    assert (
        reading_errors.reading_error_text(damaged.reading_error)
        == "damaged, protected by a password, or not a document"
    )
    progress = claim_scans_progress(draft)
    assert (progress.scans, progress.read, progress.waiting, progress.failed) == (2, 1, 0, 1)


def test_proofs_of_payment_are_not_read(draft, media_root, run_tasks, django_capture_on_commit_callbacks):
    (proof,) = added(draft, [("paiement.pdf", invoice_scan("P-0001"))], django_capture_on_commit_callbacks)

    run_tasks()

    proof.refresh_from_db()
    assert (proof.kind, proof.reading_status, proof.reading) == (AttachmentKind.PAYMENT_PROOF, "", {})


def test_a_claim_in_audit_is_audited_again_once_its_scans_are_read(
    media_root, run_tasks, django_capture_on_commit_callbacks
):
    claim = make_checked_claim(status=ClaimStatus.SUBMITTED)
    assert claim.status == ClaimStatus.IN_AUDIT
    Finding.objects.filter(claim=claim).delete()

    added(claim, [("scan.pdf", invoice_scan("Z-0001"))], django_capture_on_commit_callbacks)
    run_tasks()

    assert Finding.objects.filter(claim=claim).exists()


def test_a_draft_is_not_audited_when_its_scans_are_read(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    added(draft, [("scan.pdf", invoice_scan("Z-0001"))], django_capture_on_commit_callbacks)

    run_tasks()

    assert not Finding.objects.filter(claim=draft).exists()
    assert InvoiceAttachment.objects.get(claim=draft).reading_status == ReadingStatus.READ


@needs_tesseract
def test_worker_reads_a_photographed_invoice_with_tesseract(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    third = draft.invoices.get(line=3)
    (photo,) = added(draft, [("IMG_2041.jpg", invoice_photo(third.invoice_number))], django_capture_on_commit_callbacks)

    run_tasks()

    photo.refresh_from_db()
    assert photo.reading_status == ReadingStatus.READ
    assert photo.reading["invoice_number"]["value"] == third.invoice_number
    assert (photo.invoice, photo.matched_by) == (third, MatchedBy.READING)


def test_the_worker_draws_a_read_scans_pages_for_the_invoice_page(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    first = draft.invoices.order_by("line").first()
    (scan,) = added(
        draft, [(f"{first.invoice_number}.pdf", invoice_scan(first.invoice_number))], django_capture_on_commit_callbacks
    )

    run_tasks()

    assert sorted(path.suffix for path in (media_root / "scan-pages").iterdir()) == [".json", ".png"]


def test_scans_are_read_with_no_transaction_open(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    added(
        draft,
        [("a.pdf", invoice_scan("A-0001")), ("b.pdf", invoice_scan("B-0001"))],
        django_capture_on_commit_callbacks,
    )
    # The test runs inside transactions of its own: the reading must open none on top of them.
    test_depth = len(transaction.get_connection().atomic_blocks)
    depths = []
    read_document = ocr.read_document

    def reading_document(*args, **kwargs):
        depths.append(len(transaction.get_connection().atomic_blocks))
        return read_document(*args, **kwargs)

    monkeypatch.setattr("grants.ocr.read_document", reading_document)

    run_tasks()

    assert depths == [test_depth, test_depth]
    assert set(InvoiceAttachment.objects.filter(claim=draft).values_list("reading_status", flat=True)) == {
        ReadingStatus.READ
    }


def test_a_scan_another_worker_is_reading_is_left_to_it_and_counts_as_waiting(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    (scan,) = added(draft, [("a.pdf", invoice_scan("A-0001"))], django_capture_on_commit_callbacks)
    InvoiceAttachment.objects.filter(pk=scan.pk).update(reading_status=ReadingStatus.READING, read_at=timezone.now())

    run_tasks()

    scan.refresh_from_db()
    assert (scan.reading_status, scan.reading) == (ReadingStatus.READING, {})
    progress = claim_scans_progress(draft)
    assert (progress.read, progress.waiting, progress.is_reading) == (0, 1, True)


def test_a_scan_whose_reader_died_is_read_again_by_the_next_reading(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks
):
    (scan,) = added(draft, [("a.pdf", invoice_scan("A-0001"))], django_capture_on_commit_callbacks)
    InvoiceAttachment.objects.filter(pk=scan.pk).update(
        reading_status=ReadingStatus.READING, read_at=timezone.now() - STALE_READING - timedelta(minutes=1)
    )

    run_tasks()

    scan.refresh_from_db()
    assert scan.reading_status == ReadingStatus.READ
    assert scan.reading["invoice_number"]["value"] == "A-0001"


def test_a_scan_paired_by_hand_while_it_is_read_keeps_its_line(
    draft, media_root, run_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    first, second, _third = draft.invoices.order_by("line")
    (scan,) = added(draft, [("scan0001.pdf", invoice_scan(second.invoice_number))], django_capture_on_commit_callbacks)
    read_document = ocr.read_document

    def paired_meanwhile(*args, **kwargs):
        InvoiceAttachment.objects.filter(pk=scan.pk).update(invoice=first, matched_by=MatchedBy.HAND)
        return read_document(*args, **kwargs)

    monkeypatch.setattr("grants.ocr.read_document", paired_meanwhile)

    run_tasks()

    scan.refresh_from_db()
    assert (scan.reading_status, scan.invoice, scan.matched_by) == (ReadingStatus.READ, first, MatchedBy.HAND)
