"""The invoice page shows the line's scans beside it: pages as pictures, the values read boxed on them."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageDraw

from demo.documents import scan_pdf
from grants import scan_pages
from grants.eligibility.rules.scan import ScanRule
from grants.invoice_reading import InvoiceReading, ReadValue
from grants.models import AttachmentKind, Finding, FindingOutcome, InvoiceAttachment, ReadingStatus
from grants.tasks import STALE_DRAWING, draw_scan_pages
from partnerships.models import Language, Role
from tests.factories import make_claim, make_partnership, make_user

pytestmark = pytest.mark.django_db

# A photo whose prepared self keeps its size: ink in level lines, nothing to straighten.
PHOTO_SIZE = (1000, 2000)


def photo_jpeg():
    image = Image.new("RGB", PHOTO_SIZE, "white")
    draw = ImageDraw.Draw(image)
    for row in range(120, 1880, 60):
        draw.rectangle((100, row, 100 + (row * 7) % 700 + 150, row + 18), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def read_value(value, box, page=1, text=None, confidence=91.0):
    return ReadValue(value=value, text=text or str(value), confidence=confidence, page=page, box=box)


def reading(**values):
    fields = {
        "amount": None,
        "currency": None,
        "invoice_date": None,
        "invoice_number": None,
        "supplier": None,
        "addressee": None,
    }
    return InvoiceReading(**(fields | values)).to_json()


@pytest.fixture
def line(media_root):
    return make_claim(lines=1).invoices.get()


@pytest.fixture
def auditor_client(client):
    client.force_login(make_user(role=Role.AUDITOR))
    return client


def attach(line, data, name, *, kind=AttachmentKind.SCAN, drawn=True, **fields):
    """The line's document; its pages drawn, as the worker draws them, unless `drawn` is False."""
    attachment = InvoiceAttachment.objects.create(
        claim=line.claim, invoice=line, kind=kind, file=ContentFile(data, name=name), original_name=name, **fields
    )
    if drawn:
        draw_scan_pages.call([attachment.pk])
    return attachment


def queued_drawings():
    return list(
        DBTaskResult.objects.filter(task_path="grants.tasks.draw_scan_pages").values_list("args_kwargs", flat=True)
    )


@pytest.fixture
def no_drawing(monkeypatch):
    """Make drawing a page fail the test: only the worker's task may draw."""

    def fail(*args, **kwargs):
        raise AssertionError("a page was drawn")

    monkeypatch.setattr(scan_pages, "page_images", fail)


def page_url(attachment, number=1):
    return reverse("grants:attachment-page", args=[attachment.claim_id, attachment.pk, number])


def invoice_url(line):
    return reverse("grants:invoice-detail", args=[line.claim_id, line.line])


def png_size(response):
    return Image.open(io.BytesIO(b"".join(response.streaming_content))).size


def test_a_pdf_scans_page_is_a_png_of_a4_at_screen_resolution(auditor_client, line):
    scan = attach(line, scan_pdf("Quincaillerie du Plateau F-2025-001", ["Ciment", "1 500,00 EUR"]), "f.pdf")

    response = auditor_client.get(page_url(scan))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    # A4 is 595 x 842 points: 992 x 1403 pixels at 120 dpi.
    assert scan_pages.SCREEN_DPI == 120
    assert png_size(response) == (992, 1403)
    assert response["Cache-Control"] == "private, max-age=300"


def test_a_photos_page_is_the_photo_scaled_to_the_screen(auditor_client, line):
    photo = attach(line, photo_jpeg(), "photo.jpg")

    response = auditor_client.get(page_url(photo))

    assert response.status_code == 200
    assert png_size(response) == (600, 1200)


