"""The report cycle as issue 5 checks it: write, return, correct, resubmit, approve."""

from decimal import Decimal

import pytest

from demo.documents import photo_png
from reporting.models import EvidenceFile, Indicator, IndicatorValue, PartnerReport, ReportPeriod
from reporting.selectors import indicator_actuals
from reporting.services import reporting_period_open
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


def write_and_submit(page, live_server, report, lang, text, values, photo_path):
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    page.wait_for_load_state("load")
    page.locator("#section-results textarea").fill(text)
    page.locator("#section-results form button").click()
    for indicator, value in values.items():
        page.fill(f"input[name=value-{indicator.pk}]", value)
    page.get_by_role("button", name=in_language("Save the values", lang)).click()
    page.set_input_files("input[name=file]", str(photo_path))
    page.fill("input[name=caption]", "Atelier")
    page.get_by_role("button", name=in_language("Add the evidence", lang)).click()
    confirm_submission(page, lang)


def confirm_submission(page, lang):
    """Submit from the report page, then confirm on the page that lists what is still empty."""
    page.get_by_role("button", name=in_language("Submit the report…", lang)).click()
    page.wait_for_url("**/submitted/**")
    # The click returns before the form's answer: wait for it before anyone reads the report.
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_perere_and_coordinator_take_a_half_year_report_through_return_and_approval(open_as, live_server, tmp_path):
    report = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period=ReportPeriod.H1)
    revenue = Indicator.objects.get(outcome__partnership__code="BJ-ANZ-PER", code="O1.3")
    photo = tmp_path / "atelier.png"
    photo.write_bytes(photo_png(width=2400, height=1800, seed=3))
    perere = open_as("perere")

    write_and_submit(
        perere, live_server, report, "fr", "Le budget participatif a été adopté.", {revenue: "52000000"}, photo
    )
    screenshot(perere, "cycle-perere-submitted")
    coordinator = open_as("coordinator")
    coordinator.goto(f"{live_server.url}{report.get_absolute_url()}")
    coordinator.fill("#return-comment", "Graag het aantal deelnemers vermelden.")
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name=in_language("Return to the partner", "nl")).click()
    report.refresh_from_db()
    assert report.status == "returned"

    perere.goto(f"{live_server.url}{report.get_absolute_url()}")
    assert perere.get_by_text("Graag het aantal deelnemers vermelden.").first.is_visible()
    perere.locator("#section-results textarea").fill("Le budget participatif a été adopté par 212 participants.")
    perere.locator("#section-results form button").click()
    confirm_submission(perere, "fr")
    coordinator.goto(f"{live_server.url}{report.get_absolute_url()}")
    coordinator.get_by_role("link", name=in_language("Approve…", "nl")).click()
    coordinator.wait_for_url("**/approved/**")
    with coordinator.expect_navigation():
        coordinator.locator("main form button[type=submit]").click()
    screenshot(coordinator, "cycle-coordinator-approved")

    report.refresh_from_db()
    assert report.status == "approved"
    assert "212 participants" in report.results
    assert IndicatorValue.objects.get(report=report, indicator=revenue).value == Decimal("52000000")
    assert EvidenceFile.objects.get(report=report).content_type == "image/png"
    assert dict(indicator_actuals(revenue))[2026] == Decimal("52000000")
    chart = coordinator.goto(f"{live_server.url}/partnerships/BJ-ANZ-PER/results/indicators/{revenue.pk}.png")
    assert chart.headers["content-type"] == "image/png"


def test_sanfelipe_reports_in_spanish_and_reaches_nothing_of_benin(open_as, live_server, tmp_path):
    reporting_period_open(year=2026, period=ReportPeriod.YEAR, due_date="2027-03-31")
    report = PartnerReport.objects.get(partnership__code="EC-BIE-SFO", year=2026, period=ReportPeriod.YEAR)
    share = Indicator.objects.get(outcome__partnership__code="EC-BIE-SFO", code="O1.2")
    photo = tmp_path / "taller.png"
    photo.write_bytes(photo_png(seed=5))
    page = open_as("sanfelipe")

    write_and_submit(page, live_server, report, "es", "Se aprobó el presupuesto participativo.", {share: "44"}, photo)
    screenshot(page, "cycle-sanfelipe-submitted")

    report.refresh_from_db()
    assert page.locator("html").get_attribute("lang") == "es"
    assert report.status == "submitted"
    benin = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period=ReportPeriod.H1)
    for path in (
        benin.get_absolute_url(),
        "/partnerships/BJ-ANZ-PER/",
        "/partnerships/BJ-ANZ-PER/results/",
        "/reports/?partnership=BJ-ANZ-PER",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (403, 404) or "BJ-ANZ-PER" not in page.locator("main").inner_text(), path
