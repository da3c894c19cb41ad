"""Partner reports: writing, the steps of their workflow and who is told, reviewing, lists and periods.

Built with tests/factories.py; only the first test reads the demo, to check what it shows.
"""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import Language, Partnership, PartnershipStatus, Role, User
from reporting.models import PartnerReport, ReportEvent, ReportPeriod, ReportStatus, SectionComment
from reporting.services import FrameworkRefused, report_section_save, report_transition
from tests.factories import (
    make_allocation,
    make_country,
    make_partnership,
    make_programme,
    make_report,
    make_user,
)
from tests.reports import report_of

pytestmark = pytest.mark.django_db

PROGRESS = "Des réunions communautaires ont eu lieu; trois quartiers ont voté leurs priorités."


def fresh(report):
    return PartnerReport.objects.get(pk=report.pk)


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def partner(partnership):
    return make_user(role=Role.PARTNER_REPORTER, partnership=partnership, language=Language.FR)


@pytest.fixture
def coordinator():
    return make_user(role=Role.PROGRAMME_MANAGER, language=Language.NL)


@pytest.fixture
def draft(partnership):
    """The first half-year report of 2026, still being written."""
    return make_report(partnership=partnership, year=2026, period=ReportPeriod.H1)


@pytest.fixture
def submitted(partnership):
    """The annual report of 2025, waiting for the programme team."""
    return make_report(
        partnership=partnership, status=ReportStatus.SUBMITTED, submitted_at=timezone.now(), progress=PROGRESS
    )


def test_demo_has_reports_at_every_step_in_the_partners_languages():
    statuses = set(PartnerReport.objects.values_list("status", flat=True))
    languages = dict(PartnerReport.objects.values_list("partnership__code", "language"))

    assert statuses == {"draft", "submitted", "returned", "approved"}
    # The 2026 period is open for every active partnership; one first half-year is still a draft.
    assert PartnerReport.objects.filter(status="draft", year=2026, period="year").count() == 15
    assert PartnerReport.objects.filter(status="draft", period="h1").count() == 1
    assert (languages["BJ-ANZ-PER"], languages["EC-BIE-SFO"], languages["SA-RW-RALGA"]) == ("fr", "es", "en")
    assert "Pèrèrè" in report_of("BJ-ANZ-PER", 2024).progress


def test_partner_saves_a_section_of_its_draft_as_json_for_the_autosave(client, partner, draft):
    client.force_login(partner)

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft.pk, "section": "results"}),
        {"text": "Le budget participatif a été adopté."},
        HTTP_ACCEPT="application/json",
    )

    assert response.json() == {"saved": True, "section": "results"}
    assert fresh(draft).results == "Le budget participatif a été adopté."


def test_a_section_saves_without_javascript_too(client, partner, draft):
    client.force_login(partner)

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft.pk, "section": "difficulties"}),
        {"text": "Routes coupées."},
    )

    assert response.status_code == 302
    assert fresh(draft).difficulties == "Routes coupées."


def test_a_submitted_report_can_no_longer_be_changed_by_the_partner(client, partner, submitted):
    client.force_login(partner)

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": submitted.pk, "section": "results"}), {"text": "changed"}
    )

    assert response.status_code == 403
    assert fresh(submitted).results != "changed"


@pytest.mark.parametrize("role", [Role.PARTNER_REPORTER, Role.FLEMISH_OFFICER])
def test_other_partners_cannot_see_or_write_the_report(client, draft, role):
    client.force_login(make_user(role=role, partnership=make_partnership()))

    page = client.get(reverse("reporting:report-detail", kwargs={"pk": draft.pk}))
    save = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft.pk, "section": "results"}), {"text": "x"}
    )

    assert page.status_code == save.status_code == 404
    assert fresh(draft).results == ""


def test_workflow_draft_submitted_returned_resubmitted_approved_is_recorded_with_who(partner, coordinator, draft):
    report_transition(report=draft, user=partner, status=ReportStatus.SUBMITTED)
    report_transition(report=draft, user=coordinator, status=ReportStatus.RETURNED, comment="Ajoutez des chiffres.")
    report_transition(report=draft, user=partner, status=ReportStatus.SUBMITTED)
    report_transition(report=draft, user=coordinator, status=ReportStatus.APPROVED)

    steps = list(ReportEvent.objects.filter(report=draft).values_list("status_from", "status_to", "user"))
    assert steps == [
        ("draft", "submitted", partner.pk),
        ("submitted", "returned", coordinator.pk),
        ("returned", "submitted", partner.pk),
        ("submitted", "approved", coordinator.pk),
    ]
    assert fresh(draft).approved_at is not None


