"""The audit trail: sign-ins, sign-outs and failed sign-ins, and every file taken out of CityLink.

Sign-ins come from Django's auth signals (connected in PartnershipsConfig.ready), so
every way in (the sign-in page, the admin's, a second factor added later) is caught.
Every view that hands out a claim, report or file calls `record_access` once its
permission checks have passed, just before it answers.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from partnerships.models import AccessAction, AccessEvent, User

if TYPE_CHECKING:
    from django.http import HttpRequest

USERNAME_LENGTH = AccessEvent._meta.get_field("username").max_length
DESCRIPTION_LENGTH = AccessEvent._meta.get_field("description").max_length
PATH_LENGTH = AccessEvent._meta.get_field("path").max_length
USER_AGENT_LENGTH = AccessEvent._meta.get_field("user_agent").max_length


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the address the request came from, or None when it is not an IP address.

    Only REMOTE_ADDR is read: X-Forwarded-For is whatever the client chooses to send.
    Behind a reverse proxy, the proxy (or the WSGI server's trusted-proxy setting) must
    put the real client's address in REMOTE_ADDR, otherwise every line shows the proxy.
    """
    address = (request.META.get("REMOTE_ADDR") or "").strip() if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _event(
    request: HttpRequest | None, *, action: str, user: User | None = None, username: str = "", description: str = ""
) -> AccessEvent:
    meta = request.META if request is not None else {}
    return AccessEvent.objects.create(
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:USERNAME_LENGTH],
        action=action,
        description=description[:DESCRIPTION_LENGTH],
        path=request.get_full_path()[:PATH_LENGTH] if request is not None else "",
        ip_address=client_ip(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )


def record_access(request: HttpRequest, action: str, description: str) -> AccessEvent:
    """Record that the signed-in user downloads or exports the object `description` names.

    Call it only after the permission checks passed: a refused request is not a download.
    `description` names the object plainly and untranslated, e.g. "claim BJ-ANZ-PER/2025".
    """
    if action not in (AccessAction.DOWNLOADED, AccessAction.EXPORTED):
        raise ValueError(f"record_access records downloads and exports, not {action!r}")
    user = request.user if request.user.is_authenticated else None
    return _event(request, action=action, user=user, description=description)


def on_signed_in(sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    _event(request, action=AccessAction.SIGNED_IN, user=user)


def on_signed_out(sender: type[User] | None, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    # Django sends the signal for an anonymous visitor's sign-out too: nobody to record.
    if user is not None and user.is_authenticated:
        _event(request, action=AccessAction.SIGNED_OUT, user=user)


def on_sign_in_failed(
    sender: str, credentials: Mapping[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # No user even when the name exists: whoever typed it is not known to be that person.
    _event(request, action=AccessAction.SIGN_IN_FAILED, username=str(credentials.get("username") or ""))


def prune() -> int:
    """Delete the lines older than ACCESS_LOG_KEEP_DAYS and return how many there were.

    The log holds personal data (addresses, browsers): it is kept as long as a security
    question about the past can reasonably arise, not for ever (`manage.py prune_access_log`).
    """
    cutoff = timezone.now() - timedelta(days=settings.ACCESS_LOG_KEEP_DAYS)
    deleted, _by_model = AccessEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
