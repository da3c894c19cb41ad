"""Signed in, each reader finds on the home page what waits for them, and goes there in one click."""

from datetime import timedelta

import pytest

from core.formatting import format_date
from grants.models import ClaimStatus, ExpenseClaim
from reporting.models import PartnerReport, ReportPeriod
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


def test_perere_finds_her_report_and_its_due_date_on_home_and_opens_it(open_as, live_server):
    report = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period=ReportPeriod.H1)
    page = open_as("perere")

    queue = page.locator("#queue-report")
    assert format_date(report.due_date, "fr") in queue.inner_text()
    screenshot(page, "queue-perere")
    with page.expect_navigation():
        queue.get_by_role("link", name=in_language("Write your report", "fr")).click()

    assert page.url == f"{live_server.url}{report.get_absolute_url()}"
    assert page.locator("#section-results textarea").is_visible()


def test_auditor_home_lists_the_claims_in_audit_oldest_submission_first(open_as):
    waiting = list(ExpenseClaim.objects.filter(status=ClaimStatus.IN_AUDIT).order_by("submitted_at"))
    assert len(waiting) >= 2
    # The claim submitted last moves to the front once its submission is the oldest.
    ExpenseClaim.objects.filter(pk=waiting[-1].pk).update(submitted_at=waiting[0].submitted_at - timedelta(days=10))
    expected = [str(waiting[-1])] + [str(claim) for claim in waiting[:-1]]
    page = open_as("auditor")

    claims = page.locator("#queue-audit tbody tr td:first-child a")

    assert claims.all_inner_texts() == expected
    screenshot(page, "queue-auditor")
