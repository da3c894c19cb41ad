from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image

from demo.documents import scan_pdf
from grants.models import Tranche, TrancheStatus
from reporting.models import EvidenceFile, Indicator, IndicatorValue, PartnerReport
from reporting.release import partnership_release_conditions
from reporting.reminders import reminder_messages
from reporting.services import FrameworkRefused, indicator_value_check
from tests.browsers import messages_of

pytestmark = pytest.mark.django_db


def draft():
    return PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period="h1")


def indicator(code, partnership="BJ-ANZ-PER"):
    return Indicator.objects.get(outcome__partnership__code=partnership, code=code)


@pytest.mark.parametrize(
    ("code", "partnership", "entry", "message"),
    [
        ("O1.2", "BJ-ANZ-PER", {"value": "120"}, "between 0 and 100"),
        ("O1.1", "BJ-ANZ-PER", {"value": "2"}, "1 for yes or 0 for no"),
        ("O1.3", "BJ-ANZ-PER", {"value": "-5"}, "cannot be negative"),
        ("O1.3", "BJ-ANZ-PER", {"value": "beaucoup"}, "write a number"),
        ("O1.1", "RW-SDG-KAR", {"value": "100", "women": "60", "men": "30"}, "do not add up"),
        ("O1.2", "BJ-ANZ-PER", {"value": ""}, "a value is required"),
    ],
)
def test_indicator_values_are_checked_against_their_type(code, partnership, entry, message):
    with pytest.raises(FrameworkRefused, match=message):
        indicator_value_check(indicator(code, partnership), **entry)


def test_a_split_by_sex_gives_the_value_when_it_is_left_empty():
    value, women, men, _ = indicator_value_check(indicator("O1.1", "RW-SDG-KAR"), value="", women="70", men="50")

    assert (value, women, men) == (Decimal("120"), Decimal("70"), Decimal("50"))


def test_messages_about_values_are_in_the_partners_language(client, sign_in):
    sign_in("perere")
    target = indicator("O1.2")

    response = client.post(
        reverse("reporting:report-values", kwargs={"pk": draft().pk}), {f"value-{target.pk}": "140"}, follow=True
    )

    with translation.override("fr"):
        expected = translation.gettext("%(code)s: a percentage lies between 0 and 100.") % {"code": "O1.2"}
    assert expected in response.content.decode()
    assert not IndicatorValue.objects.filter(report=draft()).exists()


def test_partner_saves_its_values_all_together(client, sign_in):
    sign_in("perere")
    share, revenue = indicator("O1.2"), indicator("O1.3")

    client.post(
        reverse("reporting:report-values", kwargs={"pk": draft().pk}),
        {f"value-{share.pk}": "41,5", f"value-{revenue.pk}": "51000000", f"comment-{revenue.pk}": "Marchés recensés"},
    )

    saved = dict(IndicatorValue.objects.filter(report=draft()).values_list("indicator__code", "value"))
    assert saved == {"O1.2": Decimal("41.5"), "O1.3": Decimal("51000000")}


def test_demo_reports_carry_values_and_the_chart_shows_them(client, sign_in):
    revenue = indicator("O1.3")
    sign_in("perere")

    chart = client.get(reverse("reporting:indicator-chart", kwargs={"code": "BJ-ANZ-PER", "pk": revenue.pk}))

    assert IndicatorValue.objects.filter(indicator=revenue).count() == 4
    assert chart.content.startswith(b"\x89PNG")


def test_evidence_is_checked_by_content_and_served_as_an_attachment_to_the_partnership_only(client, sign_in):
    sign_in("perere")
    url = reverse("reporting:report-evidence", kwargs={"pk": draft().pk})

    client.post(
        url, {"file": SimpleUploadedFile("liste.pdf", scan_pdf("Liste", ["Présents: 32"])), "caption": "Présences"}
    )
    client.post(url, {"file": SimpleUploadedFile("photo.pdf", b"<html><script>alert(1)</script></html>")})

    evidence = EvidenceFile.objects.get(report=draft())
    download = client.get(reverse("reporting:evidence-download", kwargs={"pk": draft().pk, "evidence_id": evidence.pk}))
    sign_in("sanfelipe")
    foreign = client.get(reverse("reporting:evidence-download", kwargs={"pk": draft().pk, "evidence_id": evidence.pk}))
    assert evidence.content_type == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert foreign.status_code == 404


def test_evidence_posted_without_a_file_asks_for_one_and_adds_nothing(client, sign_in):
    partner = sign_in("perere")

    response = client.post(
        reverse("reporting:report-evidence", kwargs={"pk": draft().pk}), {"caption": "Présences"}, follow=True
    )

    with translation.override(partner.language):
        assert messages_of(response) == [translation.gettext("Choose a file to upload.")]
    assert not EvidenceFile.objects.filter(report=draft()).exists()


def test_large_photos_are_resized_on_upload(client, sign_in, tmp_path):
    path = tmp_path / "atelier.jpg"
    Image.new("RGB", (4000, 3000), (120, 160, 90)).save(path, format="JPEG")
    sign_in("perere")

    client.post(
        reverse("reporting:report-evidence", kwargs={"pk": draft().pk}),
        {"file": SimpleUploadedFile("atelier.jpg", path.read_bytes())},
    )

    stored = EvidenceFile.objects.get(report=draft())
    assert max(Image.open(stored.file.open("rb")).size) == 1600


def test_reminders_go_to_late_and_due_reports_in_each_reporters_language():
    messages = reminder_messages(date(2026, 11, 25), 14)

    recipients = sorted(message[3][0] for message in messages)
    assert recipients == ["perere@demo.invalid", "sokone@demo.invalid"]
    with translation.override("fr"):
        late = translation.gettext("Report %(report)s is late") % {"report": draft()}
    assert late in [message[0] for message in messages]


def test_send_reminders_command_sends_the_mails_and_refuses_bad_dates():
    out = StringIO()

    call_command("send_reminders", "--today", "2026-09-20", "--days", "14", stdout=out)

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


def test_chart_values_prefer_the_annual_report_and_include_a_half_year_one():
    from reporting.selectors import indicator_actuals

    revenue = indicator("O1.3", "BJ-MER-TOU")
    report = PartnerReport.objects.get(partnership__code="BJ-MER-TOU", year=2026, period="h1")
    IndicatorValue.objects.create(report=report, indicator=revenue, value=Decimal("123"))

    actuals = dict(indicator_actuals(revenue))

    assert actuals[2026] == Decimal("123")
    assert (
        actuals[2025] == IndicatorValue.objects.get(indicator=revenue, report__year=2025, report__period="year").value
    )