def test_a_page_is_drawn_once_and_then_read_from_the_cache(auditor_client, line, monkeypatch, media_root):
    drawn = []
    page_images = scan_pages.page_images
    monkeypatch.setattr(
        scan_pages, "page_images", lambda *args, **kwargs: drawn.append(1) or page_images(*args, **kwargs)
    )
    photo = attach(line, photo_jpeg(), "photo.jpg", sha256="ab" * 32)

    draw_scan_pages.call([photo.pk])
    first = auditor_client.get(page_url(photo))
    second = auditor_client.get(page_url(photo))

    assert first.status_code == second.status_code == 200
    assert len(drawn) == 1
    assert (media_root / "scan-pages" / f"{'ab' * 32}-1-120.png").exists()


def test_a_page_whose_picture_was_cleared_away_is_not_found_until_drawn_again(auditor_client, line, media_root):
    photo = attach(line, photo_jpeg(), "photo.jpg", sha256="cd" * 32)
    (media_root / "scan-pages" / f"{'cd' * 32}-1-120.png").unlink()

    assert auditor_client.get(page_url(photo)).status_code == 404
    assert "being prepared" in auditor_client.get(invoice_url(line)).content.decode()

    draw_scan_pages.call([photo.pk])
    response = auditor_client.get(page_url(photo))

    assert response.status_code == 200
    assert png_size(response) == (600, 1200)


def test_the_invoice_page_never_draws_and_says_the_pages_are_being_prepared(auditor_client, line, no_drawing):
    scan = attach(line, photo_jpeg(), "photo.jpg", drawn=False, reading_status=ReadingStatus.READ, reading=reading())

    content = auditor_client.get(invoice_url(line)).content.decode()

    assert "The pages of this document are being prepared." in content
    assert 'class="scan-sheet"' not in content
    assert reverse("grants:attachment-download", args=[line.claim_id, scan.pk]) in content


def test_the_invoice_page_queues_the_drawing_once_however_often_it_is_viewed(auditor_client, line, no_drawing):
    scan = attach(line, photo_jpeg(), "scan.jpg", drawn=False)
    proof = attach(line, photo_jpeg(), "proof.jpg", kind=AttachmentKind.PAYMENT_PROOF, drawn=False)

    auditor_client.get(invoice_url(line))
    auditor_client.get(invoice_url(line))

    assert queued_drawings() == [{"args": [[scan.pk, proof.pk]], "kwargs": {}}]


def test_a_document_added_later_is_queued_on_its_own(auditor_client, line, no_drawing):
    scan = attach(line, photo_jpeg(), "scan.jpg", drawn=False)
    auditor_client.get(invoice_url(line))
    proof = attach(line, photo_jpeg(), "proof.jpg", kind=AttachmentKind.PAYMENT_PROOF, drawn=False)

    auditor_client.get(invoice_url(line))

    assert queued_drawings() == [{"args": [[scan.pk]], "kwargs": {}}, {"args": [[proof.pk]], "kwargs": {}}]


def test_a_drawing_whose_worker_died_is_queued_again(auditor_client, line, no_drawing):
    attach(line, photo_jpeg(), "scan.jpg", drawn=False)
    auditor_client.get(invoice_url(line))
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - STALE_DRAWING - timedelta(seconds=1))

    auditor_client.get(invoice_url(line))

    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_once_the_worker_has_drawn_them_the_invoice_page_shows_the_pages(auditor_client, line, run_tasks):
    attach(line, photo_jpeg(), "waiting.jpg", drawn=False, reading_status=ReadingStatus.WAITING)
    attach(line, photo_jpeg(), "failed.jpg", drawn=False, reading_status=ReadingStatus.FAILED, reading_error="failed")
    attach(line, photo_jpeg(), "proof.jpg", kind=AttachmentKind.PAYMENT_PROOF, drawn=False)
    auditor_client.get(invoice_url(line))

    run_tasks()
    content = auditor_client.get(invoice_url(line)).content.decode()

    assert content.count('class="scan-sheet"') == 3
    assert "being prepared" not in content
    assert queued_drawings() == [{"args": [[a.pk for a in line.attachments.order_by("pk")]], "kwargs": {}}]


