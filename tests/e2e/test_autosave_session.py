"""The report autosave after the session ends: it says so, keeps the text, and keeps it from others.

The server's side (401 JSON, Clear-Site-Data) is in tests/reporting/test_autosave_session.py.
"""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from partnerships.models import User
from reporting.models import PartnerReport
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e

SIGNED_OUT = "You are signed out: your text is kept on this device, sign in to send it."
RESTORED = "Text you typed earlier on this device was restored; save it to keep it."
OFFLINE = "Not saved: no connection. Your text is kept on this device and will be sent again."
STALE = "Not saved: this page is out of date. Your text is kept on this device; reload the page to send it."


def draft():
    return PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period="h1")


def report_page(page, live_server):
    # Leaving a page with unsent text asks first (beforeunload): the person says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}{draft().get_absolute_url()}")
    page.wait_for_load_state("load")


def stored(page):
    """What the site keeps in this browser's localStorage."""
    return page.evaluate("Object.fromEntries(Object.entries(localStorage))")


def copy_key(username, section):
    return f"citylink:{User.objects.get(username=username).pk}:report-{draft().pk}-{section}"


def sign_in_on_this_page(page, username):
    """Fill the sign-in page the browser is on; it returns to the page that sent it there."""
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.wait_for_load_state("load")


def sign_out_in_another_page(page, live_server):
    other = page.context.new_page()
    other.goto(f"{live_server.url}/reports/")
    with other.expect_navigation():
        other.locator("#sign-out button").click()
    return other


def session_ends_while_idle(page, live_server):
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("session_ends", [sign_out_in_another_page, session_ends_while_idle])
def test_text_typed_after_the_session_ended_is_kept_on_the_device_and_sent_after_signing_in(
    open_as, live_server, session_ends
):
    page = open_as("perere")
    report_page(page, live_server)
    before = draft().results
    session_ends(page, live_server)

    text = "Le conseil a adopté le budget participatif, tapé après la fin de la session."
    page.locator("#section-results textarea").fill(text)
    status = page.locator("#save-status")
    expect(status).to_have_text(in_language(SIGNED_OUT, "fr"))
    screenshot(page, "autosave-signed-out")
    assert stored(page) == {copy_key("perere", "results"): text}
    assert draft().results == before

    page.reload()
    sign_in_on_this_page(page, "perere")
    expect(page.locator("#section-results textarea")).to_have_value(text)
    expect(status).to_have_text(in_language(RESTORED, "fr"))
    with page.expect_navigation():
        page.locator("#section-results button[type=submit]").click()
    assert draft().results == text
    assert stored(page) == {}


def test_after_signing_in_again_in_another_page_the_first_asks_for_a_reload_and_keeps_the_text(open_as, live_server):
    page = open_as("perere")
    report_page(page, live_server)
    other = sign_out_in_another_page(page, live_server)
    sign_in_on_this_page(other, "perere")

    text = "Tapé dans une page ouverte avant de se reconnecter ailleurs."
    page.locator("#section-difficulties textarea").fill(text)
    expect(page.locator("#save-status")).to_have_text(in_language(STALE, "fr"))
    assert stored(page) == {copy_key("perere", "difficulties"): text}
    assert draft().difficulties == ""

    page.reload()
    expect(page.locator("#section-difficulties textarea")).to_have_value(text)
    page.locator("#section-difficulties textarea").press("End")
    page.locator("#section-difficulties textarea").press_sequentially(" Envoyé.")
    expect(page.locator("#save-status")).to_have_text(in_language("Saved.", "fr"))
    assert draft().difficulties == f"{text} Envoyé."
    assert stored(page) == {}


def test_signing_out_leaves_no_copy_of_unsent_text_in_the_browser(open_as, live_server):
    page = open_as("perere")
    report_page(page, live_server)
    # Someone else's copy, left when their session ended: only Clear-Site-Data removes it.
    page.evaluate("localStorage.setItem('citylink:0:report-0-results', 'Texte de quelqu’un d’autre.')")
    page.route("**/sections/**", lambda route: route.abort())

    text = "Tapé sans connexion juste avant de se déconnecter."
    page.locator("#section-difficulties textarea").fill(text)
    expect(page.locator("#save-status")).to_have_text(in_language(OFFLINE, "fr"))
    assert text in stored(page).values()

    with page.expect_navigation():
        page.locator("#sign-out button").click()
    assert stored(page) == {}


def test_a_copy_left_when_the_session_ended_is_never_put_in_another_persons_form(open_as, live_server):
    page = open_as("perere")
    report_page(page, live_server)
    page.route("**/sections/**", lambda route: route.abort())
    text = "Texte de Pèrèrè, jamais envoyé."
    page.locator("#section-results textarea").fill(text)
    expect(page.locator("#save-status")).to_have_text(in_language(OFFLINE, "fr"))
    page.unroute("**/sections/**")
    session_ends_while_idle(page, live_server)

    page.reload()
    sign_in_on_this_page(page, "coordinator")
    expect(page.locator("#section-results form.autosave textarea")).to_have_value(draft().results)
    expect(page.locator("#save-status")).to_be_empty()
    # Still hers, for when she signs in again on this browser.
    assert stored(page) == {copy_key("perere", "results"): text}


def test_a_save_refused_because_the_report_was_submitted_meanwhile_asks_for_a_reload(open_as, live_server):
    page = open_as("perere")
    report_page(page, live_server)
    PartnerReport.objects.filter(pk=draft().pk).update(status="submitted")

    text = "Tapé pendant qu’une collègue soumettait le rapport."
    page.locator("#section-results textarea").fill(text)
    expect(page.locator("#save-status")).to_have_text(in_language(STALE, "fr"))
    assert stored(page) == {copy_key("perere", "results"): text}
    assert draft().results == ""
