from functools import wraps

from django.http import HttpResponseNotAllowed


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
