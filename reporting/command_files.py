"""What the report commands share: the programme they are asked for."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from grants.models import Programme


def programme_by_code(code):
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        known = ", ".join(Programme.objects.order_by("code").values_list("code", flat=True)) or "-"
        raise CommandError(
            _("Unknown programme %(code)s. Known programmes: %(known)s.") % {"code": code, "known": known}
        )
    return programme
