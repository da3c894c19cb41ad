import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from grants.models import Programme
from reporting.models import PartnerReport, ReportEvent, ReportStatus, SectionComment
from reporting.services import FrameworkRefused, report_section_save, report_transition

pytestmark = pytest.mark.django_db


def report_of(code, year, period="year"):
    return PartnerReport.objects.get(partnership__code=code, year=year, period=period)


def draft():
    return report_of("BJ-ANZ-PER", 2026, "h1")


def test_demo_has_reports_at_every_step_in_the_partners_languages():
    statuses = set(PartnerReport.objects.values_list("status", flat=True))
    languages = dict(PartnerReport.objects.values_list("partnership__code", "language"))

    assert statuses == {"draft", "submitted", "returned", "approved"}
    # The 2026 period is open for every active partnership; one first half-year is still a draft.
    assert PartnerReport.objects.filter(status="draft", year=2026, period="year").count() == 15
    assert PartnerReport.objects.filter(status="draft", period="h1").count() == 1
    assert (languages["BJ-ANZ-PER"], languages["EC-BIE-SFO"], languages["SA-RW-RALGA"]) == ("fr", "es", "en")
    assert "Pèrèrè" in report_of("BJ-ANZ-PER", 2024).progress


def test_partner_saves_a_section_of_its_draft_as_json_for_the_autosave(client, sign_in):
    sign_in("perere")

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft().pk, "section": "results"}),
        {"text": "Le budget participatif a été adopté."},
        HTTP_ACCEPT="application/json",
    )

    assert response.json() == {"saved": True, "section": "results"}
    assert draft().results == "Le budget participatif a été adopté."


def test_a_section_saves_without_javascript_too(client, sign_in):
    sign_in("perere")

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft().pk, "section": "difficulties"}),
        {"text": "Routes coupées."},
    )

    assert response.status_code == 302
    assert draft().difficulties == "Routes coupées."


def test_a_submitted_report_can_no_longer_be_changed_by_the_partner(client, sign_in):
    report = report_of("BJ-ANZ-PER", 2025)
    sign_in("perere")

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": report.pk, "section": "results"}), {"text": "changed"}
    )

    assert response.status_code == 403
    assert report_of("BJ-ANZ-PER", 2025).results != "changed"


@pytest.mark.parametrize("username", ["sanfelipe", "sokone"])
def test_other_partners_cannot_see_or_write_the_report(client, sign_in, username):
    sign_in(username)

    page = client.get(reverse("reporting:report-detail", kwargs={"pk": draft().pk}))
    save = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft().pk, "section": "results"}), {"text": "x"}
    )

    assert page.status_code == save.status_code == 404


def test_workflow_draft_submitted_returned_resubmitted_approved_is_recorded_with_who(django_user_model):
    perere = django_user_model.objects.get(username="perere")
    coordinator = django_user_model.objects.get(username="coordinator")
    report = draft()

    report_transition(report=report, user=perere, status=ReportStatus.SUBMITTED)
    report_transition(report=report, user=coordinator, status=ReportStatus.RETURNED, comment="Ajoutez des chiffres.")
    report_transition(report=report, user=perere, status=ReportStatus.SUBMITTED)
    report_transition(report=report, user=coordinator, status=ReportStatus.APPROVED)

    steps = list(ReportEvent.objects.filter(report=report).values_list("status_from", "status_to", "user__username"))
    assert steps == [
        ("draft", "submitted", "perere"),
        ("submitted", "returned", "coordinator"),
        ("returned", "submitted", "perere"),
        ("submitted", "approved", "coordinator"),
    ]
    assert draft().approved_at is not None


def test_returning_needs_a_comment_and_approving_a_draft_is_refused(django_user_model):
    coordinator = django_user_model.objects.get(username="coordinator")

    with pytest.raises(FrameworkRefused):
        report_transition(report=draft(), user=coordinator, status=ReportStatus.APPROVED)
    with pytest.raises(FrameworkRefused):
        report_transition(report=report_of("BJ-ANZ-PER", 2025), user=coordinator, status=ReportStatus.RETURNED)

    assert draft().status == "draft"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


def test_each_recipient_is_mailed_in_their_own_language(
    client, sign_in, django_capture_on_commit_callbacks, worker_in_test
):
    report = report_of("BJ-ANZ-PER", 2025)
    sign_in("coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:report-move", kwargs={"pk": report.pk, "status": "returned"}),
            {"comment": "Merci de compléter les résultats."},
        )
    run_worker()

    assert [message.to for message in mail.outbox] == [["perere@demo.invalid"]]
    with translation.override("fr"):
        expected = translation.gettext("Report %(report)s returned with comments") % {"report": report}
    assert mail.outbox[0].subject == expected != "Report %s returned with comments" % report


def test_submission_is_mailed_to_the_programme_team_in_dutch(
    client, sign_in, django_capture_on_commit_callbacks, worker_in_test
):
    sign_in("perere")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:report-move", kwargs={"pk": draft().pk, "status": "submitted"}), {"confirm": "1"}
        )
    run_worker()

    assert [message.to for message in mail.outbox] == [["coordinator@demo.invalid"]]
    with translation.override("nl"):
        assert mail.outbox[0].subject == translation.gettext("Report %(report)s submitted") % {"report": draft()}


