"""Indicator values, evidence, reminders and release conditions of partner reports.

Built with tests/factories.py, but for the tests that check what the demo shows (its
values on a chart, its release conditions).
"""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from core.formatting import format_date
from demo.documents import scan_pdf
from grants.models import Tranche, TrancheStatus
from partnerships.models import Language, Role
from reporting.models import (
    Disaggregation,
    EvidenceFile,
    Indicator,
    IndicatorType,
    IndicatorValue,
    ReportPeriod,
    ReportStatus,
)
from reporting.release import partnership_release_conditions
from reporting.reminders import reminder_messages
from reporting.selectors import indicator_actuals
from reporting.services import FrameworkRefused, indicator_value_check
from tests.browsers import messages_of
from tests.factories import make_country, make_indicator, make_outcome, make_partnership, make_report, make_user

pytestmark = pytest.mark.django_db

# The indicators of an outcome, by the type of their values.
INDICATORS = {
    "yes-no": {"type": IndicatorType.YES_NO},
    "share": {"type": IndicatorType.PERCENTAGE},
    "revenue": {"type": IndicatorType.NUMBER, "unit": "XOF"},
    "people": {"type": IndicatorType.NUMBER, "disaggregation": Disaggregation.SEX},
}


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def partner(partnership):
    return make_user(role=Role.PARTNER_REPORTER, partnership=partnership, language=Language.FR)


@pytest.fixture
def indicators(partnership):
    outcome = make_outcome(partnership=partnership)
    return {name: make_indicator(outcome=outcome, **fields) for name, fields in INDICATORS.items()}


@pytest.fixture
def draft(partnership):
    return make_report(partnership=partnership, year=2026, period=ReportPeriod.H1)


@pytest.mark.parametrize(
    ("name", "entry", "message"),
    [
        ("share", {"value": "120"}, "between 0 and 100"),
        ("yes-no", {"value": "2"}, "1 for yes or 0 for no"),
        ("revenue", {"value": "-5"}, "cannot be negative"),
        ("revenue", {"value": "beaucoup"}, "write a number"),
        ("people", {"value": "100", "women": "60", "men": "30"}, "do not add up"),
        ("share", {"value": ""}, "a value is required"),
    ],
)
def test_indicator_values_are_checked_against_their_type(indicators, name, entry, message):
    with pytest.raises(FrameworkRefused, match=message):
        indicator_value_check(indicators[name], **entry)


def test_a_split_by_sex_gives_the_value_when_it_is_left_empty(indicators):
    value, women, men, _ = indicator_value_check(indicators["people"], value="", women="70", men="50")

    assert (value, women, men) == (Decimal("120"), Decimal("70"), Decimal("50"))


def test_messages_about_values_are_in_the_partners_language(client, partner, indicators, draft):
    client.force_login(partner)
    target = indicators["share"]

    response = client.post(
        reverse("reporting:report-values", kwargs={"pk": draft.pk}), {f"value-{target.pk}": "140"}, follow=True
    )

    with translation.override("fr"):
        expected = translation.gettext("%(code)s: a percentage lies between 0 and 100.") % {"code": target.code}
    assert expected in response.content.decode()
    assert not IndicatorValue.objects.filter(report=draft).exists()


def test_partner_saves_its_values_all_together(client, partner, indicators, draft):
    client.force_login(partner)
    share, revenue = indicators["share"], indicators["revenue"]

    client.post(
        reverse("reporting:report-values", kwargs={"pk": draft.pk}),
        {f"value-{share.pk}": "41,5", f"value-{revenue.pk}": "51000000", f"comment-{revenue.pk}": "Marchés recensés"},
    )

    saved = dict(IndicatorValue.objects.filter(report=draft).values_list("indicator", "value"))
    assert saved == {share.pk: Decimal("41.5"), revenue.pk: Decimal("51000000")}


def test_demo_reports_carry_values_and_the_chart_shows_them(client, sign_in):
    revenue = Indicator.objects.get(outcome__partnership__code="BJ-ANZ-PER", code="O1.3")
    sign_in("perere")

    chart = client.get(reverse("reporting:indicator-chart", kwargs={"code": "BJ-ANZ-PER", "pk": revenue.pk}))

    assert IndicatorValue.objects.filter(indicator=revenue).count() == 4
    assert chart.content.startswith(b"\x89PNG")


def test_evidence_is_checked_by_content_and_served_as_an_attachment_to_the_partnership_only(
    client, media_root, partner, draft
):
    client.force_login(partner)
    url = reverse("reporting:report-evidence", kwargs={"pk": draft.pk})

    client.post(
        url, {"file": SimpleUploadedFile("liste.pdf", scan_pdf("Liste", ["Présents: 32"])), "caption": "Présences"}
    )
    client.post(url, {"file": SimpleUploadedFile("photo.pdf", b"<html><script>alert(1)</script></html>")})

    evidence = EvidenceFile.objects.get(report=draft)
    download = client.get(reverse("reporting:evidence-download", kwargs={"pk": draft.pk, "evidence_id": evidence.pk}))
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=make_partnership()))
    foreign = client.get(reverse("reporting:evidence-download", kwargs={"pk": draft.pk, "evidence_id": evidence.pk}))
    assert evidence.content_type == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert foreign.status_code == 404


