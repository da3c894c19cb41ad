from django.conf import settings

from partnerships import selectors
from partnerships.models import Role


def navigation(request):
    """Give every page the flags its navigation needs, from the one permission module."""
    user = request.user
    return {
        "nav_is_programme_team": selectors.is_programme_team(user),
        "nav_is_auditor": selectors.is_auditor(user),
        "nav_can_import": selectors.is_auditor(user) or Role.FLEMISH_OFFICER in selectors.roles_of(user),
        "nav_sees_whole_programme": selectors.sees_whole_programme(user),
        "nav_languages": settings.LANGUAGES,
    }