def test_a_page_is_not_found_before_the_worker_draws_it_and_served_after(auditor_client, line, media_root):
    photo = attach(line, photo_jpeg(), "photo.jpg", drawn=False)

    before = auditor_client.get(page_url(photo))
    drawn_by_the_request = list(media_root.rglob("*.png"))
    draw_scan_pages.call([photo.pk])
    after = auditor_client.get(page_url(photo))

    assert before.status_code == 404
    assert drawn_by_the_request == []
    assert after.status_code == 200


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"%PDF-1.4 torn\n%%EOF", "The document is damaged or protected by a password."),
        (b"date;amount\n2025-03-15;12.00\n", "Only PDF, JPEG and PNG documents are shown."),
    ],
)
def test_a_document_that_cannot_be_shown_says_why_once_tried_and_is_not_queued_again(auditor_client, line, data, why):
    attach(line, data, "document.pdf", kind=AttachmentKind.PAYMENT_PROOF)

    content = auditor_client.get(invoice_url(line)).content.decode()

    assert f"The pages cannot be shown. {why}" in content
    assert queued_drawings() == []


def test_a_sha256_that_is_not_one_never_names_a_file(auditor_client, line, media_root):
    photo = attach(line, photo_jpeg(), "photo.jpg", sha256="../../outside")

    response = auditor_client.get(page_url(photo))

    assert response.status_code == 200
    assert [path.parent for path in media_root.rglob("*-1-120.png")] == [media_root / "scan-pages"]


def test_a_page_beyond_the_last_is_not_found(auditor_client, line):
    photo = attach(line, photo_jpeg(), "photo.jpg")

    assert auditor_client.get(page_url(photo, 2)).status_code == 404


def test_a_partner_of_another_partnership_gets_404_on_a_page_image(client, line):
    photo = attach(line, photo_jpeg(), "photo.jpg")
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=make_partnership()))

    response = client.get(page_url(photo))

    assert response.status_code == 404


def test_an_attachment_of_another_claim_is_not_found_through_ones_own_claim(client, line):
    theirs = attach(make_claim(lines=1).invoices.get(), photo_jpeg(), "photo.jpg")
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=line.claim.partnership))

    response = client.get(reverse("grants:attachment-page", args=[line.claim_id, theirs.pk, 1]))

    assert response.status_code == 404


def test_the_invoice_page_boxes_the_values_read_in_percent_of_the_page(auditor_client, line):
    attach(
        line,
        photo_jpeg(),
        "photo.jpg",
        reading_status=ReadingStatus.READ,
        pages=1,
        reading=reading(
            amount=read_value(Decimal("1500.00"), (250, 500, 750, 600), text="1 500,00 EUR"),
            invoice_date=read_value(date(2025, 3, 15), (100, 20, 300, 60), text="15/03/2025", confidence=64.4),
        ),
    )

    content = auditor_client.get(invoice_url(line)).content.decode()

    assert '<img src="%s" width="600" height="1200"' % page_url(line.attachments.get()) in content
    amount = re.search(r'<g class="scan-box amount"><rect ([^>]*)>', content).group(1)
    assert amount == 'x="25.000%" y="25.000%" width="50.000%" height="5.000%"'
    date_box = re.search(r'<g class="scan-box invoice_date"><rect ([^>]*)>', content).group(1)
    assert date_box == 'x="10.000%" y="1.000%" width="20.000%" height="2.000%"'


