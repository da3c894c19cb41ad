"""The invoice page's keys move between lines only when the focus is not in a form control."""

import pytest

from grants.models import ExpenseClaim, Invoice

pytestmark = pytest.mark.e2e


def invoice_url(live_server, claim, line):
    return f"{live_server.url}/claims/{claim.pk}/lines/{line}/"


def test_arrow_right_in_the_decision_radios_moves_to_the_next_radio_not_the_next_line(open_as, live_server):
    claim = ExpenseClaim.objects.get(partnership__code="BJ-ANZ-PER", year=2025)
    first, second = Invoice.objects.filter(claim=claim).order_by("line").values_list("line", flat=True)[:2]
    page = open_as("auditor")
    page.goto(invoice_url(live_server, claim, first))
    radios = page.locator("#decision-form input[name=verdict]")
    radios.first.check()
    radios.first.focus()

    page.keyboard.press("ArrowRight")

    assert page.url == invoice_url(live_server, claim, first)
    assert radios.nth(1).is_checked()
    assert radios.nth(1).evaluate("radio => radio === document.activeElement")

    # Outside the form the same key still goes to the next line.
    page.locator("h1").click()
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    assert page.url == invoice_url(live_server, claim, second)
