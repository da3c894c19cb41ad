from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from grants.models import ExpenseClaim, Programme
from partnerships.access_log import client_ip
from partnerships.models import AccessAction, AccessEvent, User
from reporting.models import AnnualReport, EvidenceFile, GenerationStatus, PartnerReport

pytestmark = pytest.mark.django_db

ACCESS_LOG = reverse("partnerships:access-log")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def benin_claim():
    return ExpenseClaim.objects.get(partnership__code="BJ-ANZ-PER", year=2025)


def benin_evidence(media_root):
    report = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period="h1")
    return EvidenceFile.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4 presences", name="presences.pdf"),
        content_type="application/pdf",
        size=18,
    )


def event(action=AccessAction.DOWNLOADED, username="auditor", at=None, **fields):
    user = User.objects.filter(username=username).first()
    if action == AccessAction.SIGN_IN_FAILED:
        user = None
    created = AccessEvent.objects.create(
        action=action, user=user, username=username, description=fields.pop("description", "claim X/2025"), **fields
    )
    if at is not None:
        AccessEvent.objects.filter(pk=created.pk).update(at=at)
    return created


def test_signing_in_records_who_from_which_address_and_browser(client):
    client.post(
        reverse("login"),
        {"username": "coordinator", "password": "demo"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT=BROWSER,
    )

    recorded = AccessEvent.objects.get(action=AccessAction.SIGNED_IN)
    assert recorded.user == User.objects.get(username="coordinator")
    assert recorded.username == "coordinator"
    assert recorded.ip_address == "203.0.113.7"
    assert recorded.user_agent == BROWSER


def test_a_wrong_password_records_a_failed_sign_in_with_the_typed_name_and_no_user(client):
    client.post(reverse("login"), {"username": "perere", "password": "wrong"}, REMOTE_ADDR="198.51.100.4")

    recorded = AccessEvent.objects.get()
    assert recorded.action == AccessAction.SIGN_IN_FAILED
    assert recorded.username == "perere"
    assert recorded.user is None
    assert recorded.ip_address == "198.51.100.4"


@pytest.mark.parametrize(
    ("remote_addr", "recorded"),
    [("203.0.113.7", "203.0.113.7"), ("2001:db8::1", "2001:db8::1"), ("", None), ("unix:/run/app.sock", None)],
)
def test_only_a_real_ip_address_is_kept_and_forwarded_headers_are_ignored(rf, remote_addr, recorded):
    request = rf.get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert client_ip(request) == recorded


def test_signing_out_records_who_signed_out(client, sign_in):
    user = sign_in("perere")

    client.post(reverse("logout"))

    assert AccessEvent.objects.filter(action=AccessAction.SIGNED_OUT, user=user).count() == 1


def test_exporting_a_claim_records_who_exported_which_claim(client, sign_in):
    auditor = sign_in("auditor")
    claim = benin_claim()

    response = client.get(reverse("grants:claim-export", args=[claim.pk]), {"lang": "fr"})

    assert response.status_code == 200
    recorded = AccessEvent.objects.get(action=AccessAction.EXPORTED)
    assert recorded.user == auditor
    assert recorded.description == "claim BJ-ANZ-PER/2025 fr"
    assert recorded.path == reverse("grants:claim-export", args=[claim.pk]) + "?lang=fr"


def test_downloading_evidence_records_who_downloaded_which_file(client, sign_in, media_root):
    evidence = benin_evidence(media_root)
    reporter = sign_in("perere")

    response = client.get(reverse("reporting:evidence-download", args=[evidence.report_id, evidence.pk]))

    assert response.status_code == 200
    recorded = AccessEvent.objects.get(action=AccessAction.DOWNLOADED)
    assert recorded.user == reporter
    assert recorded.description == f"evidence {evidence.pk} of report {evidence.report_id} (BJ-ANZ-PER 2026 h1)"


def test_downloading_an_annual_report_records_it(client, sign_in, media_root):
    report = AnnualReport.objects.create(
        programme=Programme.objects.get(code="GLOBE-2022-2026"),
        year=2025,
        language="es",
        format="pdf",
        status=GenerationStatus.DONE,
        file=ContentFile(b"%PDF-1.4", name="GLOBE-2022-2026-2025-es.pdf"),
    )
    coordinator = sign_in("coordinator")

    response = client.get(reverse("reporting:annual-report-download", args=[report.pk]))

    assert response.status_code == 200
    recorded = AccessEvent.objects.get(action=AccessAction.DOWNLOADED)
    assert (recorded.user, recorded.description) == (coordinator, "annual report GLOBE-2022-2026 2025 es pdf")


def test_exporting_the_iati_file_records_it(client, sign_in):
    coordinator = sign_in("coordinator")

    response = client.get(reverse("reporting:iati-export", args=["GLOBE-2022-2026"]))

    assert response.status_code == 200
    recorded = AccessEvent.objects.get(action=AccessAction.EXPORTED)
    assert (recorded.user, recorded.description) == (coordinator, "IATI file GLOBE-2022-2026")


def test_taking_back_ones_own_statement_with_its_errors_records_it(client, sign_in, media_root):
    officer = sign_in("anzegem")
    statement = SimpleUploadedFile("etat.csv", b"line;invoice_date;supplier\n1;not a date;Sonatel\n")
    uploaded = client.post(
        reverse("grants:claim-upload"), {"partnership": "BJ-ANZ-PER", "year": 2026, "file": statement}
    )
    token = uploaded["Location"].rstrip("/").rsplit("/", 1)[-1]

    response = client.get(reverse("grants:claim-upload-errors", args=[token]))

    assert response.status_code == 200
    recorded = AccessEvent.objects.get(action=AccessAction.EXPORTED)
    assert (recorded.user, recorded.description) == (officer, "statement errors of etat.csv for BJ-ANZ-PER")


def test_a_refused_download_records_nothing(client, sign_in, media_root):
    evidence = benin_evidence(media_root)
    sign_in("sanfelipe")
    before = AccessEvent.objects.count()

    export = client.get(reverse("grants:claim-export", args=[benin_claim().pk]))
    download = client.get(reverse("reporting:evidence-download", args=[evidence.report_id, evidence.pk]))
    iati = client.get(reverse("reporting:iati-export", args=["GLOBE-2022-2026"]))

    assert (export.status_code, download.status_code, iati.status_code) == (404, 404, 404)
    assert AccessEvent.objects.count() == before


@pytest.mark.parametrize(("username", "status"), [("coordinator", 200), ("auditor", 404), ("perere", 404)])
def test_the_access_log_is_shown_to_the_programme_team_only(client, sign_in, username, status):
    sign_in(username)

    response = client.get(ACCESS_LOG)

    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(ACCESS_LOG)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("username", "has_link"), [("coordinator", True), ("auditor", False), ("perere", False)])
