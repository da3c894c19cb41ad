"""The Flemish officer imports a statement from the template, then replaces the draft's lines."""

import io

import pytest
from openpyxl import load_workbook

from core.formatting import format_money
from grants.models import ExpenseClaim
from grants.resources import COLUMNS
from grants.statement_template import choice_words
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e

CODE = "BJ-ANZ-PER"
# Allocations exist for 2026 but no claim yet: the import creates the draft.
YEAR = "2026"


def filled(template_path, lines):
    """The downloaded template with `lines` (line number, amount in XOF) filled in."""
    workbook = load_workbook(template_path)
    sheet = workbook.worksheets[0]
    for number, amount in lines:
        values = {
            "line": number,
            "invoice_date": "15/03/2026",
            "supplier": "Papeterie Le Savoir",
            "invoice_number": f"FV26-{number}",
            "description": "Fournitures de bureau",
            "currency": "XOF",
            "amount": amount,
            "category": choice_words("category", "nl")[1],
            "paid_by": choice_words("paid_by", "nl")[1],
        }
        sheet.append([values.get(name) for name in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {"name": "uitgavenstaat.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}


def upload(page, live_server, file, *, replace=False):
    page.goto(f"{live_server.url}/claims/upload/")
    page.select_option("select[name=partnership]", CODE)
    page.fill("input[name=year]", YEAR)
    page.set_input_files("input[name=file]", file)
    if replace:
        page.check("input[name=mode][value=replace]")
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Check the file", "nl")).click()


def test_flemish_officer_imports_the_filled_template_and_replaces_the_drafts_lines(open_as, live_server, tmp_path):
    page = open_as("anzegem", accept_language="nl")
    page.goto(f"{live_server.url}/claims/upload/")
    assert page.locator(".statement-columns code", has_text="factuurdatum").count() == 1
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"statement-upload-{width}")
    page.set_viewport_size({"width": 1200, "height": 900})
    with page.expect_download() as download:
        page.get_by_role("link", name=in_language("Download a template (XLSX)", "nl")).click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    upload(page, live_server, filled(template, [(1, 131191.40), (2, 65595.70)]))
    assert page.locator(".card", has_text=in_language("Lines read", "nl")).locator("strong").inner_text() == "2"
    screenshot(page, "statement-preview")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    claim = ExpenseClaim.objects.get(partnership__code=CODE, year=int(YEAR))
    claimed = page.locator(".totals .card", has_text=in_language("Claimed", "nl")).locator("strong")
    assert claimed.inner_text() == format_money(300, "EUR", "nl")
    screenshot(page, "statement-imported")

    with page.expect_navigation():
        page.get_by_role("link", name=in_language("Replace the lines by a new statement", "nl")).click()
    assert page.locator("input[name=mode][value=replace]").is_checked()
    page.set_input_files("input[name=file]", filled(template, [(1, 655957)]))
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Check the file", "nl")).click()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url.endswith(f"/claims/{claim.pk}/")
    assert claimed.inner_text() == format_money(1000, "EUR", "nl")
    assert claim.invoices.count() == 1
