"""The home page is each reader's work queue: what waits for them, oldest first, in their scope."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.formatting import format_date
from grants.deadlines import claim_deadline
from grants.models import (
    Allocation,
    AttachmentKind,
    ClaimStatus,
    ExpenseClaim,
    InvoiceAttachment,
    Programme,
    Tranche,
    Verdict,
)
from reporting.models import PartnerReport, ReportStatus
from reporting.services import report_transition
from tests.browsers import in_language
from tests.claims import claim_of

pytestmark = pytest.mark.django_db

BENIN = "BJ-ANZ-PER"
# Queries of a home page, whatever the amount of data: the figures of today plus a little room.
MAX_QUERIES = {"coordinator": 18, "auditor": 12, "anzegem": 10, "perere": 8}


def home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def section(content, name):
    """The HTML of one queue section of the home page, or None when the page has none."""
    found = re.search(rf'<section class="card queue" id="queue-{name}".*?</section>', content, re.S)
    return found.group(0) if found else None


def nothing_waits(lang):
    with translation.override(lang):
        return translation.gettext("Nothing waits for you.")


def positions(html, labels):
    return [html.index(label) for label in labels]


# The auditor


def test_auditor_home_lists_claims_waiting_for_audit_oldest_submission_first(client, sign_in):
    waiting = list(
        ExpenseClaim.objects.filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT]).order_by("submitted_at")
    )
    # The newest of them submitted first of all: the order follows the dates, not the codes.
    ExpenseClaim.objects.filter(pk=waiting[-1].pk).update(submitted_at=waiting[0].submitted_at - timedelta(days=30))
    sign_in("auditor")

    queue = section(home(client), "audit")

    expected = [str(waiting[-1])] + [str(claim) for claim in waiting[:-1]]
    assert len(waiting) >= 3
    assert positions(queue, expected) == sorted(positions(queue, expected))
    assert reverse("grants:claim-detail", args=[waiting[0].pk]) in queue


def test_auditor_home_counts_the_lines_still_pending_per_claim_and_in_all(client, sign_in):
    claim = claim_of(f"{BENIN}/2025")
    pending = claim.invoices.pending_audit().count()
    total = sum(
        c.invoices.pending_audit().count()
        for c in ExpenseClaim.objects.filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT])
    )
    sign_in("auditor")

    queue = section(home(client), "audit")

    row = re.search(rf"{BENIN}/2025</a>.*?</tr>", queue, re.S).group(0)
    assert f'<td class="num">{pending}</td>' in row
    with translation.override("nl"):
        counted = translation.ngettext(
            "%(counter)s line is still pending.", "%(counter)s lines are still pending.", total
        ) % {"counter": total}
    assert pending > 0 and counted in queue


def test_auditor_home_leaves_out_drafts_and_signed_off_claims(client, sign_in):
    draft = claim_of("NI-MOL-STO/2025")
    closed = claim_of(f"{BENIN}/2024")
    sign_in("auditor")

    queue = section(home(client), "audit")

    assert draft.status == ClaimStatus.DRAFT and str(draft) not in queue
    assert closed.status == ClaimStatus.CLOSED and str(closed) not in queue


def test_auditor_with_nothing_to_audit_reads_that_nothing_waits(client, sign_in):
    ExpenseClaim.objects.filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT]).update(
        status=ClaimStatus.CLOSED
    )
    sign_in("auditor")

    content = home(client)

    assert nothing_waits("nl") in section(content, "audit")
    assert section(content, "review") is None  # the programme team's queues are not the auditor's


# The programme team


def test_programme_team_home_lists_submitted_reports_to_review_oldest_first(client, sign_in):
    older = PartnerReport.objects.get(partnership__code="BJ-MER-TOU", year=2026, period="h1")
    PartnerReport.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=400))
    approved = PartnerReport.objects.get(partnership__code="BJ-ZOE-BOH", year=2025, period="year")
    sign_in("coordinator")

    queue = section(home(client), "review")

    submitted = PartnerReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    assert submitted > 10
    assert queue.count('<tr><td><a href="/reports/') == 10  # the oldest; the report list has the others
    with translation.override("nl"):
        see_all = translation.ngettext(
            "See the %(counter)s submitted report", "See all %(counter)s submitted reports", submitted
        ) % {"counter": submitted}
    assert see_all in queue and reverse("reporting:report-list") + "?status=submitted" in queue
    first_link = re.search(r'<tbody>\s*<tr><td><a href="([^"]+)"', queue).group(1)
    assert first_link == older.get_absolute_url()
    assert approved.get_absolute_url() + '"' not in queue


def test_programme_team_home_lists_late_reports_still_being_written(client, sign_in):
    today = timezone.localdate()
    late = PartnerReport.objects.get(partnership__code="EC-BIE-SFO", year=2026, period="year")
    later = PartnerReport.objects.get(partnership__code="SA-RW-RALGA", year=2026, period="year")
    PartnerReport.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=3))
    PartnerReport.objects.filter(pk=later.pk).update(due_date=today - timedelta(days=1))
    submitted_late = PartnerReport.objects.get(partnership__code="BJ-MER-TOU", year=2026, period="h1")
    PartnerReport.objects.filter(pk=submitted_late.pk).update(due_date=today - timedelta(days=5))
    sign_in("coordinator")

    queue = section(home(client), "late")

    assert positions(queue, [late.get_absolute_url(), later.get_absolute_url()]) == sorted(
        positions(queue, [late.get_absolute_url(), later.get_absolute_url()])
    )
    assert submitted_late.get_absolute_url() + '"' not in queue


def test_programme_team_home_lists_audited_claims_to_sign_off(client, sign_in):
    claim = claim_of("EC-BIE-SFO/2025")
    ExpenseClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.AUDITED)
    sign_in("coordinator")

    content = home(client)

    assert reverse("grants:claim-detail", args=[claim.pk]) in section(content, "sign-off")
    assert str(claim) not in section(content, "audit")
    assert str(claim_of(f"{BENIN}/2024")) not in section(content, "sign-off")  # closed already


def test_programme_team_home_lists_tranches_whose_release_conditions_are_met(client, sign_in):
    # Every 2025 report of BJ-ZOE-BOH is approved and its claim signed off; with no share of
    # the previous tranche to spend first, its planned 2026 tranches may go.
    Programme.objects.update(tranche_spent_share_pct=0)
    ready = Tranche.objects.filter(partnership__code="BJ-ZOE-BOH", year=2026, status="planned")
    not_ready = Tranche.objects.filter(
        partnership__code="BJ-MER-TOU", year=2026, status="planned"
    )  # 2025 report under review
    sign_in("coordinator")

    queue = section(home(client), "release")

    assert ready.exists() and not_ready.exists()
    assert "BJ-ZOE-BOH · 2026/" in queue
    assert "BJ-MER-TOU · 2026/" not in queue


def test_programme_team_reads_that_no_tranche_waits_while_conditions_are_not_met(client, sign_in):
    sign_in("coordinator")

    assert nothing_waits("nl") in section(home(client), "release")


def test_programme_team_still_sees_the_programme_at_a_glance_below_its_queue(client, sign_in):
    sign_in("coordinator")

    content = home(client)

    assert "GLOBE-2022-2026" in content
    assert content.index('id="queue-audit"') < content.index(in_language("nl", "Programme at a glance"))


# The Flemish officer


def owe_claim(code, year):
    """Give the partnership an allocation for `year`, so that it owes that year's claim."""
    if not Allocation.objects.filter(partnership__code=code, year=year).exists():
        allocation = Allocation.objects.filter(partnership__code=code).order_by("-year").first()
        allocation.pk, allocation.year = None, year
        allocation.save()


