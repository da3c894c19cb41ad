"""Signed-in pages and downloads are never stored; password reset e-mails are rationed."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from grants.models import ExpenseClaim
from partnerships.models import User
from partnerships.views import RESET_LIMIT_PER_CLIENT, RESET_LIMIT_PER_EMAIL

pytestmark = pytest.mark.django_db

TASK = "partnerships.password_reset.send_password_reset"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_signed_in_pages_and_downloads_are_not_stored(client, sign_in):
    sign_in("coordinator")
    claim = ExpenseClaim.objects.first()

    page = client.get(reverse("partnerships:partnership-list"))
    export = client.get(reverse("grants:claim-export", args=[claim.pk]))

    assert page.status_code == export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    assert "no-store" in page["Cache-Control"] and "no-store" in export["Cache-Control"]


def test_a_chart_keeps_its_own_private_caching(client, sign_in):
    sign_in("coordinator")

    chart = client.get(reverse("grants:programme-budget-chart", args=["GLOBE-2022-2026"]))

    assert chart.status_code == 200
    assert chart["Cache-Control"] == "private, max-age=300"


def reset(client, email, address="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_one_address_gets_a_few_reset_mails_an_hour_and_the_page_says_the_same(client, run_tasks):
    answers = [reset(client, "sanfelipe@demo.invalid", f"203.0.113.{n}") for n in range(RESET_LIMIT_PER_EMAIL + 2)]
    run_tasks()

    assert len(mail.outbox) == RESET_LIMIT_PER_EMAIL
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, reverse("password_reset_done"))}


def test_one_client_asks_for_a_limited_number_of_resets_whatever_the_address(client, run_tasks):
    for n in range(RESET_LIMIT_PER_CLIENT):
        reset(client, f"someone{n}@example.org")

    refused = reset(client, "perere@demo.invalid")
    run_tasks()
    assert mail.outbox == []
    from_elsewhere = reset(client, "perere@demo.invalid", "198.51.100.1")
    run_tasks()

    assert [message.to for message in mail.outbox] == [["perere@demo.invalid"]]
    assert refused["Location"] == from_elsewhere["Location"] == reverse("password_reset_done")


def test_the_counts_are_kept_in_the_database_shared_by_every_web_worker(client):
    reset(client, "sanfelipe@demo.invalid")

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM citylink_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert any("password-reset:email:" in key for key in keys)
    assert any("password-reset:client:203.0.113.7" in key for key in keys)


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_server_that_fails_neither_breaks_the_page_nor_loses_the_mail(client, settings, run_tasks):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"

    response = reset(client, "sanfelipe@demo.invalid")
    run_tasks()

    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    retry = DBTaskResult.objects.get(task_path=TASK, status="READY")
    assert retry.run_after > timezone.now()
    # Only the person's id waits in the queue: the link is made when the mail leaves.
    sanfelipe = User.objects.get(username="sanfelipe")
    assert retry.args_kwargs["args"] == [sanfelipe.pk, "testserver", "testserver", "http", 1]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    assert [message.to for message in mail.outbox] == [["sanfelipe@demo.invalid"]]


def test_the_mail_is_written_in_the_language_of_the_person_it_is_for(client, run_tasks):
    client.post(reverse("password_reset"), {"email": "sanfelipe@demo.invalid"}, HTTP_ACCEPT_LANGUAGE="nl")
    run_tasks()

    with translation.override("es"):
        greeting = translation.gettext("Open this page and choose a new password:")
    assert greeting != "Open this page and choose a new password:"
    assert greeting in mail.outbox[0].body
