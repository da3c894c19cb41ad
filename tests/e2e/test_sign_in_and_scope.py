import pytest

from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


def test_partner_from_benin_sees_only_its_partnership_in_french(open_as, live_server):
    page = open_as("perere", accept_language="nl-BE")
    page.locator("main a[href='/partnerships/BJ-ANZ-PER/']").first.click()
    page.wait_for_load_state("domcontentloaded")

    assert page.url.endswith("/partnerships/BJ-ANZ-PER/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text().startswith("Anzegem – Pèrèrè")
    assert page.get_by_text(in_language("Partner side", "fr")).is_visible()
    screenshot(page, "perere-partnership")

    page.get_by_role("link", name=in_language("Partnerships", "fr")).first.click()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "BJ-ANZ-PER" in rows.first.inner_text()

    response = page.goto(f"{live_server.url}/partnerships/SN-ZEM-SOK/")
    assert response.status == 404


def test_partner_from_ecuador_sees_only_its_partnership_in_spanish(open_as, live_server):
    page = open_as("sanfelipe")
    page.locator("main a[href='/partnerships/EC-BIE-SFO/']").first.click()
    page.wait_for_load_state("domcontentloaded")

    assert page.url.endswith("/partnerships/EC-BIE-SFO/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_text(in_language("Allocations and tranches", "es")).is_visible()
    assert page.goto(f"{live_server.url}/partnerships/BJ-ANZ-PER/").status == 404
    screenshot(page, "sanfelipe-404")


def test_coordinator_sees_the_whole_programme_in_dutch(open_as):
    page = open_as("coordinator")

    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_text("GLOBE-2022-2026").first.is_visible()
    assert page.get_by_text("824.000").first.is_visible()
    screenshot(page, "coordinator-home")

    page.get_by_role("link", name=in_language("Partnerships", "nl")).first.click()
    assert page.locator("main table tbody tr").count() == 17

    page.select_option("select[name=country]", "SN")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("main table tbody tr").count() == 3
    screenshot(page, "coordinator-partnerships-senegal")


def test_user_switches_language_from_the_header(open_as):
    page = open_as("ralga")
    assert page.locator("html").get_attribute("lang") == "en"

    page.select_option("#language-select", "fr")
    page.locator("header form.inline button[type=submit]").first.click()
    page.wait_for_load_state("domcontentloaded")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name=in_language("Write your report", "fr")).is_visible()
