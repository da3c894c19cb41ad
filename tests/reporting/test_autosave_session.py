"""The autosave is told when the person is signed out, and signing out clears the browser's copies.

The browser side (what the page says, what stays in localStorage) is in
tests/e2e/test_autosave_session.py.
"""

import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.sessions import SIGNED_IN_AT
from tests.reports import demo_draft

pytestmark = pytest.mark.django_db


def autosave(client, text="Tapé après la fin de la session."):
    return client.post(
        reverse("reporting:report-section", kwargs={"pk": demo_draft().pk, "section": "results"}),
        {"text": text},
        HTTP_ACCEPT="application/json",
    )


def test_a_signed_out_autosave_is_answered_401_json_not_the_sign_in_page(client):
    response = autosave(client)

    assert response.status_code == 401
    assert response.json() == {"signed_out": True}
    assert demo_draft().results == ""


def test_a_signed_out_form_goes_to_the_sign_in_page_and_then_back_to_the_report(client):
    report_page = f"http://testserver{demo_draft().get_absolute_url()}"
    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": demo_draft().pk, "section": "results"}),
        {"text": "Sans script."},
        HTTP_REFERER=report_page,
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(demo_draft().get_absolute_url())}"


def test_a_signed_out_form_from_elsewhere_goes_back_to_the_home_page(client):
    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": demo_draft().pk, "section": "results"}),
        {"text": "Sans script."},
        HTTP_REFERER="https://evil.example/page",
    )

    assert response["Location"] == f"{reverse('login')}?next=/"


def test_an_autosave_after_the_idle_timeout_is_answered_401(client, sign_in):
    sign_in("perere")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = autosave(client)

    assert response.status_code == 401
    assert demo_draft().results == ""


def test_an_autosave_after_the_longest_session_is_answered_401_and_signs_out(client, sign_in):
    sign_in("perere")
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = autosave(client)

    assert response.status_code == 401
    assert response.json() == {"signed_out": True}
    assert demo_draft().results == ""
    assert autosave(client).status_code == 401


def test_signing_out_tells_the_browser_to_clear_the_sites_storage(client, sign_in):
    sign_in("perere")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert autosave(client).status_code == 401


def test_the_browser_copies_are_kept_under_the_persons_own_prefix(client, sign_in):
    user = sign_in("perere")

    page = client.get(demo_draft().get_absolute_url()).content.decode()

    prefix = f'data-key-prefix="citylink:{user.pk}:"'
    assert f'<script src="/static/js/report-autosave.js" {prefix}' in page
    assert f'<form id="sign-out" class="inline" method="post" action="{reverse("logout")}" {prefix}>' in page
