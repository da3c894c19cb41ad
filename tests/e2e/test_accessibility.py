"""Every page type, as each kind of user sees it, passes axe's WCAG 2.1 A/AA rules and fits a phone.

One browser context per user and one visit per page type keep the crawl fast: a page type
is the same template whatever row it shows.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from grants.models import ExpenseClaim, Invoice
from reporting.models import Objective, ObjectiveLevel, PartnerReport, ReportStatus
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}
PARTNERSHIP = "BJ-ANZ-PER"
axe = Axe()


def staff_pages():
    claim = ExpenseClaim.objects.get(partnership__code=PARTNERSHIP, year=2025)
    programme = claim.programme
    objective = Objective.objects.filter(programme=programme, level=ObjectiveLevel.SPECIFIC).order_by("pk").first()
    report = PartnerReport.objects.filter(partnership__code=PARTNERSHIP).order_by("pk").first()
    return {
        "home": "/",
        "partnership list": "/partnerships/",
        "partnership detail": f"/partnerships/{PARTNERSHIP}/",
        "claim list": "/claims/",
        "claim detail": f"/claims/{claim.pk}/",
        "invoice page": f"/claims/{claim.pk}/lines/{first_line(claim)}/",
        "upload page": "/claims/upload/",
        "reports list": "/reports/",
        "report page": f"/reports/{report.pk}/",
        "report being written": f"/reports/{draft_report().pk}/",
        "objectives list": "/objectives/",
        "objective detail": f"/programmes/{programme.code}/objectives/{objective.code}/",
        "results framework": f"/partnerships/{PARTNERSHIP}/results/",
        "programme list": "/programmes/",
        "programme detail": f"/programmes/{programme.code}/",
        "programme results": f"/programmes/{programme.code}/results/",
        "annual reports list": "/annual-reports/",
        "annual report page": f"/programmes/{programme.code}/annual-report/2025/",
        "access log": "/partnerships/access-log/",
        "password change": "/accounts/password_change/",
    }


def auditor_pages():
    """The auditor sees the programme but not its results editor nor the access log."""
    pages = staff_pages()
    del pages["programme results"], pages["access log"]
    return pages


def partner_pages():
    """A partner reads its partnership's pages, not the programme's."""
    pages = staff_pages()
    partner = (
        "home",
        "partnership list",
        "partnership detail",
        "claim list",
        "claim detail",
        "invoice page",
        "upload page",
        "reports list",
        "report page",
        "report being written",
        "results framework",
        "password change",
    )
    return {name: pages[name] for name in partner}


def reporter_pages():
    """A partner's reporter sends no statement: the programme's officer imports it."""
    pages = partner_pages()
    del pages["upload page"]
    return pages


def draft_report():
    return PartnerReport.objects.filter(partnership__code=PARTNERSHIP, status=ReportStatus.DRAFT).order_by("pk").first()


def first_line(claim):
    return Invoice.objects.filter(claim=claim).order_by("line").values_list("line", flat=True).first()


def check_page(page, url, name, problems):
    response = page.goto(url)
    page.wait_for_load_state("load")
    if response is None or response.status != 200:
        problems.append(f"{name} ({url}): answered {response.status if response else 'nothing'}")
        return
    results = axe.run(page, options=WCAG_21_AA)
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            problems.append(f"{name} ({url}): {violation['id']} at {node['target']}: {node['failureSummary']}")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{name} ({url}): {width} px wide on a {PHONE['width']} px phone")
    screenshot(page, f"a11y-{name.replace(' ', '-')}")


def crawl(page, base, pages):
    page.set_viewport_size(PHONE)
    problems = []
    for name, path in pages.items():
        check_page(page, base + path, name, problems)
    return problems


@pytest.mark.parametrize(
    "username, pages",
    [("coordinator", staff_pages), ("auditor", auditor_pages), ("perere", reporter_pages), ("anzegem", partner_pages)],
)
def test_every_page_type_passes_wcag_21_aa_and_fits_a_phone(open_as, live_server, username, pages):
    page = open_as(username)
    problems = crawl(page, live_server.url, pages())
    assert not problems, f"{len(problems)} problems as {username}:\n" + "\n".join(problems)


def test_sign_in_and_password_pages_pass_wcag_21_aa_and_fit_a_phone(browser, live_server, demo):
    context = browser.new_context(locale="en", viewport=PHONE)
    try:
        page = context.new_page()
        problems = crawl(
            page,
            live_server.url,
            {"sign-in": "/accounts/login/", "password reset": "/accounts/password_reset/"},
        )
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_staff_homes_money_table_shows_every_column_on_a_1366_px_screen(open_as, live_server):
    page = open_as("coordinator")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/")

    sizes = page.evaluate(
        """[...document.querySelectorAll('.table-wrap')].map(
            wrap => [wrap.getAttribute('aria-label'), wrap.scrollWidth, wrap.clientWidth])"""
    )

    assert sizes and all(scroll <= client for _label, scroll, client in sizes), sizes