def test_the_header_links_to_the_access_log_for_the_programme_team_only(client, sign_in, username, has_link):
    sign_in(username)

    page = client.get(reverse("partnerships:partnership-list")).content.decode()

    assert (f'href="{ACCESS_LOG}"' in page) is has_link


def test_the_access_log_lists_the_newest_event_first(client, sign_in):
    sign_in("coordinator")
    now = timezone.now()
    event(description="older", at=now - timedelta(hours=2))
    event(description="newer", at=now - timedelta(hours=1))

    response = client.get(ACCESS_LOG, {"action": AccessAction.DOWNLOADED})

    assert [e.description for e in response.context["page"]] == ["newer", "older"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"user": "auditor"}, {"auditor export", "auditor download"}, id="person"),
        pytest.param({"action": "exported"}, {"auditor export", "perere export"}, id="action"),
        pytest.param({"since": "2025-03-01", "until": "2025-03-31"}, {"auditor download"}, id="dates"),
        pytest.param({"user": "perere"}, {"perere export", "attempt on perere"}, id="failed-sign-ins-of-that-name"),
    ],
)
def test_the_access_log_filters_by_person_action_and_dates(client, sign_in, query, expected):
    sign_in("coordinator")
    AccessEvent.objects.all().delete()
    day = timezone.make_aware(datetime(2025, 2, 10, 12))
    event(AccessAction.EXPORTED, "auditor", description="auditor export", at=day)
    event(AccessAction.DOWNLOADED, "auditor", description="auditor download", at=day + timedelta(days=30))
    event(AccessAction.EXPORTED, "perere", description="perere export", at=day + timedelta(days=60))
    event(AccessAction.SIGN_IN_FAILED, "Perere", description="attempt on perere", at=day + timedelta(days=90))

    response = client.get(ACCESS_LOG, query)

    assert {e.description for e in response.context["page"]} == expected


def test_the_access_log_page_runs_a_bounded_number_of_queries(client, sign_in, django_assert_max_num_queries):
    sign_in("coordinator")
    for user in User.objects.all():
        for action in (AccessAction.SIGNED_IN, AccessAction.DOWNLOADED, AccessAction.EXPORTED):
            event(action, user.username)

    with django_assert_max_num_queries(12):
        response = client.get(ACCESS_LOG)

    assert len(response.context["page"]) > len(User.objects.all())


def test_the_admin_shows_the_trail_but_does_not_let_it_be_changed(client, sign_in):
    sign_in("coordinator")
    recorded = event()

    listing = client.get(reverse("admin:partnerships_accessevent_changelist"))
    change = client.post(reverse("admin:partnerships_accessevent_change", args=[recorded.pk]), {"description": "x"})
    delete = client.post(reverse("admin:partnerships_accessevent_delete", args=[recorded.pk]), {"post": "yes"})

    assert listing.status_code == 200
    assert change.status_code == 403
    assert delete.status_code == 403
    assert AccessEvent.objects.get(pk=recorded.pk).description == "claim X/2025"


def test_pruning_deletes_only_the_lines_older_than_the_kept_days(settings):
    settings.ACCESS_LOG_KEEP_DAYS = 730
    now = timezone.now()
    old = event(at=now - timedelta(days=731))
    kept = event(at=now - timedelta(days=729))

    out = StringIO()
    call_command("prune_access_log", stdout=out)

    assert set(AccessEvent.objects.values_list("pk", flat=True)) == {kept.pk}
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    assert "1 access log line older than 730 days deleted." in out.getvalue()


def test_the_access_log_page_says_how_long_lines_are_kept(client, sign_in, settings):
    settings.ACCESS_LOG_KEEP_DAYS = 400
    sign_in("coordinator")

    # The coordinator reads Dutch.
    assert "na 400 dagen verwijderd" in client.get(ACCESS_LOG).content.decode()
