import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reporting.models import AnnualReport, GenerationStatus
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_coordinator_generates_the_spanish_pdf_and_downloads_it(open_as, live_server):
    page = open_as("coordinator")
    page.get_by_role("link", name=in_language("Annual reports", "nl")).click()
    page.select_option("#id_programme", "GLOBE-2022-2026")
    page.fill("#id_year", "2025")
    page.select_option("#id_language", "es")
    page.select_option("#id_file_format", "pdf")
    page.get_by_role("button", name=in_language("Generate", "nl")).click()

    page.wait_for_selector("progress")
    screenshot(page, "annual-report-waiting")
    report = AnnualReport.objects.get()
    assert report.status == GenerationStatus.QUEUED and report.requested_by.username == "coordinator"

    # The worker that `make run` starts beside the server, run here once over the queue.
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    download_link = page.get_by_role("link", name=f"{in_language('Download', 'nl')} GLOBE-2022-2026-2025-es.pdf")
    download_link.wait_for(timeout=15_000)
    screenshot(page, "annual-report-ready")
    with page.expect_download() as download:
        download_link.click()
    path = download.value.path()
    assert download.value.suggested_filename == "GLOBE-2022-2026-2025-es.pdf"
    reader = PdfReader(path)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Informe anual 2025" in text and "Informe financiero" in text
    for code in ("BJ-ANZ-PER", "EC-BIE-SFO", "SA-RW-RALGA"):
        assert code in text
    assert sum(len(p.images) for p in reader.pages) >= 3

    page.goto(f"{live_server.url}/annual-reports/")
    assert page.get_by_role("cell", name=in_language("Ready", "nl")).count() == 1


def test_a_partner_reaches_no_annual_report_page(open_as, live_server):
    page = open_as("perere", accept_language="fr")
    assert page.get_by_role("link", name="Rapports annuels").count() == 0
    for path in ("/annual-reports/", "/programmes/GLOBE-2022-2026/annual-report/2025/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path


def test_coordinator_writes_the_synthesis_and_reads_it_in_the_french_report(open_as, live_server):
    page = open_as("coordinator")
    page.get_by_role("link", name=in_language("Annual reports", "nl")).click()
    # The form proposes the current programme and last year: 2025.
    page.get_by_role("link", name=in_language("Write the team's narrative for this year", "nl")).click()

    synthesis = page.locator("#section-synthesis")
    synthesis.locator("textarea[name$=text]").fill("In 2025 werkten vijftien stedenbanden met een meerjarenplan.")
    synthesis.locator("textarea[name$=translation_fr]").fill(
        "En 2025, quinze partenariats ont travaillé avec un plan pluriannuel."
    )
    synthesis.locator("textarea[name$=translation_es]").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Save the narrative", "nl")).click()
    screenshot(page, "team-narrative-saved")

    page.goto(f"{live_server.url}/programmes/GLOBE-2022-2026/annual-report/2025/?lang=fr")
    assert (
        page.locator("#summary")
        .get_by_text("En 2025, quinze partenariats ont travaillé avec un plan pluriannuel.")
        .count()
        == 1
    )
    page.goto(f"{live_server.url}/programmes/GLOBE-2022-2026/annual-report/2025/?lang=es")
    spanish = page.locator("#summary").inner_text()
    assert "In 2025 werkten vijftien stedenbanden met een meerjarenplan." in spanish
    assert "Texto original en neerlandés" in spanish
    screenshot(page, "annual-report-team-narrative-es")
