"""A partner's mistake in one value keeps every other value she typed; submitting is confirmed."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from reporting.models import Indicator, IndicatorValue, PartnerReport
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


def draft():
    return PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period="h1")


def indicator(code):
    return Indicator.objects.get(outcome__partnership__code="BJ-ANZ-PER", code=code)


def test_perere_corrects_one_refused_value_without_retyping_the_others_and_submits(open_as, live_server):
    share, revenue, on_time = indicator("O1.2"), indicator("O1.3"), indicator("O2.1")
    IndicatorValue.objects.filter(report=draft()).delete()
    page = open_as("perere", accept_language="fr")
    page.goto(f"{live_server.url}{draft().get_absolute_url()}")
    page.wait_for_load_state("load")

    page.fill(f"#id_value-{share.pk}", "40")
    page.fill(f"#id_value-{revenue.pk}", "1\u202f850\u202f000")
    page.fill(f"#id_value-{on_time.pk}", "beaucoup")
    page.fill(f"#id_comment-{on_time.pk}", "Rapport de janvier en retard")
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Save the values", "fr")).click()

    assert page.url.endswith("#values-errors")
    error = page.locator(f"#error-value-{on_time.pk}")
    expect(error).to_have_text(in_language("%(code)s: write a number.", "fr") % {"code": "O2.1"})
    # The error sits beside its field, inside the indicator's own group.
    assert page.locator(f"#indicator-{on_time.pk} #error-value-{on_time.pk}").count() == 1
    expect(page.locator("#values-errors")).to_be_focused()
    expect(page.locator(f"#id_value-{on_time.pk}")).to_have_value("beaucoup")
    expect(page.locator(f"#id_comment-{on_time.pk}")).to_have_value("Rapport de janvier en retard")
    expect(page.locator(f"#id_value-{share.pk}")).to_have_value("40")
    expect(page.locator(f"#id_value-{revenue.pk}")).to_have_value("1\u202f850\u202f000")
    saved = dict(IndicatorValue.objects.filter(report=draft()).values_list("indicator__code", "value"))
    assert saved == {"O1.2": Decimal("40"), "O1.3": Decimal("1850000")}
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "forgiving-values-refused-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "forgiving-values-refused-390")

    page.locator("#values-errors a").first.click()
    expect(page.locator(f"#id_value-{on_time.pk}")).to_be_focused()
    page.fill(f"#id_value-{on_time.pk}", "75")
    page.get_by_role("button", name=in_language("Submit the report…", "fr")).click()
    page.wait_for_url("**/submitted/**")

    missing = page.locator("ul.missing-values li")
    expect(missing).to_have_count(1)
    expect(missing.first).to_contain_text("O1.1")
    assert draft().status == "draft"
    assert IndicatorValue.objects.get(report=draft(), indicator=on_time).value == Decimal("75")
    screenshot(page, "forgiving-submit-confirm-390")
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Submit it anyway", "fr")).click()
    assert draft().status == "submitted"
