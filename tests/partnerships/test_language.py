import pytest
from django.conf import settings
from django.urls import reverse

from partnerships.models import User
from tests.browsers import html_lang, translated

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("accept", "lang"), [("es-EC,es;q=0.9", "es"), ("fr-BE", "fr"), ("nl", "nl"), ("de", "en")])
def test_before_sign_in_the_browser_language_decides(client, accept, lang):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)

    assert html_lang(response) == lang
    expected = translated("Forgotten your password?", lang) if lang != "en" else "Forgotten"
    assert expected in response.content.decode()


def test_after_sign_in_the_users_own_language_decides_whatever_the_browser(client, sign_in):
    sign_in("perere")

    response = client.get(
        reverse("partnerships:partnership-detail", kwargs={"code": "BJ-ANZ-PER"}),
        HTTP_ACCEPT_LANGUAGE="nl-BE,nl",
    )

    assert html_lang(response) == "fr"
    assert response["Content-Language"] == "fr"
    assert translated("Partner side", "fr") in response.content.decode()


def test_user_changes_language_and_keeps_it_in_the_profile(client, sign_in):
    sign_in("coordinator")

    response = client.post(reverse("language-change"), {"language": "es", "next": "/partnerships/"})
    page = client.get("/partnerships/")

    assert response.status_code == 302
    assert response["Location"] == "/partnerships/"
    assert User.objects.get(username="coordinator").language == "es"
    assert html_lang(page) == "es"


def test_anonymous_language_choice_is_kept_in_a_cookie(client):
    client.post(reverse("language-change"), {"language": "fr", "next": "/accounts/login/"})

    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl")

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert html_lang(response) == "fr"


def test_language_change_never_redirects_to_another_site(client):
    response = client.post(reverse("language-change"), {"language": "fr", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_unknown_language_is_ignored(client, sign_in):
    sign_in("sanfelipe")

    client.post(reverse("language-change"), {"language": "de", "next": "/"})

    assert User.objects.get(username="sanfelipe").language == "es"
