import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from partnerships.models import User

pytestmark = pytest.mark.django_db


def test_sign_in_with_username_and_password_lands_on_home(client):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "demo"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_is_refused_with_a_message_in_the_browser_language(client):
    response = client.post(reverse("login"), {"username": "perere", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="fr")

    with translation.override("fr"):
        message = translation.gettext("Your username and password did not match. Please try again.")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_sign_out_ends_the_session(client, sign_in):
    sign_in("perere")

    client.post(reverse("logout"))

    assert client.get(reverse("home")).status_code == 302


def test_password_change_requires_the_old_password(client, sign_in):
    sign_in("sokone")

    response = client.post(
        reverse("password_change"),
        {"old_password": "demo", "new_password1": "Tambacounda-2026!", "new_password2": "Tambacounda-2026!"},
    )

    assert response.status_code == 302
    assert User.objects.get(username="sokone").check_password("Tambacounda-2026!") is True


def test_password_reset_sends_a_link_that_sets_a_new_password(client, run_tasks):
    client.post(reverse("password_reset"), {"email": "sanfelipe@demo.invalid"}, HTTP_ACCEPT_LANGUAGE="es")
    run_tasks()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Oña-segura-2026", "new_password2": "Oña-segura-2026"},
    )

    assert User.objects.get(username="sanfelipe").check_password("Oña-segura-2026") is True


def test_password_reset_says_the_same_for_unknown_addresses(client, run_tasks):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    run_tasks()

    assert response.status_code == 302
    assert mail.outbox == []
