"""Signed-in pages and downloads are never stored; password reset e-mails are rationed."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from grants.models import ExpenseClaim
from partnerships.views import RESET_LIMIT_PER_CLIENT, RESET_LIMIT_PER_EMAIL

pytestmark = pytest.mark.django_db


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


def test_one_address_gets_a_few_reset_mails_an_hour_and_the_page_says_the_same(client):
    answers = [reset(client, "sanfelipe@demo.invalid", f"203.0.113.{n}") for n in range(RESET_LIMIT_PER_EMAIL + 2)]

    assert len(mail.outbox) == RESET_LIMIT_PER_EMAIL
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, reverse("password_reset_done"))}


def test_one_client_asks_for_a_limited_number_of_resets_whatever_the_address(client):
    for n in range(RESET_LIMIT_PER_CLIENT):
        reset(client, f"someone{n}@example.org")

    refused = reset(client, "perere@demo.invalid")
    assert mail.outbox == []
    from_elsewhere = reset(client, "perere@demo.invalid", "198.51.100.1")

    assert [message.to for message in mail.outbox] == [["perere@demo.invalid"]]
    assert refused["Location"] == from_elsewhere["Location"] == reverse("password_reset_done")
