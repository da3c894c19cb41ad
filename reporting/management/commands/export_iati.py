from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.whole_files import output_path, write_whole
from reporting import iati
from reporting.command_files import programme_by_code


class Command(BaseCommand):
    help = "Write a programme's IATI 2.03 activity file: the programme and, as its children, its partnerships."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="programme code, e.g. GLOBE-2022-2026")
        parser.add_argument("-o", "--output", required=True, help="the .xml file to write")

    def handle(self, *args, **options):
        output = output_path(options["output"])
        programme = programme_by_code(options["programme"])
        try:
            root = iati.programme_iati(programme)
        except iati.NothingToPublish:
            raise CommandError(
                _("Programme %(code)s has no partnerships yet: there is nothing to publish in IATI.")
                % {"code": programme.code}
            ) from None
        write_whole(output, iati.iati_bytes(root))
        count = len(root.findall("iati-activity"))
        self.stdout.write(
            ngettext(
                "%(path)s: %(count)d IATI activity",
                "%(path)s: %(count)d IATI activities",
                count,
            )
            % {"path": output, "count": count}
        )
