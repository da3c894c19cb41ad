import os
import shutil

import pytest
from django.utils import translation
from playwright.sync_api import sync_playwright

from demo.loading import load_everything

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in the test thread; Django would
    # otherwise refuse the ORM calls that the fixtures make from it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


BROWSER_CLAIMS = {"BJ-ANZ-PER", "EC-BIE-SFO"}


@pytest.fixture(autouse=True)
def one_write_at_a_time(settings):
    """Keep the browser's parallel requests (the home page's charts) from writing at once.

    The live server shares the test's in-memory SQLite connection between its threads, so
    two requests saving their sessions together break each other's savepoints ("no such
    savepoint"). In production each thread has its own connection; the minute's save
    that keeps a session in use alive is tested without a browser
    (tests/partnerships/test_sign_in_security.py).
    """
    settings.SESSION_TOUCH_SECONDS = settings.SESSION_COOKIE_AGE


@pytest.fixture
def demo(transactional_db):
    """Browser tests use a live server, so the demo is loaded into a committed database.

    Only the claims the browser tests open are generated: the rest of the demo is the same.
    """
    load_everything(claims_of=BROWSER_CLAIMS)


@pytest.fixture
def open_as(browser, live_server, demo):
    """Return a function that signs in as a demo user in a fresh browser and returns the page."""
    contexts = []

    def _open_as(username, accept_language="en"):
        context = browser.new_context(locale=accept_language, viewport={"width": 1200, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state("domcontentloaded")
        return page

    yield _open_as
    # Let the last page's images and scripts finish before the database is emptied for
    # the next test: the live server shares its connection with the test (SQLite in
    # memory), and a request still running would write its session into the next test.
    for context in contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()


def screenshot(page, name):
    """Keep a picture of the page when E2E_SCREENSHOTS names a folder, for a person to look at."""
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def in_language(text, lang):
    """What a page in `lang` says for an English message id: tests find buttons by it."""
    with translation.override(lang):
        return translation.gettext(text)