def test_evidence_posted_without_a_file_asks_for_one_and_adds_nothing(client, partner, draft):
    client.force_login(partner)

    response = client.post(
        reverse("reporting:report-evidence", kwargs={"pk": draft.pk}), {"caption": "Présences"}, follow=True
    )

    with translation.override(partner.language):
        assert messages_of(response) == [translation.gettext("Choose a file to upload.")]
    assert not EvidenceFile.objects.filter(report=draft).exists()


def test_large_photos_are_resized_on_upload(client, media_root, partner, draft, tmp_path):
    path = tmp_path / "atelier.jpg"
    Image.new("RGB", (4000, 3000), (120, 160, 90)).save(path, format="JPEG")
    client.force_login(partner)

    client.post(
        reverse("reporting:report-evidence", kwargs={"pk": draft.pk}),
        {"file": SimpleUploadedFile("atelier.jpg", path.read_bytes())},
    )

    stored = EvidenceFile.objects.get(report=draft)
    assert max(Image.open(stored.file.open("rb")).size) == 1600


@pytest.fixture
def reports_to_remind(partnership, partner):
    """On 1 January 2024: a French report late, a Spanish one due in ten days, two that wait for nothing.

    The demo's reports still being written are due from 2026 on.
    """
    spanish = make_partnership(country=make_country(reporting_language=Language.ES))
    reporter = make_user(role=Role.PARTNER_REPORTER, partnership=spanish, language=Language.ES)
    late = make_report(partnership=partnership, year=2023, due_date=date(2023, 12, 20))
    due = make_report(partnership=spanish, year=2023, due_date=date(2024, 1, 10))
    make_report(partnership=spanish, year=2024, period=ReportPeriod.H1, due_date=date(2024, 9, 30))
    make_report(
        partnership=partnership,
        year=2023,
        period=ReportPeriod.H1,
        due_date=date(2023, 9, 30),
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return {partner: late, reporter: due}


def test_reminders_go_to_late_and_due_reports_in_each_reporters_language(reports_to_remind):
    messages = reminder_messages(date(2024, 1, 1), 14)

    recipients = sorted(message[3][0] for message in messages)
    assert recipients == sorted(user.email for user in reports_to_remind)
    (partner, late), (reporter, due) = reports_to_remind.items()
    with translation.override("fr"):
        late_subject = translation.gettext("Report %(report)s is late") % {"report": late}
    with translation.override("es"):
        due_subject = translation.gettext("Report %(report)s is due on %(due)s") % {
            "report": due,
            "due": format_date(due.due_date),
        }
    assert {message[3][0]: message[0] for message in messages} == {
        partner.email: late_subject,
        reporter.email: due_subject,
    }


def test_send_reminders_command_sends_the_mails_and_refuses_bad_dates(reports_to_remind):
    out = StringIO()

    call_command("send_reminders", "--today", "2024-01-01", "--days", "14", stdout=out)

    assert out.getvalue().strip() == "2 reminder(s) sent."
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="is not a date"):
        call_command("send_reminders", "--today", "20/09/2026")


def test_planned_tranche_shows_which_release_conditions_are_met():
    tranche = Tranche.objects.get(
        partnership__code="BJ-MER-TOU", year=2026, number=2, leg="to_partner", status=TrancheStatus.PLANNED
    )

    conditions = dict(partnership_release_conditions(tranche.partnership))[tranche]

    assert [condition.is_met for condition in conditions] == [False, True, False]
    assert "2025" in conditions[0].label


def test_partnership_page_lists_release_conditions(client, sign_in):
    sign_in("coordinator")

    response = client.get(reverse("partnerships:partnership-detail", kwargs={"code": "BJ-MER-TOU"}))

    with translation.override("nl"):
        expected = translation.gettext("Expense claim %(year)s signed off") % {"year": 2025}
    assert expected in response.content.decode()


def test_chart_values_prefer_the_annual_report_and_include_a_half_year_one(partnership, indicators):
    revenue = indicators["revenue"]
    sent = {"status": ReportStatus.SUBMITTED, "submitted_at": timezone.now()}
    make_report(partnership=partnership, year=2025, period=ReportPeriod.H1, values={revenue: Decimal("40")}, **sent)
    make_report(partnership=partnership, year=2025, values={revenue: Decimal("95")}, **sent)
    make_report(partnership=partnership, year=2026, period=ReportPeriod.H1, values={revenue: Decimal("123")}, **sent)
    make_report(partnership=partnership, year=2027, period=ReportPeriod.H1, values={revenue: Decimal("7")})

    actuals = dict(indicator_actuals(revenue))

    assert actuals == {2025: Decimal("95"), 2026: Decimal("123")}
