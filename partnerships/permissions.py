"""What a user may do in the partnerships app, with the reason when not.

One design across the apps (core/permissions.py): each rule is `check_<verb>_<thing>(user,
obj)`, which returns None or raises `PermissionDenied` with a reason in the reader's
language, shown on the 403 page; `may_<verb>_<thing>` is its yes/no form for pages that
show or hide a button. Views first find the object through a scoping selector (which
answers 404 outside the user's scope), then ask the check.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.permissions import allowed_by
from partnerships.models import Partnership, User
from partnerships.selectors import is_programme_team


def check_change_partnership(user: User, partnership: Partnership) -> None:
    """The programme team sets up and changes partnerships; partners only read theirs."""
    if not is_programme_team(user):
        raise PermissionDenied(_("Only the programme team changes partnerships."))


may_change_partnership = allowed_by(check_change_partnership)
