import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


def test_the_coordinator_sets_up_her_authenticator_at_first_sign_in(open_as, live_server, settings):
    settings.REQUIRE_2FA = True
    page = open_as("coordinator")
    page.wait_for_selector(".qr svg")
    screenshot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user__username="coordinator", confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.fill("input[name=password]", "demo")
    page.fill("input[name=token]", code)
    page.get_by_role("button", name=in_language("Confirm", "nl")).click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("link", name=in_language("Annual reports", "nl")).count() == 1


def test_guessing_a_password_locks_that_name_from_that_address_in_the_readers_language(browser, live_server, demo):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    for attempt in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "sokone")
        page.fill("input[name=password]", f"guess-{attempt}")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", name="Trop de tentatives").count() == 1
    screenshot(page, "locked-out")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "sokone")
    page.fill("input[name=password]", "demo")
    page.locator("main button[type=submit]").click()
    assert page.get_by_role("heading", name="Trop de tentatives").count() == 1
    context.close()