def test_returning_needs_a_comment_and_approving_a_draft_is_refused(coordinator, draft, submitted):
    with pytest.raises(FrameworkRefused):
        report_transition(report=draft, user=coordinator, status=ReportStatus.APPROVED)
    with pytest.raises(FrameworkRefused):
        report_transition(report=submitted, user=coordinator, status=ReportStatus.RETURNED)

    assert fresh(draft).status == "draft"
    assert fresh(submitted).status == "submitted"
    assert not ReportEvent.objects.filter(report__in=[draft, submitted]).exists()


def test_each_recipient_is_mailed_in_their_own_language(
    client, partner, coordinator, submitted, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:report-move", kwargs={"pk": submitted.pk, "status": "returned"}),
            {"comment": "Merci de compléter les résultats."},
        )
    run_tasks()

    assert [message.to for message in mail.outbox] == [[partner.email]]
    with translation.override("fr"):
        expected = translation.gettext("Report %(report)s returned with comments") % {"report": submitted}
    assert mail.outbox[0].subject == expected != "Report %s returned with comments" % submitted


def test_submission_is_mailed_to_the_programme_team_in_dutch(
    client, partner, coordinator, draft, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(partner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:report-move", kwargs={"pk": draft.pk, "status": "submitted"}), {"confirm": "1"})
    run_tasks()

    # The demo's programme manager is in the team too.
    team = User.objects.filter(memberships__role=Role.PROGRAMME_MANAGER, memberships__partnership__isnull=True)
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        team.values_list("email", flat=True)
    )
    to_coordinator = next(message for message in mail.outbox if message.to == [coordinator.email])
    with translation.override("nl"):
        assert to_coordinator.subject == translation.gettext("Report %(report)s submitted") % {"report": draft}


def test_only_the_programme_team_reviews(client, partner, submitted):
    client.force_login(partner)

    approve = client.post(reverse("reporting:report-move", kwargs={"pk": submitted.pk, "status": "approved"}))
    comment = client.post(
        reverse("reporting:report-comment", kwargs={"pk": submitted.pk, "section": "results"}), {"text": "ok"}
    )

    assert approve.status_code == comment.status_code == 403
    assert fresh(submitted).status == "submitted"
    assert not SectionComment.objects.filter(report=submitted).exists()


def test_reviewer_translates_beside_the_original_which_stays_unchanged(client, coordinator, submitted):
    client.force_login(coordinator)

    client.post(
        reverse("reporting:report-section", kwargs={"pk": submitted.pk, "section": "progress"}),
        {"text": "Er werden gemeenschapsvergaderingen gehouden.", "translation": "1"},
    )
    page = client.get(reverse("reporting:report-detail", kwargs={"pk": submitted.pk}))

    submitted.refresh_from_db()
    assert submitted.progress == PROGRESS
    assert submitted.progress_translation == "Er werden gemeenschapsvergaderingen gehouden."
    assert PROGRESS.split(";")[0] in page.content.decode()


def test_reviewer_comments_on_a_section(client, coordinator, submitted):
    client.force_login(coordinator)

    client.post(
        reverse("reporting:report-comment", kwargs={"pk": submitted.pk, "section": "difficulties"}),
        {"text": "Welke werken liepen vertraging op?"},
    )

    assert SectionComment.objects.filter(report=submitted, section="difficulties").count() == 1


def test_report_list_filters_by_status_year_and_country(client, coordinator):
    country = make_country()
    first, second = make_partnership(country=country), make_partnership(country=country)
    make_report(partnership=first, year=2026, period=ReportPeriod.H1)
    make_report(partnership=first, year=2026)
    make_report(partnership=second, year=2026)
    make_report(partnership=second, year=2025, status=ReportStatus.RETURNED, submitted_at=timezone.now())
    client.force_login(coordinator)

    returned = client.get(reverse("reporting:report-list"), {"status": "returned", "country": country.code})
    latest = client.get(reverse("reporting:report-list"), {"year": 2026, "country": country.code})

    assert [r.partnership.code for r in returned.context["page"]] == [second.code]
    assert len(latest.context["page"]) == 3  # two partnerships, a half-year and an annual report for one of them


def test_partner_lists_only_its_own_reports(client, partner, partnership, draft, submitted):
    make_report()
    client.force_login(partner)

    response = client.get(reverse("reporting:report-list"))

    assert {r.partnership.code for r in response.context["page"]} == {partnership.code}
    assert response.context["page"].paginator.count == 2


def test_a_partners_report_filters_offer_only_its_partnership_and_the_programmes_funding_it(
    client, partner, partnership
):
    funding = make_allocation(partnership=partnership).programme
    make_allocation(programme=make_programme(), partnership=make_partnership())
    client.force_login(partner)

    form = client.get(reverse("reporting:report-list")).context["filter"].form

    assert [p.code for p in form.fields["partnership"].queryset] == [partnership.code]
    assert {programme.code for programme in form.fields["programme"].queryset} == {funding.code}


def test_a_section_with_a_nul_character_is_refused_and_the_saved_text_kept(client, partner, draft):
    client.force_login(partner)
    before = fresh(draft).results

    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft.pk, "section": "results"}),
        {"text": "Puits\x00creusés"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 409
    with translation.override(partner.language):
        assert response.json() == {"error": translation.gettext("Null characters are not allowed.")}
    assert fresh(draft).results == before


def test_unknown_section_or_step_is_refused(client, partner, draft):
    client.force_login(partner)

    section = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft.pk, "section": "status"}), {"text": "x"}
    )
    step = client.post(reverse("reporting:report-move", kwargs={"pk": draft.pk, "status": "draft"}))

    assert section.status_code == 302
    assert step.status_code == 404
    assert fresh(draft).status == "draft"


