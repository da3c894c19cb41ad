"""A mail server that fails never undoes nor breaks the report step that sends the e-mail."""

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerships.models import Role
from project.mail import MAIL_RETRY_DELAYS
from reporting.models import ReportStatus
from reporting.tasks import send_report_notification
from tests.factories import make_partnership, make_report, make_user

pytestmark = pytest.mark.django_db

TASK = "reporting.tasks.send_report_notification"


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def partner(partnership):
    return make_user(role=Role.PARTNER_REPORTER, partnership=partnership, language="fr")


@pytest.fixture
def coordinator():
    return make_user(role=Role.PROGRAMME_MANAGER, language="nl")


@pytest.fixture
def submitted(partnership):
    return make_report(partnership=partnership, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())


@pytest.mark.parametrize(
    ("mover", "report_status", "status", "data"),
    [
        ("partner", ReportStatus.DRAFT, ReportStatus.SUBMITTED, {}),
        ("coordinator", ReportStatus.SUBMITTED, ReportStatus.RETURNED, {"comment": "Complétez les résultats."}),
        ("coordinator", ReportStatus.SUBMITTED, ReportStatus.APPROVED, {}),
    ],
)
def test_a_failing_mail_server_leaves_the_step_saved_and_the_page_answering(
    client,
    settings,
    django_capture_on_commit_callbacks,
    run_tasks,
    partnership,
    partner,
    coordinator,
    mover,
    report_status,
    status,
    data,
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    submitted_at = timezone.now() if report_status == ReportStatus.SUBMITTED else None
    report = make_report(partnership=partnership, status=report_status, submitted_at=submitted_at)
    client.force_login({"partner": partner, "coordinator": coordinator}[mover])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:report-move", kwargs={"pk": report.pk, "status": status}), data | {"confirm": "1"}
        )
    run_tasks()

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == status
    retry = DBTaskResult.objects.get(task_path=TASK, status="READY")
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["args"] == [report.pk, status, retry.args_kwargs["args"][2], 1]


def test_the_mail_is_sent_when_the_server_is_back(run_tasks, submitted, partner):
    send_report_notification.enqueue(submitted.pk, ReportStatus.APPROVED, "https://example.org/r", 1)
    run_tasks()

    assert [message.to for message in mail.outbox] == [[partner.email]]
    assert "https://example.org/r" in mail.outbox[0].body


def test_after_the_last_retry_the_failure_is_logged_and_nothing_more_is_queued(settings, caplog, submitted, partner):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"

    with caplog.at_level(logging.ERROR, logger="project.mail"):
        send_report_notification.call(
            submitted.pk, ReportStatus.APPROVED, "https://example.org/r", len(MAIL_RETRY_DELAYS)
        )

    assert "giving up" in caplog.text and "mail server down" in caplog.text
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
