"""Invoice scans and proofs of payment of a claim: their upload, their pairing with lines, their progress.

Files come with the statement or later, several at a time or in one ZIP. Each is
recognised by its content (PDF, JPEG, PNG), pictures re-encoded, and matched to a line by
the invoice number in its name (grants.scan_matching); a name that says it is a proof of
payment makes it one. A file no line fits waits, unmatched, for the reading (grants.tasks)
or the officer to pair it. An upload is all-or-nothing, like a statement's import: one bad
file refuses the batch, and the refusal names every bad file and why.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import format_number
from core.uploaded_files import PDF, PROOF_TYPES, FileRefused, detected_type, reencoded_image, refusal_message
from core.uploaded_files import stored_name as stored_file_name
from core.zip_uploads import ZipTooLarge, is_zip, zip_members
from grants.models import (
    AttachmentKind,
    ClaimStatus,
    ExpenseClaim,
    Invoice,
    InvoiceAttachment,
    MatchedBy,
    ReadingStatus,
)
from grants.ocr import MAX_PAGES, DocumentUnreadable, pdf_page_count
from grants.scan_matching import match_file_names
from grants.services.audit import claim_audit_after_reading
from grants.tasks import read_claim_scans
from partnerships.models import User

# Photos of invoices keep more pixels than other pictures: OCR misreads small print at 1600.
SCAN_MAX_SIDE_PIXELS = 2400


class ScansRefused(Exception):
    """No file of the upload was kept; `refusals` lists each bad file and why, in the reader's language."""

    def __init__(self, refusals):
        self.refusals = refusals
        super().__init__(_("No file was added: correct or leave out the files below and send them again."))


@dataclass(frozen=True)
class Refusal:
    name: str
    reason: str


@dataclass(frozen=True)
class AcceptedScan:
    name: str
    data: bytes
    file_type: object
    pages: int


@dataclass(frozen=True)
class ScansProgress:
    scans: int
    read: int
    waiting: int
    failed: int
    lines_without_scan: int
    unmatched: int

    @property
    def is_reading(self):
        return self.waiting > 0


@transaction.atomic
def claim_scans_add(
    claim: ExpenseClaim, files: Iterable[tuple[str, bytes]], user: User | None
) -> list[InvoiceAttachment]:
    """Add invoice scans and proofs of payment to the claim, matched to its lines by their file names.

    `files` are (name, bytes); a ZIP among them brings its files instead. Every file is
    checked before any is kept: a single bad one raises ScansRefused listing them all.
    Scans wait to be read by the background worker, which is asked once the files are stored.
    """
    # Refused before the files are checked, and again, locked, before they are stored.
    if claim.status == ClaimStatus.CLOSED:
        raise ScansRefused([Refusal("", _("The claim is signed off and read-only."))])
    accepted, refusals = uploaded_scans_checked(files)
    if refusals:
        raise ScansRefused(refusals)
    lines = dict(Invoice.objects.filter(claim=claim).exclude(invoice_number="").values_list("pk", "invoice_number"))
    matches = match_file_names([scan.name for scan in accepted], lines)
    _claim_open_to_scans(claim.pk, "")
    attachments = []
    try:
        _store(claim, accepted, matches, user, attachments)
    except BaseException:
        # Files are written before the transaction commits: a batch that fails leaves none behind.
        for attachment in attachments:
            attachment.file.delete(save=False)
        raise
    if any(attachment.reading_status == ReadingStatus.WAITING for attachment in attachments):
        transaction.on_commit(lambda: read_claim_scans.enqueue(claim.pk))
    return attachments


def _store(claim, accepted, matches, user, attachments):
    for scan in accepted:
        match = matches[scan.name]
        kind = AttachmentKind.PAYMENT_PROOF if match.is_payment_proof else AttachmentKind.SCAN
        attachment = InvoiceAttachment(
            claim=claim,
            invoice_id=match.line,
            kind=kind,
            original_name=scan.name[:255],
            sha256=hashlib.sha256(scan.data).hexdigest(),
            matched_by=MatchedBy.FILE_NAME if match.line is not None else "",
            # Proofs of payment are kept, not read: what the reading finds is an invoice's.
            reading_status=ReadingStatus.WAITING if kind == AttachmentKind.SCAN else "",
            pages=scan.pages,
            uploaded_by=user,
        )
        attachment.file.save(stored_file_name(scan.name, scan.file_type), ContentFile(scan.data), save=False)
        attachments.append(attachment)
        attachment.save()


