"""A mail server that fails never undoes nor breaks the report step that sends the e-mail."""

import io
import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from project.mail import MAIL_RETRY_DELAYS
from reporting.models import PartnerReport, ReportStatus
from reporting.tasks import send_report_notification

pytestmark = pytest.mark.django_db

TASK = "reporting.tasks.send_report_notification"


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def report_of(code, year, period="year"):
    return PartnerReport.objects.get(partnership__code=code, year=year, period=period)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize(
    ("username", "report", "status", "data"),
    [
        ("perere", ("BJ-ANZ-PER", 2026, "h1"), ReportStatus.SUBMITTED, {}),
        ("coordinator", ("BJ-ANZ-PER", 2025, "year"), ReportStatus.RETURNED, {"comment": "Complétez les résultats."}),
        ("coordinator", ("BJ-ANZ-PER", 2025, "year"), ReportStatus.APPROVED, {}),
    ],
)
def test_a_failing_mail_server_leaves_the_step_saved_and_the_page_answering(
    client, sign_in, settings, django_capture_on_commit_callbacks, worker_in_test, username, report, status, data
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    report = report_of(*report)
    sign_in(username)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:report-move", kwargs={"pk": report.pk, "status": status}), data | {"confirm": "1"}
        )
    run_worker()

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == status
    retry = DBTaskResult.objects.get(task_path=TASK, status="READY")
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["args"] == [report.pk, status, retry.args_kwargs["args"][2], 1]


def test_the_mail_is_sent_when_the_server_is_back(client, sign_in, django_capture_on_commit_callbacks, worker_in_test):
    report = report_of("BJ-ANZ-PER", 2025)

    send_report_notification.enqueue(report.pk, ReportStatus.APPROVED, "https://example.org/r", 1)
    run_worker()

    assert [message.to for message in mail.outbox] == [["perere@demo.invalid"]]
    assert "https://example.org/r" in mail.outbox[0].body


def test_after_the_last_retry_the_failure_is_logged_and_nothing_more_is_queued(settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    report = report_of("BJ-ANZ-PER", 2025)

    with caplog.at_level(logging.ERROR, logger="project.mail"):
        send_report_notification.call(report.pk, ReportStatus.APPROVED, "https://example.org/r", len(MAIL_RETRY_DELAYS))

    assert "giving up" in caplog.text and "mail server down" in caplog.text
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
