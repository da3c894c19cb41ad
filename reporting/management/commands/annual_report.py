from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.models import Programme
from reporting.annual.build import build_annual_report
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
            raise CommandError(f"Unknown language {language!r}: use one of nl, fr, es.")
        if file_format not in ReportFormat.values:
            raise CommandError(f"Unknown format {file_format!r}: use one of html, pdf, xlsx.")
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        programme = Programme.objects.filter(code=options["programme"]).first()
        if programme is None:
            codes = ", ".join(Programme.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(f"Unknown programme {options['programme']!r}. Known programmes: {codes}.")
        year = options["year"]

        def progress(percent, step):
            self.stderr.write(f"{percent:3d}% {step}")

        built = build_annual_report(programme, year, language, file_format, progress=progress)
        partial = output.with_name(f".{output.name}.part")
        try:
            partial.write_bytes(built.content)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        if not built.has_data:
            self.stderr.write(f"{programme.code} has no data for {year}: the report says so.")
        self.stdout.write(f"Annual report {programme.code} {year} ({language}, {file_format}) written to {output}.")
