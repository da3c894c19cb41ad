import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.models import Programme
from reporting import iati


class Command(BaseCommand):
    help = "Write a programme's IATI 2.03 activity file: per country an activity, per partnership a child."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="programme code, e.g. GLOBE-2022-2026")
        parser.add_argument("-o", "--output", required=True, help="the .xml file to write")

    def handle(self, *args, **options):
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})
        programme = _programme(options["programme"])
        try:
            root = iati.programme_iati(programme)
        except iati.NothingToPublish:
            raise CommandError(
                _("Programme %(code)s has no partnerships yet: there is nothing to publish in IATI.")
                % {"code": programme.code}
            ) from None
        _write_whole(output, iati.iati_bytes(root))
        count = len(root.findall("iati-activity"))
        self.stdout.write(
            ngettext(
                "%(path)s: %(count)d IATI activity",
                "%(path)s: %(count)d IATI activities",
                count,
            )
            % {"path": output, "count": count}
        )


def _programme(code):
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        known = ", ".join(Programme.objects.order_by("code").values_list("code", flat=True)) or "-"
        raise CommandError(
            _("Unknown programme %(code)s. Known programmes: %(known)s.") % {"code": code, "known": known}
        )
    return programme


def _write_whole(output, content):
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
