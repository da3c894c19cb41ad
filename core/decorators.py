"""View decorators every app uses: 404 before 405 on objects out of scope, and JSON answers for script requests."""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme


def post_on_visible(lookup):
    """Answer 404 for an object the user may not see before saying the method is wrong.

    `lookup(user, pk)` raises Http404 for an invisible object; so a GET on another
    partnership's action URL tells nothing, exactly like any other of its URLs.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            lookup(request.user, kwargs["pk"])
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def asks_for_json(request):
    """A script (the report autosave) asks for JSON; a browser posting a form asks for a page."""
    return request.headers.get("Accept") == "application/json"


def signed_out_json():
    """What a script is told when the person is signed out (elsewhere, or the session ended)."""
    return JsonResponse({"signed_out": True}, status=401)


def login_required_or_401(view):
    """login_required, except that a signed-out request for JSON is answered 401, not redirected.

    A script's fetch follows the redirect and gets the sign-in page with a 200: it would take
    that for a successful save, say Saved and forget the text it was keeping.
    """
    page_view = login_required(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if asks_for_json(request):
                return signed_out_json()
            if request.method == "POST":
                # After signing in, back to the page the form was on: the address it
                # posted to answers POST only.
                return redirect_to_login(_page_posted_from(request))
        return page_view(request, *args, **kwargs)

    return wrapped


def _page_posted_from(request):
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path or "/"
    return "/"
