from django.utils import translation


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