def test_only_the_programme_team_reviews(client, sign_in):
    report = report_of("EC-BIE-SFO", 2025)
    sign_in("sanfelipe")

    approve = client.post(reverse("reporting:report-move", kwargs={"pk": report.pk, "status": "approved"}))
    comment = client.post(
        reverse("reporting:report-comment", kwargs={"pk": report.pk, "section": "results"}), {"text": "ok"}
    )

    assert approve.status_code == comment.status_code == 403


def test_reviewer_translates_beside_the_original_which_stays_unchanged(client, sign_in):
    report = report_of("EC-BIE-SFO", 2025)
    original = report.progress
    sign_in("coordinator")

    client.post(
        reverse("reporting:report-section", kwargs={"pk": report.pk, "section": "progress"}),
        {"text": "Er werden gemeenschapsvergaderingen gehouden.", "translation": "1"},
    )
    page = client.get(reverse("reporting:report-detail", kwargs={"pk": report.pk}))

    report.refresh_from_db()
    assert report.progress == original
    assert report.progress_translation == "Er werden gemeenschapsvergaderingen gehouden."
    assert original.split(";")[0] in page.content.decode()


def test_reviewer_comments_on_a_section(client, sign_in):
    report = report_of("EC-BIE-SFO", 2025)
    sign_in("coordinator")

    client.post(
        reverse("reporting:report-comment", kwargs={"pk": report.pk, "section": "difficulties"}),
        {"text": "Welke werken liepen vertraging op?"},
    )

    assert SectionComment.objects.filter(report=report, section="difficulties").count() == 1


def test_report_list_filters_and_shows_late_reports(client, sign_in):
    sign_in("coordinator")

    returned = client.get(reverse("reporting:report-list"), {"status": "returned"})
    latest = client.get(reverse("reporting:report-list"), {"year": 2026, "country": "BJ"})

    assert [r.partnership.code for r in returned.context["page"]] == ["SN-ZEM-SOK"]
    assert len(latest.context["page"]) == 12  # six partnerships in Benin, a half-year and an annual report each


def test_partner_lists_only_its_own_reports(client, sign_in):
    sign_in("sanfelipe")

    response = client.get(reverse("reporting:report-list"))

    assert {r.partnership.code for r in response.context["page"]} == {"EC-BIE-SFO"}


def test_a_partners_report_filters_offer_only_its_partnership_and_the_programmes_funding_it(client, sign_in):
    sign_in("sanfelipe")

    form = client.get(reverse("reporting:report-list")).context["filter"].form

    funding = set(Programme.objects.filter(allocations__partnership__code="EC-BIE-SFO").values_list("code", flat=True))
    assert [partnership.code for partnership in form.fields["partnership"].queryset] == ["EC-BIE-SFO"]
    assert {programme.code for programme in form.fields["programme"].queryset} == funding


def test_a_section_with_a_nul_character_is_refused_and_the_saved_text_kept(client, sign_in):
    partner = sign_in("perere")
    before = draft().results

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft().pk, "section": "results"}),
        {"text": "Puits\x00creusés"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 409
    with translation.override(partner.language):
        assert response.json() == {"error": translation.gettext("Null characters are not allowed.")}
    assert draft().results == before


def test_unknown_section_or_step_is_refused(client, sign_in):
    sign_in("perere")

    section = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft().pk, "section": "status"}), {"text": "x"}
    )
    step = client.post(reverse("reporting:report-move", kwargs={"pk": draft().pk, "status": "draft"}))

    assert section.status_code == 302
    assert step.status_code == 404
    assert draft().status == "draft"


def test_section_save_refuses_the_original_of_an_approved_report():
    with pytest.raises(FrameworkRefused):
        report_section_save(report=report_of("BJ-ANZ-PER", 2024), section="results", text="x")


def test_programme_team_opens_a_period_for_every_active_partnership_once(client, sign_in):
    sign_in("coordinator")
    url = reverse("reporting:reporting-period")
    data = {"year": 2027, "period": "h1", "due_date": "2027-09-30"}

    client.post(url, data)
    client.post(url, data)

    opened = PartnerReport.objects.filter(year=2027, period="h1")
    assert opened.count() == 15  # 17 partnerships, 2 on hold
    assert set(opened.values_list("status", flat=True)) == {"draft"}
    assert opened.get(partnership__code="EC-BIE-SFO").language == "es"


def test_partners_cannot_open_a_period(client, sign_in):
    sign_in("perere")

    response = client.post(
        reverse("reporting:reporting-period"), {"year": 2026, "period": "year", "due_date": "2027-03-31"}
    )

    assert response.status_code == 403


def test_reports_are_filtered_by_programme(client, sign_in):
    sign_in("coordinator")

    globe = client.get(reverse("reporting:report-list"), {"programme": "GLOBE-2022-2026"})
    plan = client.get(reverse("reporting:report-list"), {"programme": "PLAN-2027-2036"})

    assert globe.context["page"].paginator.count == PartnerReport.objects.count()
    assert plan.context["page"].paginator.count == 0
