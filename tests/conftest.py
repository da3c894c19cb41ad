"""Fixtures every test may use, and the test database they share.

The test database holds the demo, loaded once: the tests that check what the demo shows
read it by the names of its people, partnerships and claims (sign_in, tests/claims.py,
tests/reports.py). Every other test builds the rows it needs with tests/factories.py,
whose codes never clash with the demo's, so that a change to the demo breaks only the
tests about the demo.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from partnerships.models import Membership, Role, User
from tests.claims import claim_of

# Demo users are created with a real hash in production; tests need no slow hashing.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo once into the test database; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        # pytest-django runs the tests with DEBUG off, on a test database of its own.
        call_command("load_demo", allow_production_demo=True, stdout=io.StringIO())


@pytest.fixture
def sign_in(client):
    """Return a function that signs the test client in as a demo user."""

    def _sign_in(username):
        user = User.objects.get(username=username)
        client.force_login(user)
        return user

    return _sign_in


@pytest.fixture(autouse=True)
def source_language():
    """Start and end every test in English: a request activates its reader's language for the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def media_root(settings, tmp_path):
    """Keep files the tests upload or generate out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def worker_in_test(monkeypatch):
    """Let the background worker run inside a test's transaction.

    The worker drops connections whose autocommit is not the configured one, which is what
    a test's open transaction looks like: on PostgreSQL it would close the test's
    connection under it.
    """
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture
def run_tasks(worker_in_test):
    """Return a function that runs the queued background tasks, as `run_worker` would."""

    def _run():
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    return _run


@pytest.fixture
def auditor():
    return User.objects.get(username="auditor")


@pytest.fixture
def colleague():
    """A second auditor of the finance team."""
    user = User.objects.create_user("auditrice", password="demo", first_name="Lien", last_name="Peeters")
    Membership.objects.create(user=user, role=Role.AUDITOR)
    return user


@pytest.fixture
def claim():
    """The demo's Benin claim in audit, with lines the rules warned about."""
    return claim_of("BJ-ANZ-PER/2025")
