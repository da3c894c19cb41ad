"""The programme team asks for an annual report, follows it being made in the background and downloads it."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from grants.models import Programme
from reporting.annual.generation import annual_report_generate
from reporting.models import AnnualReport, GenerationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

GLOBE = "GLOBE-2022-2026"


def ask(client, **fields):
    data = {"programme": GLOBE, "year": 2025, "language": "es", "file_format": "pdf", **fields}
    return client.post(reverse("reporting:annual-report-list"), data)


def test_the_coordinator_generates_a_pdf_in_the_background_and_downloads_it(
    client, sign_in, django_capture_on_commit_callbacks, run_tasks
):
    coordinator = sign_in("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.status == GenerationStatus.QUEUED and report.requested_by == coordinator
    assert DBTaskResult.objects.filter(task_path="reporting.tasks.generate_annual_report").count() == 1

    waiting = client.get(report.get_absolute_url())
    assert b'http-equiv="refresh"' in waiting.content and b"<progress" in waiting.content

    run_tasks()
    report.refresh_from_db()
    assert report.status == GenerationStatus.DONE and report.progress == 100
    assert report.finished_at is not None and report.size > 10_000

    page = client.get(report.get_absolute_url())
    assert b'http-equiv="refresh"' not in page.content
    download = client.get(reverse("reporting:annual-report-download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="GLOBE-2022-2026-2025-es.pdf"' in download["Content-Disposition"]
    text = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[2].extract_text()
    assert "Resumen" in text


def test_a_failed_generation_is_kept_with_its_error_and_said_plainly(client, sign_in, monkeypatch):
    sign_in("coordinator")
    report = AnnualReport.objects.create(
        programme=Programme.objects.get(code=GLOBE), year=2025, language="nl", format="pdf"
    )

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reporting.annual.generation.build_annual_report", broken)
    annual_report_generate(report.pk)
    report.refresh_from_db()
    assert report.status == GenerationStatus.FAILED and "disk full" in report.error and not report.file
    page = client.get(report.get_absolute_url())
    with translation.override("nl"):
        message = gettext(
            "The report could not be generated. The error is recorded for the administrators; "
            "try again, and tell them if it fails again."
        )
    assert message.startswith("Het rapport kon niet")
    assert message in page.content.decode()
    assert "disk full" not in page.content.decode()
    assert client.get(reverse("reporting:annual-report-download", args=[report.pk])).status_code == 404


def test_a_year_outside_the_programme_is_refused_in_the_readers_language(client, sign_in):
    user = sign_in("coordinator")
    user.language = "fr"
    user.save()
    response = ask(client, year=2031)
    assert response.status_code == 200
    assert "GLOBE-2022-2026 couvre la période de 2022 à 2026" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_the_list_shows_who_generated_which_file_without_a_query_per_row(
    client, sign_in, django_assert_max_num_queries
):
    coordinator = sign_in("coordinator")
    programme = Programme.objects.get(code=GLOBE)
    AnnualReport.objects.bulk_create(
        AnnualReport(programme=programme, year=2022 + i % 4, language="nl", format="xlsx", requested_by=coordinator)
        for i in range(15)
    )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:annual-report-list"))
    assert response.content.decode().count("Hanne Claes") >= 15


def test_an_auditor_reads_the_reports_but_does_not_generate_them(client, sign_in):
    sign_in("auditor")
    assert client.get(reverse("reporting:annual-report-list")).status_code == 200
    assert ask(client).status_code == 403
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("username", ["perere", "sanfelipe", "ralga"])
def test_partners_cannot_reach_any_annual_report_page(client, sign_in, username):
    report = AnnualReport.objects.create(
        programme=Programme.objects.get(code=GLOBE), year=2025, language="fr", format="html"
    )
    sign_in(username)
    urls = [
        reverse("reporting:annual-report-list"),
        reverse("reporting:annual-report-detail", args=[report.pk]),
        reverse("reporting:annual-report-download", args=[report.pk]),
        reverse("reporting:annual-report-page", args=[GLOBE, 2025]),
        reverse("reporting:programme-chart", args=[GLOBE, "indicator-progress"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert ask(client).status_code == 404
    assert AnnualReport.objects.count() == 1


def test_the_report_page_in_the_application_uses_the_report_template(client, sign_in):
    sign_in("coordinator")
    response = client.get(reverse("reporting:annual-report-page", args=[GLOBE, 2025]) + "?lang=nl")
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Resultaten per doelstelling" in html
    assert 'href="/static/css/annual-report.css"' in html


def test_the_programme_home_shows_the_charts_of_the_report(client, sign_in):
    sign_in("coordinator")
    home = client.get("/").content.decode()
    for name in ("execution-by-year", "execution-by-country", "indicator-progress"):
        url = reverse("reporting:programme-chart", args=[GLOBE, name])
        assert url in home
        chart = client.get(url, {"year": 2025})
        assert chart["Content-Type"] == "image/png" and chart.content.startswith(b"\x89PNG")
    assert client.get(reverse("reporting:programme-chart", args=[GLOBE, "nope"])).status_code == 404
