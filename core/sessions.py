"""Sessions end after SESSION_COOKIE_AGE idle seconds, and SESSION_ABSOLUTE_SECONDS after sign-in however active."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import LogoutView, redirect_to_login

from core.decorators import asks_for_json, signed_out_json

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"


def remember_sign_in_time(sender, request, user, **kwargs):
    """Connected to user_logged_in in PartnershipsConfig.ready()."""
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN] = int(time.time())


class SessionTimeoutMiddleware:
    """Sign out a session older than SESSION_ABSOLUTE_SECONDS; keep an active one from going idle.

    A stolen session cookie then works for hours at most, not for as long as it is used.
    The idle limit runs from the session's last save. Saving it on every request would
    cost a database write per page, so a session in use is saved once every
    SESSION_TOUCH_SECONDS: it ends that much earlier at most (29 of 30 idle minutes).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT)
            if signed_in_at is None or now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if asks_for_json(request):
                    return signed_out_json()
                return redirect_to_login(request.get_full_path())
            if now - session.get(LAST_SEEN, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[LAST_SEEN] = now
        return self.get_response(request)


class SignOutView(LogoutView):
    """Django's sign-out, which also tells the browser to forget what the site stored on it.

    Report text typed while offline waits in the browser's localStorage until the server has
    it; after sign-out the next person on that browser must not find it. The sign-out
    button's script removes the person's own copies (project/static/js/sign-out.js); the
    header empties the site's storage where the browser honours it (HTTPS and localhost).
    """

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response
