"""The auditor reads an invoice's scan beside its line, zooms it with the keys and sees what was read on it."""

import hashlib
import random

import pytest
from django.core.files.base import ContentFile

from demo.invoice_documents import invoice_document
from grants.invoice_reading import read_invoice
from grants.models import AttachmentKind, ExpenseClaim, InvoiceAttachment, ReadingStatus
from grants.ocr import read_document
from grants.tasks import draw_scan_pages
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import PHONE, check_page

pytestmark = pytest.mark.e2e


@pytest.fixture
def read_scan(media_root, demo):
    """A line of the Benin claim in audit with a French invoice as its scan, read as the worker reads it.

    The invoice prints another number than the line declares, so the legend shows a difference.
    The PDF has a text layer: its reading needs no Tesseract. Its pages are drawn as the worker
    draws them after reading. Tests ask for this fixture before open_as, so that the demo's
    files go to the test's MEDIA_ROOT too.
    """
    claim = ExpenseClaim.objects.get(partnership__code="BJ-ANZ-PER", year=2025)
    scan = InvoiceAttachment.objects.filter(claim=claim, kind=AttachmentKind.SCAN).order_by("invoice__line").first()
    line = scan.invoice
    printed = {
        "supplier": line.supplier,
        "invoice_number": f"{line.invoice_number}-B",
        "invoice_date": line.invoice_date,
        "amount": line.amount,
        "currency": line.currency,
        "description": line.description,
        "addressed_to": line.addressed_to,
        "paid_by": line.paid_by,
    }
    data, content_type = invoice_document(printed, layout_language="fr", rng=random.Random(17))
    scan.file.save("facture.pdf", ContentFile(data), save=False)
    scan.reading = read_invoice(read_document(data, content_type)).to_json()
    scan.reading_status, scan.pages, scan.sha256 = ReadingStatus.READ, 1, hashlib.sha256(data).hexdigest()
    scan.save()
    # The worker draws the pages after reading; the invoice page only shows what it drew.
    draw_scan_pages.call([scan.pk])
    return scan


def test_auditor_zooms_the_scan_with_the_keys_and_sees_the_values_read_boxed(read_scan, open_as, live_server):
    page = open_as("auditor")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/claims/{read_scan.claim_id}/lines/{read_scan.invoice.line}/")
    picture = page.locator("#scan-viewer .scan-sheet img").first
    picture.evaluate("img => img.decode()")
    fit_width = picture.bounding_box()["width"]

    boxes = page.locator("#scan-viewer .scan-box")
    assert boxes.count() >= 3
    assert "amount" in boxes.first.get_attribute("class")
    assert page.locator(".scan-legend .mark.differ").count() >= 1
    screenshot(page, "scan_viewer")

    page.locator("h1").click()
    page.keyboard.press("+")

    assert picture.bounding_box()["width"] == pytest.approx(fit_width * 1.25, abs=2)
    assert page.locator(".scan-zoom-level").inner_text() == "125%"
    # The boxes grow with the page: they are placed in percent of it.
    assert boxes.first.locator("rect").bounding_box()["width"] > 0
    screenshot(page, "scan_viewer_zoomed")

    page.keyboard.press("0")

    assert picture.bounding_box()["width"] == pytest.approx(fit_width, abs=2)


def test_the_zoom_keys_type_in_the_comment_instead_of_zooming(read_scan, open_as, live_server):
    page = open_as("auditor")
    page.goto(f"{live_server.url}/claims/{read_scan.claim_id}/lines/{read_scan.invoice.line}/")
    picture = page.locator("#scan-viewer .scan-sheet img").first
    picture.evaluate("img => img.decode()")
    fit_width = picture.bounding_box()["width"]

    page.locator("#decision-form textarea[name=comment]").type("+-0")

    assert page.locator("#decision-form textarea[name=comment]").input_value().endswith("+-0")
    assert picture.bounding_box()["width"] == pytest.approx(fit_width, abs=1)


def test_the_invoice_page_with_its_scan_passes_wcag_21_aa_and_fits_a_phone(read_scan, open_as, live_server):
    page = open_as("auditor")
    page.set_viewport_size(PHONE)
    problems = []

    check_page(page, f"{live_server.url}/claims/{read_scan.claim_id}/lines/{read_scan.invoice.line}/", "scan", problems)

    assert problems == []
    screenshot(page, "scan_viewer_phone")
