"""/healthz tells a monitor whether the database answers and a background worker lives."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.utils import OperationalError
from django.utils import timezone

from reporting.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_without_a_worker_the_application_is_not_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "worker": "not running"}


def test_a_running_worker_makes_it_healthy_until_it_falls_silent(client, monkeypatch, worker_in_test):
    # The beats after the first come from a thread on its own connection, which would
    # commit outside the test's transaction: here the first beat, in the test's, is enough.
    monkeypatch.setattr("reporting.management.commands.run_worker.threading.Thread.start", lambda self: None)
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO()
    )
    beat = WorkerHeartbeat.objects.get()
    assert timezone.now() - beat.seen_at < timedelta(seconds=30)
    assert client.get("/healthz").json() == {"database": "ok", "worker": "ok"}

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=2))
    assert client.get("/healthz").status_code == 503


def test_a_database_that_does_not_answer_makes_it_unhealthy(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("project.health.connection.cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
