"""The Flemish officer sends a statement with a ZIP of its scans, confirms, watches them read and pairs the photo."""

import io
import random
import zipfile

import pytest
from django.core.management import call_command
from django.utils import translation
from PIL import Image

from demo.documents import scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_statement, write_statement
from grants.models import ExpenseClaim, InvoiceAttachment, MatchedBy
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e

CODE = "BJ-ANZ-PER"
# Allocations exist for 2026 but no claim yet: the import creates the draft.
YEAR = 2026


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def statement_and_scans(tmp_path):
    partnership = next(p for p in DEMO_PARTNERSHIPS if p.code == CODE)
    rows = generate_statement(partnership=partnership, year=YEAR, count=3, rng=random.Random("e2e"), traps=False).rows
    path = tmp_path / "etat.csv"
    write_statement(rows, path, language="fr", fmt="csv")
    photo = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(photo, format="JPEG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as scans:
        for row in rows[:2]:
            number = row["invoice_number"]
            scans.writestr(f"{number}.pdf", scan_pdf("FACTURE", [f"Facture n° {number}", "Total TTC : 1 000 FCFA"]))
        scans.writestr("IMG_2041.jpg", photo.getvalue())
    zipped = {"name": "scans.zip", "mimeType": "application/zip", "buffer": archive.getvalue()}
    return path, rows, zipped


def test_officer_sends_scans_with_the_statement_and_pairs_the_one_left_by_hand(open_as, live_server, tmp_path):
    path, rows, zipped = statement_and_scans(tmp_path)
    page = open_as("anzegem", accept_language="nl")
    page.goto(f"{live_server.url}/claims/upload/")
    page.select_option("select[name=partnership]", CODE)
    page.fill("input[name=year]", str(YEAR))
    page.set_input_files("input[name=file]", str(path))
    page.set_input_files("input[name=scans]", zipped)
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Check the file", "nl")).click()
    assert page.locator(".scans-sent strong").inner_text() == "3"
    screenshot(page, "statement-preview-with-scans")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    claim = ExpenseClaim.objects.get(partnership__code=CODE, year=YEAR)
    section = page.locator("#scans")
    assert section.locator("[data-progress-text]").inner_text() == translated_count(0, 3)
    screenshot(page, "claim-scans-waiting")

    # The worker that `make run` starts beside the server, run here once over the queue;
    # the page follows the reading and reloads when it is done.
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    section.locator("[data-progress-text]", has_text=translated_count(3, 3)).wait_for(timeout=20_000)
    screenshot(page, "claim-scans-read")

    free_line = rows[2]["line"]
    section.locator("input[name=line]").fill(str(free_line))
    with page.expect_navigation():
        section.get_by_role("button", name=in_language("Pair", "nl")).click()

    photo = InvoiceAttachment.objects.get(claim=claim, original_name="IMG_2041.jpg")
    assert (photo.invoice.line, photo.matched_by) == (free_line, MatchedBy.HAND)
    assert page.locator("#scans table.unmatched-files").count() == 0


def translated_count(read, count):
    with translation.override("nl"):
        return translation.ngettext("%(read)s of %(count)s scan read", "%(read)s of %(count)s scans read", count) % {
            "read": read,
            "count": count,
        }