def test_officer_is_asked_to_import_the_statement_of_the_year_with_its_deadline(client, sign_in):
    year = timezone.localdate().year
    owe_claim(BENIN, year)
    ExpenseClaim.objects.filter(partnership__code=BENIN, year=year).delete()
    programme = Allocation.objects.filter(partnership__code=BENIN, year=year).first().programme
    sign_in("anzegem")

    queue = section(home(client), "submit")

    assert f"{BENIN}/{year}" in queue
    assert reverse("grants:claim-upload") in queue
    assert format_date(claim_deadline(year, programme), "nl") in queue


def test_officer_is_asked_to_submit_a_draft_claim_with_its_deadline_and_late_state(client, sign_in):
    claim = claim_of(f"{BENIN}/2025")
    ExpenseClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.DRAFT, submitted_at=None)
    sign_in("anzegem")

    queue = section(home(client), "submit")

    row = re.search(rf'<li><a href="{reverse("grants:claim-detail", args=[claim.pk])}".*?</li>', queue, re.S).group(0)
    assert format_date(claim_deadline(2025, claim.programme), "nl") in row
    late = timezone.localdate() > claim_deadline(2025, claim.programme)
    assert (in_language("nl", "late") in row) == late


def test_officer_sees_the_questions_waiting_for_an_answer_with_links_to_the_lines(client, sign_in):
    claim = claim_of(f"{BENIN}/2025")
    asked = claim.invoices.filter(verdict=Verdict.NEEDS_INFO).order_by("line")
    first, answered = asked[0], asked[1]
    InvoiceAttachment.objects.create(
        claim_id=answered.claim_id, invoice=answered, kind=AttachmentKind.ANSWER, comment="Voici le reçu."
    )
    sign_in("anzegem")

    queue = section(home(client), "questions")

    assert reverse("grants:invoice-detail", args=[claim.pk, first.line]) in queue
    assert reverse("grants:invoice-detail", args=[claim.pk, answered.line]) + '"' not in queue
    shown = queue.count("<li>")
    assert shown == min(asked.count() - 1, 10)


