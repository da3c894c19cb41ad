"""Sessions that end 12 hours after sign-in, however active (the idle limit is SESSION_COOKIE_AGE)."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "signed_in_at"


def remember_sign_in_time(sender, request, user, **kwargs):
    """Connected to user_logged_in in PartnershipsConfig.ready()."""
    request.session[SIGNED_IN_AT] = int(time.time())


class AbsoluteSessionTimeoutMiddleware:
    """Sign out a session older than SESSION_ABSOLUTE_SECONDS and send its user to sign in again.

    A stolen session cookie then works for hours at most, not for as long as it is used.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None or time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
