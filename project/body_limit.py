"""Refuse a request body larger than its sender may send, before anything reads it.

Without this, Django reads any body it is sent: a form of 300 MB posted to the sign-in page
by anyone is parsed and its file written to disk before the view answers. Here the declared
length decides, before the session, CSRF or form code touch the body: anyone may send a
sign-in or password form (ANONYMOUS_REQUEST_MAX_BYTES), a signed-in person the largest upload
with its form (REQUEST_MAX_BYTES). Whether someone is signed in is read from the session
store only for a body above the small limit, so ordinary requests cost nothing more.

A body sent without a Content-Length (chunked) is never read: Django takes its length as 0.
A client that goes on sending after the refusal has the rest discarded by gunicorn, unstored,
before the next request on that connection; browsers and curl stop sending on the answer.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        length = declared_length(request)
        if length > settings.ANONYMOUS_REQUEST_MAX_BYTES:
            user_id = self.signed_in_user_id(request)
            limit = settings.REQUEST_MAX_BYTES if user_id else settings.ANONYMOUS_REQUEST_MAX_BYTES
            if length > limit:
                return self.refuse(request, user_id, limit)
        return self.get_response(request)

    def signed_in_user_id(self, request):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        return self.session_store(key).get(SESSION_KEY) if key else None

    def refuse(self, request, user_id, limit):
        language = None
        if user_id:
            language = get_user_model().objects.filter(pk=user_id).values_list("language", flat=True).first()
        language = language or translation.get_language_from_request(request)
        with translation.override(language):
            page = render_to_string(
                "413.html", {"limit": filesizeformat(limit), "signed_in": bool(user_id), "LANGUAGE_CODE": language}
            )
        return HttpResponse(page, status=413)


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
