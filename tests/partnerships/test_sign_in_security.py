"""Signing in: guessing is throttled, sessions end, and the programme team needs a second factor."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.sessions import LAST_SEEN, SIGNED_IN_AT
from partnerships.models import AccessAction, AccessEvent, Membership, Role, User

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in_with(client, username, password, address="203.0.113.7", language="en"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_five_wrong_passwords_lock_that_username_from_that_address_for_a_while(client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in_with(client, "perere", "guess").status_code == 200
    assert sign_in_with(client, "perere", "guess").status_code == 429
    locked = sign_in_with(client, "perere", "demo", language="fr")
    assert locked.status_code == 429
    with translation.override("fr"):
        heading = translation.gettext("Too many attempts")
    assert heading != "Too many attempts" and heading in locked.content.decode()
    assert "15 minutes" in locked.content.decode()

    # Somebody else's guesses do not lock the real user out from her own address.
    assert sign_in_with(client, "perere", "demo", address="198.51.100.4").status_code == 302

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    client.logout()
    assert sign_in_with(client, "perere", "demo").status_code == 302


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_the_session_is_renewed_at_sign_in_and_ends_after_idle_time(client):
    client.get(LOGIN)
    anonymous_key = client.session.session_key
    sign_in_with(client, "sanfelipe", "demo")
    assert client.session.session_key != anonymous_key
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60

    # Idle: once the stored expiry has passed, the next request is sent to sign in.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/reports/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_session_in_use_is_kept_alive_by_one_write_a_minute(client):
    sign_in_with(client, "sanfelipe", "demo")
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)

    # Within a minute of the last save a page does not write the session again...
    assert client.get("/reports/").status_code == 200
    assert stored_session(client).expire_date == soon

    # ...after a minute it does, and the 30 idle minutes start again.
    session = client.session
    session[LAST_SEEN] -= settings.SESSION_TOUCH_SECONDS
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=soon)
    assert client.get("/reports/").status_code == 200
    renewed = stored_session(client).expire_date
    assert renewed - timezone.now() > timedelta(minutes=29)


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(client):
    sign_in_with(client, "sanfelipe", "demo")
    assert client.get("/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/reports/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_deactivated_user_is_signed_out_at_the_next_request(client):
    sign_in_with(client, "sanfelipe", "demo")
    User.objects.filter(username="sanfelipe").update(is_active=False)
    response = client.get("/reports/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_sign_in_is_kept_once_in_the_pruned_access_log_not_also_in_axes_own(client):
    sign_in_with(client, "sanfelipe", "demo")

    assert AccessEvent.objects.filter(username="sanfelipe", action=AccessAction.SIGNED_IN).count() == 1
    assert not AccessLog.objects.exists()


def test_common_passwords_are_refused():
    names = {validator["NAME"].rsplit(".", 1)[1] for validator in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"CommonPasswordValidator", "MinimumLengthValidator", "UserAttributeSimilarityValidator"} <= names


def code_of(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def two_factor(settings):
    settings.REQUIRE_2FA = True


def test_the_coordinator_sets_up_an_authenticator_then_needs_its_code_at_every_sign_in(client, two_factor):
    sign_in_with(client, "coordinator", "demo")
    response = client.get("/claims/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two-factor-setup')}?next=/claims/"
    setup = client.get(response["Location"])
    assert b"<svg" in setup.content and re.search(r"<code>[A-Z2-7 ]{20,}</code>", setup.content.decode())
    device = TOTPDevice.objects.get(user__username="coordinator", confirmed=False)

    wrong = client.post(reverse("two-factor-setup"), {"password": "demo", "token": "000000", "next": "/claims/"})
    device.refresh_from_db()
    assert wrong.status_code == 200 and not device.confirmed
    # Each wrong code makes the next try wait longer (django-otp throttling): skip the wait.
    assert device.throttling_failure_count == 1
    device.throttle_reset()
    right = client.post(reverse("two-factor-setup"), {"password": "demo", "token": code_of(device), "next": "/claims/"})
    assert right.status_code == 302 and right["Location"] == "/claims/"
    assert client.get("/claims/").status_code == 200

    client.post("/accounts/logout/")
    sign_in_with(client, "coordinator", "demo")
    response = client.get("/annual-reports/")
    assert response["Location"].startswith(reverse("two-factor-verify"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    passed = client.post(reverse("two-factor-verify"), {"token": code_of(device), "next": "/annual-reports/"})
    assert passed["Location"] == "/annual-reports/"
    assert client.get("/annual-reports/").status_code == 200


def test_the_admin_is_behind_the_second_factor_too(client, two_factor):
    sign_in_with(client, "coordinator", "demo")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))


def test_an_outside_next_address_is_not_followed(client, two_factor):
    sign_in_with(client, "auditor", "demo")
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user__username="auditor")
    response = client.post(
        reverse("two-factor-setup"), {"password": "demo", "token": code_of(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_partners_sign_in_with_a_password_unless_they_chose_a_second_factor(client, two_factor):
    sign_in_with(client, "perere", "demo")
    assert client.get("/reports/").status_code == 200
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user__username="perere")
    client.post(reverse("two-factor-setup"), {"password": "demo", "token": code_of(device)})
    client.post("/accounts/logout/")
    sign_in_with(client, "perere", "demo")
    assert client.get("/reports/")["Location"].startswith(reverse("two-factor-verify"))


def test_without_require_2fa_the_team_signs_in_with_a_password(client, settings):
    settings.REQUIRE_2FA = False
    sign_in_with(client, "coordinator", "demo")
    assert client.get("/claims/").status_code == 200


def test_whether_a_partner_has_an_authenticator_is_looked_up_at_sign_in_not_on_every_page(client, two_factor):
    sign_in_with(client, "perere", "demo")
    assert client.get("/reports/").status_code == 200
    with CaptureQueriesContext(connection) as pages:
        assert client.get("/reports/").status_code == 200
    assert not [q for q in pages.captured_queries if "otp_totp_totpdevice" in q["sql"]]

    # A device confirmed meanwhile (the admin, another browser) counts from the next
    # sign-in, even one made without signing out first.
    TOTPDevice.objects.create(user=User.objects.get(username="perere"), name="phone", confirmed=True)
    assert client.get("/reports/").status_code == 200
    sign_in_with(client, "perere", "demo")
    assert client.get("/reports/")["Location"].startswith(reverse("two-factor-verify"))


def test_a_partner_made_programme_manager_while_signed_in_needs_the_second_factor_at_once(client, two_factor):
    sign_in_with(client, "perere", "demo")
    assert client.get("/reports/").status_code == 200

    Membership.objects.create(user=User.objects.get(username="perere"), role=Role.PROGRAMME_MANAGER)

    response = client.get("/partnerships/access-log/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))


def test_turning_require_2fa_on_stops_sessions_signed_in_with_a_password_only(client, settings):
    settings.REQUIRE_2FA = False
    sign_in_with(client, "coordinator", "demo")
    assert client.get("/claims/").status_code == 200

    settings.REQUIRE_2FA = True

    response = client.get("/claims/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))


def test_adding_an_authenticator_asks_for_the_password_again(client):
    sign_in_with(client, "perere", "demo")
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user__username="perere")

    response = client.post(reverse("two-factor-setup"), {"password": "guess", "token": code_of(device)})

    device.refresh_from_db()
    assert response.status_code == 200 and not device.confirmed
    with translation.override("fr"):
        refusal = translation.gettext("This is not your password.")
    assert escape(refusal) in response.content.decode()
    # The code was not tried, so a wrong password costs no wait on the device.
    assert device.throttling_failure_count == 0


def test_turning_on_the_second_factor_signs_out_the_other_sessions_only(client):
    elsewhere = Client()
    sign_in_with(elsewhere, "perere", "demo", address="198.51.100.9")
    assert elsewhere.get("/reports/").status_code == 200
    sign_in_with(client, "perere", "demo")
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user__username="perere")

    client.post(reverse("two-factor-setup"), {"password": "demo", "token": code_of(device)})

    assert client.get("/reports/").status_code == 200
    response = elsewhere.get("/reports/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_changing_the_password_signs_out_the_other_sessions_only(client):
    elsewhere = Client()
    sign_in_with(elsewhere, "sokone", "demo", address="198.51.100.9")
    sign_in_with(client, "sokone", "demo")

    changed = client.post(
        reverse("password_change"),
        {"old_password": "demo", "new_password1": "Ziguinchor-2026!", "new_password2": "Ziguinchor-2026!"},
    )

    assert changed.status_code == 302
    assert client.get("/reports/").status_code == 200
    assert elsewhere.get("/reports/")["Location"].startswith(LOGIN)
