import pytest
from playwright.sync_api import expect

from reporting.models import PartnerReport
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


def draft():
    return PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period="h1")


def test_partner_writes_its_report_without_losing_text_when_the_connection_drops(open_as, live_server):
    page = open_as("perere")
    page.goto(f"{live_server.url}{draft().get_absolute_url()}")
    page.wait_for_load_state("load")
    results = page.locator("#section-results textarea")

    results.fill("Le budget participatif 2026 a été adopté en conseil.")
    # Locator assertions, not wait_for_function: the page's Content-Security-Policy refuses eval.
    status = page.locator("#save-status")
    expect(status).to_have_text(in_language("Saved.", "fr"))
    assert draft().results == "Le budget participatif 2026 a été adopté en conseil."

    page.context.set_offline(True)
    difficulties = page.locator("#section-difficulties textarea")
    difficulties.fill("La route de Pèrèrè était coupée en août.")
    offline = in_language("Not saved: no connection. Your text is kept on this device and will be sent again.", "fr")
    expect(status).to_have_text(offline)
    screenshot(page, "perere-report-offline")
    assert draft().difficulties == ""

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text(in_language("Saved.", "fr"))
    assert draft().difficulties == "La route de Pèrèrè était coupée en août."

    # A click returns before the form's answer: wait for it before reading the database.
    page.get_by_role("button", name=in_language("Submit the report…", "fr")).click()
    page.wait_for_url("**/submitted/**")
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Submit it anyway", "fr")).click()
    assert draft().status == "submitted"
    screenshot(page, "perere-report-submitted")


def test_programme_team_reviews_original_and_translation_side_by_side(open_as, live_server):
    report = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2025, period="year")
    page = open_as("coordinator")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")

    assert page.locator("#section-progress [lang=fr]").first.inner_text().startswith("Les consultations citoyennes")
    page.locator("#section-progress textarea[lang=nl]").fill("Er werden gemeenschapsvergaderingen gehouden.")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("#section-progress form.autosave button").click()
    page.fill("#return-comment", "Graag cijfers per indicator toevoegen.")
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Return to the partner", "nl")).click()
    screenshot(page, "coordinator-report-returned")

    report.refresh_from_db()
    assert report.status == "returned"
    assert report.progress_translation == "Er werden gemeenschapsvergaderingen gehouden."
    assert report.progress.startswith("Les consultations citoyennes")
