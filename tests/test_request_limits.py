"""Request limits (issue 13, findings 2 and 6): the size of a body, the time of a request.

Finding 6: a 300 MB POST to the sign-in page, without signing in, was read and its file
written to disk. Here a recording upload handler stands for the disk: on the old code the
CSRF middleware parsed the form and the handler received the file.
Finding 2 (time): gunicorn's gthread workers do not cut a request that runs too long; the
configuration of `make serve` is started here with a tiny WSGI application that never answers.
"""

import http.client
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parent.parent
RECEIVED = []


class RecordingUploadHandler(TemporaryFileUploadHandler):
    """Writes uploads to temporary files as Django does, and notes every chunk it writes."""

    def receive_data_chunk(self, raw_data, start):
        RECEIVED.append(len(raw_data))
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture(autouse=True)
def recorded_uploads(settings):
    settings.FILE_UPLOAD_HANDLERS = ["tests.test_request_limits.RecordingUploadHandler"]
    RECEIVED.clear()
    yield RECEIVED


def form_with_file(size):
    return {"username": "anzegem", "password": "x", "file": io.BytesIO(b"x" * size)}


@pytest.mark.django_db
def test_a_large_post_to_the_sign_in_page_is_refused_unread_and_nothing_written(client, recorded_uploads):
    response = client.post(reverse("login"), form_with_file(1024 * 1024), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 413
    assert recorded_uploads == []
    assert '<html lang="fr">' in response.content.decode()
    with translation.override("fr"):
        assert gettext("What you sent is too large") in response.content.decode()


@pytest.mark.django_db
def test_a_large_post_with_a_made_up_session_cookie_is_refused_as_anonymous(client, recorded_uploads):
    client.cookies["sessionid"] = "made-up-session-key-0123456789"

    response = client.post(reverse("login"), form_with_file(1024 * 1024))

    assert response.status_code == 413 and recorded_uploads == []


@pytest.mark.django_db
def test_a_sign_in_form_under_the_small_limit_is_read_as_before(client, recorded_uploads):
    response = client.post(reverse("login"), {"username": "anzegem", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
def test_a_signed_in_officer_may_send_a_statement_but_not_more_than_the_largest_upload(
    client, sign_in, settings, tmp_path, recorded_uploads
):
    settings.MEDIA_ROOT = tmp_path
    settings.REQUEST_MAX_BYTES = 2 * 1024 * 1024
    sign_in("anzegem")
    url = reverse("grants:claim-upload")

    within = client.post(url, {"partnership": "BJ-ANZ-PER", "year": 2026, "file": io.BytesIO(b"x" * 1024 * 1024)})
    received = sum(recorded_uploads)
    beyond = client.post(url, {"partnership": "BJ-ANZ-PER", "year": 2026, "file": io.BytesIO(b"x" * 3 * 1024 * 1024)})

    assert within.status_code in (200, 302) and received == 1024 * 1024
    assert beyond.status_code == 413 and sum(recorded_uploads) == received
    assert '<html lang="nl">' in beyond.content.decode()  # the officer's language


class CountingInput(io.BytesIO):
    def read(self, *args):
        data = super().read(*args)
        self.bytes_read = getattr(self, "bytes_read", 0) + len(data)
        return data


@pytest.mark.django_db
def test_a_body_without_a_length_is_never_read(recorded_uploads):
    """A chunked body reaches Django without CONTENT_LENGTH: Django reads none of it."""
    body = CountingInput(b"username=anzegem&password=x&" + b"x" * 1024 * 1024)
    environ = Client()._base_environ(
        REQUEST_METHOD="POST",
        PATH_INFO=reverse("login"),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    environ["wsgi.input"] = body
    environ.pop("CONTENT_LENGTH", None)

    WSGIHandler()(environ, lambda status, headers: None)

    assert getattr(body, "bytes_read", 0) == 0


# Time: the worker setting of deploy/gunicorn.conf.py cuts a request that runs too long.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn_with_a_stuck_application():
    port = free_port()
    environment = dict(os.environ, PORT=str(port), WEB_WORKERS="1", WEB_TIMEOUT="2", PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "tests.stuck_wsgi:application"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    server.terminate()
    server.wait(timeout=30)


def test_gunicorn_as_configured_cuts_a_request_that_runs_past_its_timeout(gunicorn_with_a_stuck_application):
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn_with_a_stuck_application, timeout=30)
    connection.request("GET", "/")

    # The application would answer after 25 s; the timeout is 2 s, checked every second:
    # the worker ends itself and its connections close without an answer (an answer,
    # however late, would be a response here, not a disconnection).
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        connection.getresponse()


def test_gunicorn_serves_again_after_cutting_a_request(gunicorn_with_a_stuck_application):
    port = gunicorn_with_a_stuck_application
    stuck = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    stuck.request("GET", "/")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        stuck.getresponse()

    again = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    again.request("GET", "/quick")

    assert again.getresponse().read() == b"quick"
