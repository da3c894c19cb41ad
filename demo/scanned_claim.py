"""The demo's 2026 claim of SN-ZEM-SOK: a statement sent with the scans of its invoices (issue 17).

Its lines come from demo/statements.py; each line's invoice is a real document made by
demo/invoice_documents.py (French layouts, Dutch for the Flemish side's suppliers), most printed to
PDF, some scanned, three photographed. The scans go through claim_scans_add as an upload
does, are read at load by the background task's own function, and the claim is submitted
and audited, so that the auditor finds the SCAN rule's findings, left undecided. Some
documents disagree with their line on purpose, each an honest document of its case:

- AMOUNT_LINE: the invoice prints a total 8 % above the line's amount;
- DATE_LINE: the invoice is dated DATE_SHIFT_DAYS earlier than the line says;
- ADDRESSEE_LINE: the invoice is addressed to OTHER_MUNICIPALITY;
- DUPLICATE_LINE: its scan is the file of DUPLICATED_LINE's, sent a second time;
- NO_SCAN_LINE: no scan was sent;
- BY_READING_LINE: a phone photo named BY_READING_NAME, paired by the number read on it;
- PROOF_LINE: a proof of payment comes with its invoice, named after it.
"""

import io
import random
import zipfile
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from demo.documents import scan_pdf
from demo.invoice_documents import PHOTO, SCANNED_PDF, TEXT_PDF, invoice_document
from demo.statements import DEMO_PARTNERSHIPS, generate_rows
from grants.models import ExpenseClaim
from grants.services.audit import claim_audit
from grants.services.decisions import claim_submit
from grants.services.imports import claim_import, statement_from_rows
from grants.services.scans import claim_scans_add
from grants.tasks import read_claim_scans
from partnerships.models import Partnership, User

CODE, YEAR = "SN-ZEM-SOK", 2026
# The partner's invoices in its language; the Flemish municipality's suppliers write in Dutch.
LAYOUTS = {"partner": "fr", "flemish": "nl"}
LINE_COUNT = 24
# Lines are drawn over the whole year; those invoiced or paid after the last day before
# submission are left out, so that the claim only holds what was paid when it was sent.
DRAWN_LINES = 32
LAST_PAYMENT = date(2026, 11, 30)
SUBMITTED_AT = datetime(2026, 12, 2, 10, 0)

SCANNED_LINES = (3, 8, 13, 17, 22)
PHOTO_LINES = (6, 11)
AMOUNT_LINE = 5
AMOUNT_PRINTED_SHARE = Decimal("1.08")
DATE_LINE = 7
DATE_SHIFT_DAYS = 21
ADDRESSEE_LINE = 10
OTHER_MUNICIPALITY = "Commune de Tambacounda"
DUPLICATED_LINE, DUPLICATE_LINE = 12, 15
NO_SCAN_LINE = 19
BY_READING_LINE = 20
BY_READING_NAME = "IMG_20261103_0912.jpg"
PROOF_LINE = 14


def load_scanned_claim():
    """Import, scan, read, submit and audit the SN-ZEM-SOK claim of 2026; 1 when it was created, else 0."""
    partnership = Partnership.objects.get(code=CODE)
    if ExpenseClaim.objects.filter(partnership=partnership, year=YEAR).exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    rows = scanned_claim_rows()
    claim, _count = claim_import(
        partnership=partnership, year=YEAR, preview=statement_from_rows(rows), user=coordinator
    )
    claim_scans_add(claim, scan_files(rows), coordinator)
    _forget_queued_reading(claim.pk)
    # The task's own function: what the worker would do, done now, so load_demo needs no worker.
    read_claim_scans.func(claim.pk, draw_pages=False)
    # No Flemish officer of Zemst is a demo user: the programme team files the claim for it.
    claim_submit(claim=claim, user=coordinator)
    submitted = timezone.make_aware(SUBMITTED_AT, timezone.get_current_timezone())
    ExpenseClaim.objects.filter(pk=claim.pk).update(submitted_at=submitted)
    claim_audit(claim)
    return 1


def scanned_claim_rows():
    """Return the claim's statement lines, numbered from 1: those paid by LAST_PAYMENT, LINE_COUNT at most."""
    demo = next(partnership for partnership in DEMO_PARTNERSHIPS if partnership.code == CODE)
    rng = random.Random(f"{CODE}/{YEAR}")  # nosec B311 # seeded on purpose: the same demo claim every load
    rows = generate_rows(partnership=demo, year=YEAR, count=DRAWN_LINES, rng=rng, traps=False)
    paid = [row for row in rows if row["payment_date"] <= LAST_PAYMENT][:LINE_COUNT]
    return [{**row, "line": line} for line, row in enumerate(paid, start=1)]


