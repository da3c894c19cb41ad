from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.whole_files import output_path, write_whole
from reporting.annual.build import build_annual_report
from reporting.command_files import programme_by_code
from reporting.models import ReportFormat, ReportLanguage


class Command(BaseCommand):
    help = "Write the annual DGD report of a programme year as HTML, PDF or XLSX, in nl, fr or es."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="programme code, e.g. GLOBE-2022-2026")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--lang", required=True, help="nl, fr or es")
        parser.add_argument("--format", required=True, dest="file_format", help="html, pdf or xlsx")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        language, file_format = options["lang"], options["file_format"]
        if language not in ReportLanguage.values:
            raise CommandError(_("Unknown language %(language)s: use one of nl, fr, es.") % {"language": language})
        if file_format not in ReportFormat.values:
            raise CommandError(_("Unknown format %(format)s: use one of html, pdf, xlsx.") % {"format": file_format})
        output = output_path(options["output"])
        programme = programme_by_code(options["programme"])
        year = options["year"]

        def progress(percent, step):
            self.stderr.write(f"{percent:3d}% {_(step)}")

        built = build_annual_report(programme, year, language, file_format, progress=progress)
        write_whole(output, built.content)
        if not built.has_data:
            self.stderr.write(
                _("%(code)s has no data for %(year)s: the report says so.") % {"code": programme.code, "year": year}
            )
        self.stdout.write(
            _("Annual report %(code)s %(year)s (%(language)s, %(format)s) written to %(path)s.")
            % {"code": programme.code, "year": year, "language": language, "format": file_format, "path": output}
        )