def test_officer_reads_that_nothing_waits_when_every_claim_is_in(client, sign_in):
    today = timezone.localdate()
    ExpenseClaim.objects.filter(partnership__code=BENIN, status=ClaimStatus.DRAFT).update(status=ClaimStatus.SUBMITTED)
    Allocation.objects.filter(partnership__code=BENIN, year__gte=today.year - 1).delete()
    ExpenseClaim.objects.filter(partnership__code=BENIN).update(status=ClaimStatus.CLOSED)
    sign_in("anzegem")

    content = home(client)

    assert nothing_waits("nl") in section(content, "submit")
    assert nothing_waits("nl") in section(content, "questions")


# The partner's reporter


def test_partner_is_no_longer_sent_away_from_home_and_finds_a_link_to_its_partnership(client, sign_in):
    sign_in("perere")

    content = home(client)

    assert reverse("partnerships:partnership-detail", kwargs={"code": BENIN}) in content


def test_partner_home_shows_the_report_due_first_with_its_date_and_a_write_button(client, sign_in):
    today = timezone.localdate()
    h1 = PartnerReport.objects.get(partnership__code=BENIN, year=2026, period="h1")
    annual = PartnerReport.objects.get(partnership__code=BENIN, year=2026, period="year")
    PartnerReport.objects.filter(pk=h1.pk).update(due_date=today - timedelta(days=2))
    PartnerReport.objects.filter(pk=annual.pk).update(due_date=today + timedelta(days=60))
    sign_in("perere")

    queue = section(home(client), "report")

    button = re.search(r'<a class="button" href="([^"]+)">([^<]+)</a>', queue)
    assert button.groups() == (h1.get_absolute_url(), in_language("fr", "Write your report"))
    assert format_date(today - timedelta(days=2), "fr") in queue
    assert in_language("fr", "late") in queue.split(button.group(0))[0]
    assert annual.get_absolute_url() in queue.split(button.group(0))[1]


def test_partner_home_does_not_call_a_report_late_before_its_due_date(client, sign_in):
    PartnerReport.objects.filter(partnership__code=BENIN, year=2026, period="h1").update(
        status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    PartnerReport.objects.filter(partnership__code=BENIN, year=2026, period="year").update(
        due_date=timezone.localdate() + timedelta(days=10)
    )
    sign_in("perere")

    queue = section(home(client), "report")

    assert in_language("fr", "late") not in queue


def test_returned_report_shows_why_it_came_back(client, sign_in):
    coordinator = sign_in("coordinator")
    report = PartnerReport.objects.get(partnership__code="SN-ZEM-SOK", year=2026, period="h1")
    report_transition(report=report, user=coordinator, status=ReportStatus.RETURNED, comment="Ajoutez les photos.")
    sign_in("sokone")

    queue = section(home(client), "report")

    assert "Ajoutez les photos." in queue
    assert report.get_absolute_url() in queue


def test_partner_sees_nothing_of_another_partnership(client, sign_in):
    sign_in("sokone")

    content = home(client)

    assert BENIN not in content
    assert "SN-ZEM-SOK" in section(content, "report")
    assert section(content, "audit") is None and section(content, "review") is None


def test_partner_with_every_report_sent_reads_that_nothing_waits(client, sign_in):
    PartnerReport.objects.filter(partnership__code="EC-BIE-SFO", status=ReportStatus.DRAFT).update(
        status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    sign_in("sanfelipe")

    assert nothing_waits("es") in section(home(client), "report")


def test_demo_opens_the_2026_report_for_every_partner_reporter(client, sign_in):
    for username in ("perere", "sokone", "sanfelipe", "nuevaguinea", "ralga"):
        sign_in(username)
        queue = section(home(client), "report")
        assert 'class="button"' in queue, username


# Query counts


def add_work():
    """More of everything the queues list: claims in audit, reports to review and to write."""
    today = timezone.localdate()
    ExpenseClaim.objects.filter(year=2024, partnership__isnull=False).update(status=ClaimStatus.IN_AUDIT)
    ExpenseClaim.objects.filter(year=2023, partnership__isnull=False).update(status=ClaimStatus.AUDITED)
    PartnerReport.objects.filter(year=2024).update(status=ReportStatus.SUBMITTED)
    PartnerReport.objects.filter(year=2023).update(status=ReportStatus.DRAFT, approved_at=None, due_date=today)
    PartnerReport.objects.filter(partnership__code=BENIN, year=2022).update(
        status=ReportStatus.RETURNED, approved_at=None
    )
    Programme.objects.update(tranche_spent_share_pct=0)
    ExpenseClaim.objects.filter(partnership__code=BENIN, year=2024).update(status=ClaimStatus.DRAFT)


@pytest.mark.parametrize("username", sorted(MAX_QUERIES))
def test_home_reads_a_fixed_number_of_queries_however_much_waits(
    client, sign_in, username, django_assert_max_num_queries
):
    sign_in(username)
    home(client)  # the session's first save is behind us
    with CaptureQueriesContext(connection) as before, django_assert_max_num_queries(MAX_QUERIES[username]):
        home(client)

    add_work()

    with CaptureQueriesContext(connection) as after, django_assert_max_num_queries(MAX_QUERIES[username]):
        home(client)
    assert len(after) == len(before)
