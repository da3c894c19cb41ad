"""Background work of the grants app, run by `manage.py run_worker` (django-tasks' db_worker).

The worker runs any task of the "default" queue by its import path: nothing registers it.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from core.uploaded_files import detected_type
from grants import ocr, reading_errors, scan_pages
from grants.invoice_reading import read_invoice
from grants.models import (
    AttachmentKind,
    ExpenseClaim,
    Invoice,
    InvoiceAttachment,
    MatchedBy,
    ReadingStatus,
)
from grants.scan_matching import letters_and_digits
from grants.services.audit import claim_audit_after_reading

logger = logging.getLogger(__name__)


# A scan claimed for longer than this is taken again: the worker that claimed it died reading
# it. Reading a scan takes at most MAX_PAGES pages of ~1.5 s, well under it.
STALE_READING = timedelta(minutes=10)


@task()
def read_claim_scans(claim_id, draw_pages=True):
    """Read every scan of the claim waiting to be read, pair those whose number fits one line, re-audit.

    Each scan is read and stored on its own (what the claim page counts as its progress).
    A scan is first claimed in a short transaction (waiting becomes being read), read with
    no transaction open, so that the web's writes never wait for a reading, then stored
    in a second short transaction, only if it is still this call's claim: two workers
    never read it twice. A scan being read for longer than STALE_READING is taken again:
    the worker that claimed it died. A scan that cannot be read is stored as failed with
    the reason's code; it never stops the others. A scan still unmatched is paired with
    the line whose invoice number is the one read on it, when exactly one line without a
    scan has that number. A claim the auditors already checked is audited again once none
    of its scans waits (claim_audit_after_reading), so the rules see what was read. The
    pages of each scan read are drawn for the invoice page unless `draw_pages` is False
    (the demo's load: they are drawn when first looked at).
    """
    claim = ExpenseClaim.objects.filter(pk=claim_id).first()
    if claim is None:
        return
    waiting = list(
        _to_read(InvoiceAttachment.objects.scans().filter(claim=claim), timezone.now())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    numbers = _lines_by_number(claim)
    read = 0
    for pk in waiting:
        read += _read_scan(pk, numbers, draw_pages)
    if read:
        claim_audit_after_reading(claim)


def _to_read(scans, now):
    """The scans waiting to be read, and those whose reader died (being read since before STALE_READING)."""
    return scans.filter(
        Q(reading_status=ReadingStatus.WAITING)
        | Q(reading_status=ReadingStatus.READING, read_at__lt=now - STALE_READING)
    )


def _read_scan(pk, numbers, draw_pages):
    """Read one waiting scan and store what was read or why not; 1 when it was this call's to read."""
    claimed_at = timezone.now()
    # The conditional update is the claim: of two workers, one matches. It commits at once.
    if not _to_read(InvoiceAttachment.objects.filter(pk=pk), claimed_at).update(
        reading_status=ReadingStatus.READING, read_at=claimed_at
    ):
        return 0
    scan = InvoiceAttachment.objects.get(pk=pk)
    try:
        scan.reading, scan.pages = _reading_of(scan)
    except Exception as error:
        scan.reading_status, scan.reading_error = ReadingStatus.FAILED, _error_code(error)
        if scan.reading_error == reading_errors.FAILED:
            logger.exception("Scan %s could not be read", scan.pk)
    else:
        scan.reading_status, scan.reading_error = ReadingStatus.READ, ""
    if not _store_reading(scan, numbers, claimed_at):
        return 0
    if draw_pages and scan.reading_status == ReadingStatus.READ:
        _draw_pages(scan)
    return 1


@transaction.atomic
def _store_reading(scan, numbers, claimed_at):
    """Store what was read and pair the scan by it; False when the scan is no longer this reading's.

    It is not when a later reading took it again (this one ran past STALE_READING).
    """
    stored = InvoiceAttachment.objects.filter(
        pk=scan.pk, reading_status=ReadingStatus.READING, read_at=claimed_at
    ).update(
        reading=scan.reading,
        pages=scan.pages,
        reading_status=scan.reading_status,
        reading_error=scan.reading_error,
        read_at=timezone.now(),
    )
    if stored and scan.reading_status == ReadingStatus.READ:
        _pair_by_reading(scan, numbers)
    return bool(stored)


def _draw_pages(scan):
    """Draw the scan's pages for the invoice page now, so that the auditor's first look does not wait for them."""
    try:
        scan_pages.draw_pages(scan)
    except ocr.DocumentUnreadable:
        logger.info("Scan %s was read but its pages cannot be drawn; the invoice page will say so", scan.pk)


def _reading_of(scan):
    with scan.file.open("rb") as handle:
        data = handle.read()
    file_type = detected_type(data)
    if file_type is None:
        raise ocr.DocumentUnreadable("not a PDF, JPEG or PNG")
    pages = ocr.read_document(data, file_type.content_type)
    return read_invoice(pages).to_json(), len(pages)


def _error_code(error):
    if isinstance(error, ocr.DocumentTooLarge):
        return reading_errors.TOO_LARGE
    if isinstance(error, ocr.DocumentUnreadable | FileNotFoundError):
        return reading_errors.UNREADABLE
    if isinstance(error, ocr.OcrUnavailable):
        return reading_errors.NO_OCR
    return reading_errors.FAILED


def _lines_by_number(claim):
    """{invoice number as compared: [line pks]} of the claim's lines."""
    numbers = {}
    for pk, number in (
        Invoice.objects.filter(claim=claim).exclude(invoice_number="").values_list("pk", "invoice_number")
    ):
        numbers.setdefault(letters_and_digits(number), []).append(pk)
    return numbers


def _pair_by_reading(scan, numbers):
    read_number = (scan.reading.get("invoice_number") or {}).get("value")
    if not read_number:
        return
    candidates = numbers.get(letters_and_digits(read_number), [])
    free = list(
        Invoice.objects.filter(pk__in=candidates)
        .exclude(attachments__kind=AttachmentKind.SCAN)
        .values_list("pk", flat=True)[:2]
    )
    # Only a scan still unmatched: it may have been paired by hand while it was read.
    if len(free) == 1:
        InvoiceAttachment.objects.filter(pk=scan.pk, invoice__isnull=True).update(
            invoice_id=free[0], matched_by=MatchedBy.READING
        )


# Drawing a document takes at most MAX_PAGES pages of a few seconds each.
STALE_DRAWING = timedelta(minutes=10)


@task()
def draw_scan_pages(attachment_ids):
    """Draw the pages of these scans and proofs for the invoice page, those not drawn yet.

    Queued by the invoice page (draw_scan_pages_unless_queued) for a document whose pages it
    finds undrawn: a scan still waiting, one that failed, a proof of payment, a demo scan, or
    after the pictures were cleared away. Drawing a document already drawn returns at once,
    so a task queued twice costs nothing.
    """
    for attachment in InvoiceAttachment.objects.filter(pk__in=attachment_ids).order_by("pk"):
        try:
            scan_pages.draw_pages(attachment)
        except ocr.DocumentUnreadable:
            logger.info("The pages of attachment %s cannot be drawn; the invoice page will say so", attachment.pk)
        except Exception:
            # The other documents are still drawn; this one is queued again when next looked at.
            logger.exception("The pages of attachment %s could not be drawn", attachment.pk)


def draw_scan_pages_unless_queued(attachment_ids):
    """Queue draw_scan_pages for those of these attachments no queued or running task draws yet.

    One query, and one more when a task is queued: what the invoice page costs stays the same
    however many documents the line has. Two readers opening the page at the same instant may
    queue the same document twice; the second task finds it drawn.
    """
    pending = set()
    # A task running for longer than STALE_DRAWING lost its worker (django-tasks leaves it
    # RUNNING): its documents are queued again.
    started_since = timezone.now() - STALE_DRAWING
    for args_kwargs in DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=started_since),
        task_path=draw_scan_pages.module_path,
    ).values_list("args_kwargs", flat=True):
        pending.update((args_kwargs.get("args") or [[]])[0])
    missing = sorted(set(attachment_ids) - pending)
    if missing:
        draw_scan_pages.enqueue(missing)
