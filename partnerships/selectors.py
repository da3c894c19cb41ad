"""Who may see what, and with which roles: the scope every view and export reads through.

A membership without a scope covers the whole programme (the programme team,
auditors, programme-wide viewers). A scoped membership covers one partnership, the
partnerships of one municipality, or those of one sister association. What a user may
do with what they see is asked of each app's `permissions` module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from partnerships.models import AccessEvent, Membership, Partnership, Role, User

if TYPE_CHECKING:
    from django_filters import FilterSet

PROGRAMME_TEAM_ROLES = frozenset({Role.PROGRAMME_MANAGER})
AUDIT_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.AUDITOR})


def memberships_of(user: User) -> list[Membership]:
    """Return the user's memberships, loaded once per request and kept on the user."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._memberships_cache = cached
    return cached


def roles_of(user: User) -> set[str]:
    return {membership.role for membership in memberships_of(user)}


def programme_wide_roles_of(user: User) -> set[str]:
    return {m.role for m in memberships_of(user) if m.is_programme_wide}


def is_programme_team(user: User) -> bool:
    """Programme managers set up and change programmes, partnerships and frameworks."""
    return user.is_authenticated and (user.is_superuser or bool(programme_wide_roles_of(user) & PROGRAMME_TEAM_ROLES))


def is_auditor(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(programme_wide_roles_of(user) & AUDIT_ROLES))


def sees_whole_programme(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(programme_wide_roles_of(user)))


def partnerships_visible_to(user: User) -> QuerySet[Partnership]:
    """Return the partnerships this user may see, as a queryset to filter further."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    if sees_whole_programme(user):
        return Partnership.objects.all()
    scope = Q(pk__in=[m.partnership_id for m in memberships_of(user) if m.partnership_id])
    municipality_ids = [m.municipality_id for m in memberships_of(user) if m.municipality_id]
    if municipality_ids:
        flemish = Partnership.flemish_municipalities.through.objects.filter(
            municipality_id__in=municipality_ids
        ).values("partnership_id")
        partner = Partnership.partner_municipalities.through.objects.filter(
            municipality_id__in=municipality_ids
        ).values("partnership_id")
        scope |= Q(pk__in=flemish) | Q(pk__in=partner)
    association_ids = [m.sister_association_id for m in memberships_of(user) if m.sister_association_id]
    if association_ids:
        scope |= Q(sister_association_id__in=association_ids)
    return Partnership.objects.filter(scope)


def partnership_visible_or_404(user: User, code: str) -> Partnership:
    """Return the partnership with this code, or 404 when it does not exist for this user.

    A partnership the user may not see answers exactly like one that does not exist,
    so that codes cannot be probed.
    """
    try:
        return partnerships_visible_to(user).get(code=code)
    except Partnership.DoesNotExist:
        raise Http404("No such partnership") from None


def home_partnership(user: User) -> Partnership | None:
    """Return the partnership a scoped user lands on, or None when there is not exactly one."""
    if sees_whole_programme(user):
        return None
    visible = list(partnerships_visible_to(user)[:2])
    return visible[0] if len(visible) == 1 else None


def roles_for(user: User, partnership: Partnership) -> set[str]:
    """Return the roles a user holds for one partnership, through any membership covering it."""
    if not user.is_authenticated:
        return set()
    roles = set()
    municipality_ids = None
    for membership in memberships_of(user):
        if membership.is_programme_wide or membership.partnership_id == partnership.pk:
            roles.add(membership.role)
        elif membership.sister_association_id and (
            membership.sister_association_id == partnership.sister_association_id
        ):
            roles.add(membership.role)
        elif membership.municipality_id:
            if municipality_ids is None:
                municipality_ids = set(partnership.flemish_municipalities.values_list("pk", flat=True)) | set(
                    partnership.partner_municipalities.values_list("pk", flat=True)
                )
            if membership.municipality_id in municipality_ids:
                roles.add(membership.role)
    if user.is_superuser:
        roles.add(Role.PROGRAMME_MANAGER)
    return roles


def access_event_list(filterset_class: Callable[..., FilterSet], data: Mapping[str, Any] | None) -> FilterSet:
    """Return the filterset over the audit trail, newest first, with each line's person loaded."""
    events = AccessEvent.objects.select_related("user").order_by("-at", "-pk")
    return filterset_class(data, queryset=events)