def scan_files(rows):
    """Return the (file name, bytes) the municipality sends with the statement, as described above."""
    rng = random.Random(f"{CODE}/{YEAR}/scans")  # nosec B311 # the same documents every load
    files, documents = [], {}
    for row in rows:
        # A file name holds no "/": "37371/2026" is sent as "37371-2026", which still matches.
        line, number = row["line"], row["invoice_number"].replace("/", "-")
        if line == NO_SCAN_LINE:
            continue
        if line == DUPLICATE_LINE:
            data, extension = documents[DUPLICATED_LINE]
            files.append((f"facture {number}.{extension}", data))
            continue
        variant = (
            PHOTO if line in (*PHOTO_LINES, BY_READING_LINE) else SCANNED_PDF if line in SCANNED_LINES else TEXT_PDF
        )
        data, content_type = invoice_document(
            _as_printed(row), layout_language=LAYOUTS[row["paid_by"]], variant=variant, rng=rng
        )
        extension = "jpg" if content_type == "image/jpeg" else "pdf"
        documents[line] = (data, extension)
        files.append((BY_READING_NAME if line == BY_READING_LINE else f"facture {number}.{extension}", data))
        if line == PROOF_LINE:
            files.append((f"paiement {number}.pdf", payment_order(row)))
    return files


def _as_printed(row):
    """The invoice behind a line: the line itself, but for the lines whose document disagrees on purpose."""
    printed = {**row, "country": "SN" if row["paid_by"] == "partner" else "BE"}
    if row["line"] == AMOUNT_LINE:
        step = Decimal("1") if row["currency"] == "XOF" else Decimal("0.01")
        printed["amount"] = (row["amount"] * AMOUNT_PRINTED_SHARE).quantize(step, ROUND_HALF_UP)
        if row["vat"]:
            printed["vat"] = (row["vat"] * AMOUNT_PRINTED_SHARE).quantize(step, ROUND_HALF_UP)
    if row["line"] == DATE_LINE:
        printed["invoice_date"] = row["invoice_date"] - timedelta(days=DATE_SHIFT_DAYS)
    if row["line"] == ADDRESSEE_LINE:
        printed["addressed_to"] = OTHER_MUNICIPALITY
    return printed


def payment_order(row):
    """The municipality's payment order for a line, as its treasury prints it."""
    paid = row["payment_date"]
    return scan_pdf(
        "Commune de Sokone - Ordre de virement",
        [
            f"Date : {paid.day:02d}/{paid.month:02d}/{paid.year}",
            f"Bénéficiaire : {row['supplier']}",
            f"Référence : facture {row['invoice_number']}",
            f"Montant viré : {row['amount']:f} {row['currency']}",
            "Visa du receveur municipal",
        ],
    )


def _forget_queued_reading(claim_pk):
    """Drop the worker's task that the upload queues once the load commits: the load reads the scans itself."""

    def forget():
        queued = DBTaskResult.objects.filter(task_path=read_claim_scans.module_path, status=TaskResultStatus.READY)
        queued.filter(pk__in=[task.pk for task in queued if task.args_kwargs.get("args") == [claim_pk]]).delete()

    # Registered after the upload's own callback, so it runs after it, once the task is queued.
    transaction.on_commit(forget)


def statement_scans_zip(rows, *, layouts, photo_lines, seed):
    """Return a ZIP of the invoices of a statement's lines, as a municipality sends them with it.

    Each is named after its invoice number and laid out in the language `layouts` gives the
    side that paid it ({"partner": "fr", "flemish": "nl"}); the lines of `photo_lines` are phone
    photos, the others PDFs as printed. A line without invoice number has no invoice to send. Made for
    docs/examples/ from its statement: read it with grants.services.imports.statement_parse
    and pass the preview's rows (keyed as the model: declared_amount_eur, has_payment_proof).
    """
    rng = random.Random(seed)  # nosec B311 # the same example every time
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            if not row["invoice_number"]:
                continue
            variant = PHOTO if row["line"] in photo_lines else TEXT_PDF
            data, content_type = invoice_document(
                row, layout_language=layouts[row["paid_by"]], variant=variant, rng=rng
            )
            extension = "jpg" if content_type == "image/jpeg" else "pdf"
            # Fixed dates inside the archive: the same rows give the same bytes.
            member = zipfile.ZipInfo(
                f"facture {row['invoice_number'].replace('/', '-')}.{extension}", (2026, 12, 1, 0, 0, 0)
            )
            archive.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
