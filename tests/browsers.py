"""What tests of pages share: another browser signed in, the messages a page shows, its language."""

import re

from django.test import Client
from django.utils import translation

from partnerships.models import User


def signed_in_client(username):
    """A browser of its own, for tests with two people or two clicks."""
    browser = Client()
    browser.force_login(User.objects.get(username=username))
    return browser


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def in_language(lang, text, **values):
    """What a page in `lang` says for an English message id, with its placeholders filled."""
    with translation.override(lang):
        said = translation.gettext(text)
    return said % values if values else said


def translated(text, lang):
    """The translation of an English message id, failing the test where there is none."""
    with translation.override(lang):
        result = translation.gettext(text)
    assert result != text, f"{text!r} has no {lang} translation"
    return result


def html_lang(response):
    """The language a page says it is in."""
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)