def test_the_legend_sets_each_value_read_beside_the_declared_one(auditor_client, line):
    attach(
        line,
        photo_jpeg(),
        "photo.jpg",
        reading_status=ReadingStatus.READ,
        pages=1,
        reading=reading(
            amount=read_value(Decimal("1500.00"), (250, 500, 750, 600), text="1 500,00"),
            currency=read_value("EUR", (760, 500, 800, 600), text="EUR"),
            invoice_number=read_value("T-2025-9999", (100, 100, 300, 140), confidence=72.6),
        ),
    )

    content = auditor_client.get(invoice_url(line)).content.decode()
    rows = {
        field: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for field, row in re.findall(r'<span class="swatch (\w+)" aria-hidden="true"></span>(.*?)</tr>', content, re.S)
    }

    assert rows["amount"] == "Amount €1,500.00 1 500,00 (EUR) (91%) ✓ agrees"
    assert rows["invoice_number"] == "Number T-2025-0001 T-2025-9999 (73%) ≠ differs"
    assert rows["invoice_date"] == "Date Mar 15, 2025 — ? not found"


def test_a_value_the_scan_rule_found_wrong_is_marked_as_the_rule_says(auditor_client, line):
    attach(
        line,
        photo_jpeg(),
        "photo.jpg",
        reading_status=ReadingStatus.READ,
        reading=reading(invoice_date=read_value(date(2025, 3, 15), (100, 20, 300, 60))),
    )
    Finding.objects.create(
        claim=line.claim,
        invoice=line,
        rule_code=ScanRule.code,
        outcome=FindingOutcome.WARN,
        message=ScanRule.DATE_DIFFERS,
        message_params={"date_read": "2025-03-15", "date_declared": "2025-03-15"},
    )

    content = auditor_client.get(invoice_url(line)).content.decode()

    date_row = re.search(r'swatch invoice_date".*?</tr>', content, re.S).group(0)
    assert '<span class="mark differ">' in date_row


def test_the_municipality_sees_the_same_boxes_and_legend_in_its_language(client, line):
    attach(
        line,
        photo_jpeg(),
        "photo.jpg",
        reading_status=ReadingStatus.READ,
        reading=reading(amount=read_value(Decimal("1500.00"), (250, 500, 750, 600), text="1 500,00 EUR")),
    )
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=line.claim.partnership, language=Language.FR))

    content = client.get(invoice_url(line)).content.decode()

    assert '<rect x="25.000%" y="25.000%" width="50.000%" height="5.000%">' in content
    with translation.override("fr"):
        assert pgettext("read on an invoice", "Amount") in content
        assert gettext("agrees") in content


def test_a_scan_waiting_to_be_read_says_so_and_one_that_failed_says_why(auditor_client, line):
    attach(line, photo_jpeg(), "waiting.jpg", reading_status=ReadingStatus.WAITING)
    attach(line, photo_jpeg(), "failed.jpg", reading_status=ReadingStatus.FAILED, reading_error="too_large")

    content = auditor_client.get(invoice_url(line)).content.decode()

    assert "Waiting to be read." in content
    assert "Could not be read: too many pages or pixels to be read." in content


def test_the_scan_comes_before_the_proof_of_payment(auditor_client, line):
    attach(line, photo_jpeg(), "proof.jpg", kind=AttachmentKind.PAYMENT_PROOF)
    attach(line, photo_jpeg(), "invoice.jpg")

    content = auditor_client.get(invoice_url(line)).content.decode()

    assert content.index('<p class="scan-title"><strong>Invoice scan invoice.jpg') < content.index(
        '<p class="scan-title"><strong>Proof of payment proof.jpg'
    )


def test_the_invoice_page_runs_the_same_queries_for_one_scan_and_for_four(auditor_client, line):
    attach(line, photo_jpeg(), "scan-1.jpg", reading_status=ReadingStatus.READ, reading=reading())
    with CaptureQueriesContext(connection) as one:
        auditor_client.get(invoice_url(line))
    for number in range(2, 4):
        attach(line, photo_jpeg(), f"scan-{number}.jpg", reading_status=ReadingStatus.READ, reading=reading())
    attach(line, photo_jpeg(), "proof.jpg", kind=AttachmentKind.PAYMENT_PROOF)

    with CaptureQueriesContext(connection) as four:
        content = auditor_client.get(invoice_url(line)).content.decode()

    assert content.count('class="scan-sheet"') == 4
    assert len(four) == len(one)
