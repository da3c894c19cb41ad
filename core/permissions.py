"""The one shape of every app's permissions module (partnerships, grants, reporting).

Each rule is written once, as `check_<verb>_<thing>(user, obj)`: it returns None when
the user may act and raises `PermissionDenied` with a reason in the reader's language
when not; the 403 page shows that reason. Pages that only show or hide a button ask the
yes/no form, `may_<verb>_<thing> = allowed_by(check_<verb>_<thing>)`, so that the button
and the action can never disagree.
"""

from collections.abc import Callable
from typing import ParamSpec

from django.core.exceptions import PermissionDenied

P = ParamSpec("P")


def allowed_by(check: Callable[P, None]) -> Callable[P, bool]:
    """Return the yes/no form of a check: True where it lets the user act, False where it refuses."""

    def allowed(*args: P.args, **kwargs: P.kwargs) -> bool:
        try:
            check(*args, **kwargs)
        except PermissionDenied:
            return False
        return True

    allowed.__name__ = check.__name__.replace("check_", "may_", 1)
    allowed.__doc__ = check.__doc__
    return allowed