def uploaded_scans_checked(files: Iterable[tuple[str, bytes]]) -> tuple[list[AcceptedScan], list[Refusal]]:
    """Return the files made ready to keep, ZIPs unpacked, and the refusal of each bad one."""
    accepted, refusals = [], []
    files = list(files)
    if sum(len(data) for _name, data in files) > settings.SCAN_UPLOAD_MAX_BYTES:
        return [], [Refusal("", _too_large_message(settings.SCAN_UPLOAD_MAX_BYTES))]
    # The ZIPs of one upload share one allowance, so that each is unpacked within what the
    # ones before it (and the files sent as they are) left of it.
    files_left = settings.SCAN_ZIP_MAX_FILES - sum(1 for _name, data in files if not is_zip(data))
    bytes_left = settings.SCAN_ZIP_MAX_BYTES
    if files_left < 0:
        return [], [Refusal("", _too_many_files_message())]
    # (name, data, refusal): a ZIP that cannot be unpacked takes its place among the files.
    expanded = []
    for name, data in files:
        if not is_zip(data):
            expanded.append((name, data, None))
            continue
        try:
            members = zip_members(data, max_members=files_left, max_total_bytes=bytes_left)
        except ZipTooLarge as refusal:
            if files_left < settings.SCAN_ZIP_MAX_FILES or bytes_left < settings.SCAN_ZIP_MAX_BYTES:
                # Over what the other files left: the upload as a whole is too large, not this ZIP.
                if refusal.is_member_count:
                    return [], [Refusal("", _too_many_files_message())]
                # Unpacked: the allowance of the files the ZIPs hold, not the upload's own limit.
                return [], [Refusal("", _too_large_message(settings.SCAN_ZIP_MAX_BYTES))]
            expanded.append((name, b"", str(refusal)))
            continue
        except FileRefused as refusal:
            expanded.append((name, b"", str(refusal)))
            continue
        files_left -= len(members)
        bytes_left -= sum(len(member.data) for member in members)
        expanded.extend((member.name, member.data, None) for member in members)
    for name, data, reason in expanded:
        if reason is not None:
            refusals.append(Refusal(name, reason))
            continue
        try:
            accepted.append(scan_accepted(name, data))
        except FileRefused as refusal:
            refusals.append(Refusal(name, str(refusal)))
    return accepted, refusals


def scan_accepted(name: str, data: bytes) -> AcceptedScan:
    """Return the file as it is kept (a picture re-encoded, a PDF as sent), or raise FileRefused."""
    file_type = detected_type(data)
    if file_type not in PROOF_TYPES:
        raise FileRefused(refusal_message(PROOF_TYPES))
    if file_type == PDF:
        return AcceptedScan(name, data, file_type, _pdf_pages(data))
    return AcceptedScan(name, reencoded_image(data, file_type, max_side=SCAN_MAX_SIDE_PIXELS), file_type, 1)


def _pdf_pages(data):
    try:
        pages = pdf_page_count(data)
    except DocumentUnreadable as unreadable:
        raise FileRefused(str(unreadable)) from None
    if pages > MAX_PAGES:
        raise FileRefused(
            _("The PDF has %(count)s pages; a scan may have at most %(limit)s.") % {"count": pages, "limit": MAX_PAGES}
        )
    return pages


def _too_many_files_message():
    return _("More than %(limit)s files were sent: send them in parts.") % {"limit": settings.SCAN_ZIP_MAX_FILES}


def _too_large_message(limit_bytes):
    return _("The files sent are larger than %(limit)s MB in all: send them in parts.") % {
        "limit": limit_bytes // 1_048_576
    }


@transaction.atomic
def scan_pair(attachment: InvoiceAttachment, invoice: Invoice | None, user: User | None) -> InvoiceAttachment:
    """Pair a claim's file with one of its lines by hand, or unpair it (`invoice` None).

    A line of another claim is refused: a file belongs to the claim it came with.
    """
    if invoice is not None and invoice.claim_id != attachment.claim_id:
        raise ScansRefused([Refusal(attachment.original_name, _("This line is not one of the claim's."))])
    claim = _claim_open_to_scans(attachment.claim_id, attachment.original_name)
    attachment.invoice = invoice
    attachment.matched_by = MatchedBy.HAND if invoice is not None else ""
    attachment.save(update_fields=["invoice", "matched_by"])
    # The rules see the line's new scan once the pairing is stored; not while scans still wait.
    transaction.on_commit(lambda: claim_audit_after_reading(claim))
    return attachment


def _claim_open_to_scans(claim_id, name):
    """Lock the claim and return it, or refuse when it is signed off.

    Locked, as _editable_claim locks it for decisions: a sign-off committed since the
    request loaded the claim is seen, and none commits until the files are stored.
    """
    claim = ExpenseClaim.objects.select_for_update().get(pk=claim_id)
    if claim.status == ClaimStatus.CLOSED:
        raise ScansRefused([Refusal(name, _("The claim is signed off and read-only."))])
    return claim


def lines_without_scan(claim: ExpenseClaim):
    """The claim's lines that no invoice scan is paired with, as a QuerySet."""
    scans = InvoiceAttachment.objects.scans().filter(invoice=OuterRef("pk"))
    return Invoice.objects.filter(claim=claim).exclude(Exists(scans))


def claim_scans_progress(claim: ExpenseClaim) -> ScansProgress:
    """Count the claim's scans by reading status, its lines without a scan and its unmatched files."""
    counts = InvoiceAttachment.objects.filter(claim=claim).aggregate(
        scans=Count("pk", filter=Q(kind=AttachmentKind.SCAN)),
        read=Count("pk", filter=Q(kind=AttachmentKind.SCAN, reading_status=ReadingStatus.READ)),
        waiting=Count("pk", filter=Q(kind=AttachmentKind.SCAN, reading_status__in=ReadingStatus.unfinished())),
        failed=Count("pk", filter=Q(kind=AttachmentKind.SCAN, reading_status=ReadingStatus.FAILED)),
        unmatched=Count("pk", filter=Q(invoice__isnull=True) & ~Q(kind=AttachmentKind.ANSWER)),
    )
    return ScansProgress(lines_without_scan=lines_without_scan(claim).count(), **counts)


def scans_added_text(attachments: list[InvoiceAttachment]) -> str:
    """What the person who added files is told: how many came in, how many their names paired."""
    matched = sum(1 for attachment in attachments if attachment.invoice_id is not None)
    return ngettext(
        "%(count)s file added, %(matched)s matched with its line by its name.",
        "%(count)s files added, %(matched)s matched with their lines by their names.",
        len(attachments),
    ) % {"count": format_number(len(attachments)), "matched": format_number(matched)}
