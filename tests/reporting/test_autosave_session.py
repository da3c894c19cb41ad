"""The autosave is told when the person is signed out, and signing out clears the browser's copies.

The browser side (what the page says, what stays in localStorage) is in
tests/e2e/test_autosave_session.py. The report and its partner are built with tests/factories.py.
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
from partnerships.models import Language, Role
from reporting.models import PartnerReport, ReportPeriod
from tests.factories import make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    """A half-year report being written."""
    return make_report(year=2026, period=ReportPeriod.H1)


@pytest.fixture
def partner(client, draft):
    """The partner who writes it, signed in."""
    user = make_user(role=Role.PARTNER_REPORTER, partnership=draft.partnership, language=Language.FR)
    client.force_login(user)
    return user


def results_of(report):
    return PartnerReport.objects.get(pk=report.pk).results


def autosave(client, report, text="Tapé après la fin de la session."):
    return client.post(
        reverse("reporting:report-section", kwargs={"pk": report.pk, "section": "results"}),
        {"text": text},
        HTTP_ACCEPT="application/json",
    )


def test_a_signed_out_autosave_is_answered_401_json_not_the_sign_in_page(client, draft):
    response = autosave(client, draft)

    assert response.status_code == 401
    assert response.json() == {"signed_out": True}
    assert results_of(draft) == ""


def test_a_signed_out_form_goes_to_the_sign_in_page_and_then_back_to_the_report(client, draft):
    report_page = f"http://testserver{draft.get_absolute_url()}"
    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft.pk, "section": "results"}),
        {"text": "Sans script."},
        HTTP_REFERER=report_page,
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(draft.get_absolute_url())}"
    assert results_of(draft) == ""


def test_a_signed_out_form_from_elsewhere_goes_back_to_the_home_page(client, draft):
    response = client.post(
        reverse("reporting:report-section", kwargs={"pk": draft.pk, "section": "results"}),
        {"text": "Sans script."},
        HTTP_REFERER="https://evil.example/page",
    )

    assert response["Location"] == f"{reverse('login')}?next=/"


def test_an_autosave_after_the_idle_timeout_is_answered_401(client, draft, partner):
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = autosave(client, draft)

    assert response.status_code == 401
    assert results_of(draft) == ""


def test_an_autosave_after_the_longest_session_is_answered_401_and_signs_out(client, draft, partner):
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = autosave(client, draft)

    assert response.status_code == 401
    assert response.json() == {"signed_out": True}
    assert results_of(draft) == ""
    assert autosave(client, draft).status_code == 401


def test_signing_out_tells_the_browser_to_clear_the_sites_storage(client, draft, partner):
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert autosave(client, draft).status_code == 401


def test_while_signed_in_the_autosave_saves(client, draft, partner):
    response = autosave(client, draft, "Tapé à temps.")

    assert response.json() == {"saved": True, "section": "results"}
    assert results_of(draft) == "Tapé à temps."


def test_the_browser_copies_are_kept_under_the_persons_own_prefix(client, draft, partner):
    page = client.get(draft.get_absolute_url()).content.decode()

    prefix = f'data-key-prefix="citylink:{partner.pk}:"'
    assert f'<script src="/static/js/report-autosave.js" {prefix}' in page
    assert f'<form id="sign-out" class="inline" method="post" action="{reverse("logout")}" {prefix}>' in page