def test_section_save_refuses_the_original_of_an_approved_report(partnership):
    now = timezone.now()
    approved = make_report(
        partnership=partnership, year=2024, status=ReportStatus.APPROVED, submitted_at=now, approved_at=now
    )

    with pytest.raises(FrameworkRefused):
        report_section_save(report=approved, section="results", text="x")

    assert fresh(approved).results == ""


def test_programme_team_opens_a_period_for_every_active_partnership_once(client, coordinator):
    spanish = make_partnership(country=make_country(currency="USD", reporting_language=Language.ES))
    on_hold = make_partnership(status=PartnershipStatus.ON_HOLD)
    client.force_login(coordinator)
    url = reverse("reporting:reporting-period")
    data = {"year": 2027, "period": "h1", "due_date": "2027-09-30"}

    client.post(url, data)
    client.post(url, data)

    opened = PartnerReport.objects.filter(year=2027, period="h1")
    assert sorted(opened.values_list("partnership__code", flat=True)) == sorted(
        Partnership.objects.active().values_list("code", flat=True)
    )
    assert not opened.filter(partnership=on_hold).exists()
    assert set(opened.values_list("status", flat=True)) == {"draft"}
    assert opened.get(partnership=spanish).language == "es"


def test_partners_cannot_open_a_period(client, partner):
    client.force_login(partner)

    response = client.post(
        reverse("reporting:reporting-period"), {"year": 2026, "period": "year", "due_date": "2027-03-31"}
    )

    assert response.status_code == 403
    assert not PartnerReport.objects.filter(partnership__memberships__user=partner).exists()


def test_reports_are_filtered_by_programme(client, coordinator, partnership, submitted):
    funding = make_allocation(partnership=partnership).programme
    later = make_programme(start_date=date(2027, 1, 1), end_date=date(2036, 12, 31))
    make_allocation(programme=later, partnership=partnership, year=2027)
    client.force_login(coordinator)

    in_funding = client.get(reverse("reporting:report-list"), {"programme": funding.code})
    in_later = client.get(reverse("reporting:report-list"), {"programme": later.code})

    assert [report.pk for report in in_funding.context["page"]] == [submitted.pk]
    assert in_later.context["page"].paginator.count == 0
