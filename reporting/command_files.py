"""What the report commands share: their arguments checked, and files written whole or not at all."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from grants.models import Programme


def output_path(raw):
    output = Path(raw)
    if not output.parent.is_dir():
        raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})
    return output


def programme_by_code(code):
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        known = ", ".join(Programme.objects.order_by("code").values_list("code", flat=True)) or "-"
        raise CommandError(
            _("Unknown programme %(code)s. Known programmes: %(known)s.") % {"code": code, "known": known}
        )
    return programme


def write_whole(output, content):
    # A temporary file in the same folder is renamed over the target in one step, so a
    # reader (or the IATI registry fetching the file) never sees half of it.
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        # mkstemp makes the file private (0600); the published file gets the
        # permissions any new file of this user gets.
        os.chmod(partial, 0o666 & ~_umask())
        os.replace(partial, output)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def _umask():
    current = os.umask(0)
    os.umask(current)
    return current
