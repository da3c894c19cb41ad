"""The claim submission deadline: the day a claim is due, on time or late on the claim pages,
and the reminders `send_reminders` e-mails the Flemish officers before and after it."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.formatting import format_date
from grants.deadlines import Timeliness, claim_deadline, claim_timeliness, claims_to_remind
from grants.models import Allocation, ClaimStatus, ExpenseClaim, Programme
from partnerships.models import Membership, Partnership, Role, User
from reporting.reminders import claim_reminder_messages
from tests.claims import claim_of

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
DRAFT = "NI-MOL-STO/2025"  # the demo's draft claim; every other 2025 claim is submitted


@pytest.mark.parametrize(
    ("month", "day", "year", "deadline"),
    [
        (4, 30, 2025, date(2026, 4, 30)),
        (4, 31, 2025, date(2026, 4, 30)),
        (2, 31, 2027, date(2028, 2, 29)),
        (2, 30, 2025, date(2026, 2, 28)),
        (12, 31, 2025, date(2026, 12, 31)),
    ],
)
def test_claim_is_due_on_a_day_of_the_next_year_a_day_31_meaning_the_last_of_a_short_month(month, day, year, deadline):
    programme = Programme(claim_deadline_month=month, claim_deadline_day=day)

    assert claim_deadline(year, programme) == deadline


@pytest.mark.parametrize(
    ("submitted_at", "status"),
    [
        # 23:30 in Brussels on the deadline is still on time, though already the next day in UTC.
        (datetime(2026, 4, 30, 23, 30, tzinfo=BRUSSELS), Timeliness.ON_TIME),
        (datetime(2026, 5, 1, 0, 30, tzinfo=BRUSSELS), Timeliness.LATE),
    ],
)
def test_submitted_claim_is_on_time_until_the_end_of_the_deadline_day_in_brussels(submitted_at, status):
    claim = claim_of("BJ-ANZ-PER/2025")
    claim.submitted_at = submitted_at

    timeliness = claim_timeliness(claim, today=date(2026, 12, 1))

    assert (timeliness.deadline, timeliness.status) == (date(2026, 4, 30), status)


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2026, 4, 30), Timeliness.DUE), (date(2026, 5, 1), Timeliness.OVERDUE)],
)
def test_draft_claim_is_due_until_its_deadline_then_overdue(today, status):
    timeliness = claim_timeliness(claim_of(DRAFT), today)

    assert (timeliness.deadline, timeliness.status) == (date(2026, 4, 30), status)


def test_claim_past_draft_without_a_submission_date_only_has_its_deadline():
    claim = claim_of("BJ-ANZ-PER/2025")
    claim.submitted_at = None

    timeliness = claim_timeliness(claim, date(2026, 5, 1))

    assert (timeliness.deadline, timeliness.status) == (date(2026, 4, 30), None)


def test_association_claims_have_no_deadline():
    claim = ExpenseClaim.objects.filter(budget_line__isnull=False).first()

    assert claim_timeliness(claim, date(2026, 5, 1)) is None


# Claim pages


def in_dutch(message):
    """A deadline message as the auditor, who reads Dutch, sees it: the deadline is 30 April 2026."""
    with translation.override("nl"):
        return translation.gettext(message) % {"deadline": format_date(date(2026, 4, 30))}


def test_claim_page_says_the_claim_was_submitted_late(client, sign_in):
    claim = claim_of("BJ-ANZ-PER/2025")
    ExpenseClaim.objects.filter(pk=claim.pk).update(submitted_at=datetime(2026, 5, 4, 10, tzinfo=BRUSSELS))
    sign_in("auditor")

    response = client.get(reverse("grants:claim-detail", args=[claim.pk]))

    assert in_dutch("Submitted late: the deadline was %(deadline)s.") in response.content.decode()


def test_claim_page_says_the_claim_was_submitted_on_time(client, sign_in):
    claim = claim_of("BJ-ANZ-PER/2025")
    ExpenseClaim.objects.filter(pk=claim.pk).update(submitted_at=datetime(2026, 4, 2, 10, tzinfo=BRUSSELS))
    sign_in("auditor")

    response = client.get(reverse("grants:claim-detail", args=[claim.pk]))

    assert in_dutch("Submitted on time: the deadline was %(deadline)s.") in response.content.decode()


def test_claim_page_of_a_draft_past_its_deadline_says_it_is_not_submitted(client, sign_in):
    sign_in("auditor")

    # 30 April 2026 is past for good: the draft stays overdue whatever day the test runs.
    response = client.get(reverse("grants:claim-detail", args=[claim_of(DRAFT).pk]))

    assert in_dutch("Not submitted yet: the deadline was %(deadline)s.") in response.content.decode()


def test_claim_list_says_which_claims_came_late_and_which_are_overdue(client, sign_in):
    ExpenseClaim.objects.filter(pk=claim_of("BJ-ANZ-PER/2025").pk).update(
        submitted_at=datetime(2026, 5, 4, 10, tzinfo=BRUSSELS)
    )
    ExpenseClaim.objects.filter(pk=claim_of("SN-ZEM-SOK/2025").pk).update(
        submitted_at=datetime(2026, 4, 4, 10, tzinfo=BRUSSELS)
    )
    sign_in("auditor")

    response = client.get(reverse("grants:claim-list"))

    rows = {str(claim): claim.timeliness.status for claim in response.context["claims"] if claim.timeliness}
    assert rows["BJ-ANZ-PER/2025"] == Timeliness.LATE
    assert rows["SN-ZEM-SOK/2025"] == Timeliness.ON_TIME
    assert rows[DRAFT] == Timeliness.OVERDUE
    html = response.content.decode()
    with translation.override("nl"):
        shown = [translation.pgettext("claim deadline", text) for text in ("submitted late", "on time", "overdue")]
    assert all(text in html for text in shown)


# Reminders


@pytest.fixture
def officer():
    """A Flemish officer of the partnership whose 2025 claim is still a draft, reading French."""
    user = User.objects.create_user("mol", email="mol@demo.invalid", language="fr")
    Membership.objects.create(
        user=user, role=Role.FLEMISH_OFFICER, partnership=Partnership.objects.get(code="NI-MOL-STO")
    )
    return user


def claim_mails(messages):
    return {message[3][0]: message for message in messages}


def test_officers_of_an_unsubmitted_claim_are_reminded_the_reminder_days_before_the_deadline(officer):
    messages = claim_mails(claim_reminder_messages(date(2026, 4, 16)))

    subject, body, _sender, _to = messages["mol@demo.invalid"]
    with translation.override("fr"):
        values = {"claim": DRAFT, "due": format_date(date(2026, 4, 30))}
        assert subject == translation.gettext("Expense claim %(claim)s is due on %(due)s") % values
    assert "30 avr. 2026" in body
    # Anzegem's officer submitted BJ-ANZ-PER/2025: nothing to remind.
    assert "anzegem@demo.invalid" not in messages


def test_officers_are_reminded_once_the_day_after_the_deadline(officer):
    messages = claim_mails(claim_reminder_messages(date(2026, 5, 1)))

    subject, body, _sender, _to = messages["mol@demo.invalid"]
    with translation.override("fr"):
        assert subject == translation.gettext("Expense claim %(claim)s is late") % {"claim": DRAFT}
    assert "30 avr. 2026" in body
    for quiet_day in (date(2026, 4, 15), date(2026, 4, 17), date(2026, 4, 30), date(2026, 5, 2)):
        assert "mol@demo.invalid" not in claim_mails(claim_reminder_messages(quiet_day))


def test_reminder_day_follows_the_programme_and_a_draft_claim_counts_as_not_submitted(officer):
    Programme.objects.update(claim_reminder_days=30)
    ExpenseClaim.objects.filter(pk=claim_of("BJ-ANZ-PER/2025").pk).update(status=ClaimStatus.DRAFT)

    messages = claim_mails(claim_reminder_messages(date(2026, 3, 31)))

    assert {"mol@demo.invalid", "anzegem@demo.invalid"} <= set(messages)
    assert "NI-MOL-STO/2025" in messages["mol@demo.invalid"][0]
    assert "BJ-ANZ-PER/2025" in messages["anzegem@demo.invalid"][0]
    assert claim_reminder_messages(date(2026, 4, 16)) == []


def test_officer_of_a_flemish_municipality_is_reminded_of_its_partnerships_claims():
    partnership = Partnership.objects.get(code="NI-MOL-STO")
    user = User.objects.create_user("gemeente", email="gemeente@demo.invalid", language="nl")
    Membership.objects.create(
        user=user, role=Role.FLEMISH_OFFICER, municipality=partnership.flemish_municipalities.first()
    )

    reminded = {reminder.label for reminder in claims_to_remind(date(2026, 4, 16))}
    messages = claim_mails(claim_reminder_messages(date(2026, 4, 16)))

    assert DRAFT in reminded and "BJ-ANZ-PER/2025" not in reminded
    assert "NI-MOL-STO/2025" in messages["gemeente@demo.invalid"][0]


def test_send_reminders_command_sends_the_claim_reminders_of_the_day(officer):
    out = StringIO()

    call_command("send_reminders", "--today", "2026-04-16", stdout=out)

    sent = int(out.getvalue().split()[0])
    assert sent == len(mail.outbox)
    assert ["mol@demo.invalid"] in [message.to for message in mail.outbox]


def test_a_claim_submitted_under_another_programme_does_not_answer_for_this_one():
    """Anzegem submitted its 2025 claim under the demo programme; a second programme that
    funds it too still waits for its own claim."""
    demo = Programme.objects.get(code="GLOBE-2022-2026")
    other = Programme.objects.create(
        code="OTHER-2025", name="Other", start_date=date(2025, 1, 1), end_date=date(2025, 12, 31)
    )
    Allocation.objects.create(
        programme=other,
        partnership=Partnership.objects.get(code="BJ-ANZ-PER"),
        year=2025,
        amount_eur=Decimal("1000.00"),
    )

    reminders = claims_to_remind(date(2026, 4, 16))

    assert [(r.label, r.deadline) for r in reminders if r.label == "BJ-ANZ-PER/2025"] == [
        ("BJ-ANZ-PER/2025", claim_deadline(2025, other))
    ]
    assert claim_deadline(2025, demo) == claim_deadline(2025, other)


def test_reminders_of_many_claims_take_the_same_few_queries(django_assert_max_num_queries):
    """Each owed claim of 2026 has its officers looked up in one query for all of them."""
    for partnership in Partnership.objects.all():
        user = User.objects.create_user(f"officer-{partnership.code}", email=f"{partnership.code}@demo.invalid")
        Membership.objects.create(user=user, role=Role.FLEMISH_OFFICER, partnership=partnership)
    reminded = claims_to_remind(date(2027, 4, 16))
    assert len(reminded) >= 10

    with django_assert_max_num_queries(8):
        messages = claim_mails(claim_reminder_messages(date(2027, 4, 16)))

    assert {f"{reminder.partnership.code}@demo.invalid" for reminder in reminded} <= set(messages)
