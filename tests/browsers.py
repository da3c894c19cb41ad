"""What tests of pages share: another browser signed in, and the messages a page shows."""

from django.test import Client

from partnerships.models import User


def signed_in_client(username):
    """A browser of its own, for tests with two people or two clicks."""
    browser = Client()
    browser.force_login(User.objects.get(username=username))
    return browser


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
