"""Middleware of the whole site: pages in the signed-in person's language, and no caching of pages that show data."""

from django.utils import translation
from django.utils.cache import patch_cache_control


class UserLanguageMiddleware:
    """Show pages in the signed-in user's own language.

    Before sign-in LocaleMiddleware follows the browser (Accept-Language or the
    language cookie); after sign-in the user's profile decides, whatever device
    they use.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class NoStoreMiddleware:
    """Keep signed-in pages and downloads out of every cache, the browser's included.

    On a shared computer the next person must not find them in the history or the cache
    after sign-out. A view that chose its own private caching (the charts, redrawn at
    most every five minutes) keeps it: nothing shared may store a private response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "private" not in response.get("Cache-Control", ""):
            patch_cache_control(response, no_store=True)
        return response
