from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from grants.services.imports import ImportRefused, claim_import, statement_parse
from grants.statement_files import StatementFileError
from partnerships.models import Partnership

LANGUAGES = ("en", "nl", "fr", "es")


class Command(BaseCommand):
    help = (
        "Import an expense statement (XLSX or CSV) into the claim of a partnership and year. "
        "A file with any bad row imports nothing and lists every bad row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the statement, .xlsx or .csv (UTF-8, ; or ,)")
        parser.add_argument("--partnership", required=True, help="partnership code, e.g. BJ-ANZ-PER")
        parser.add_argument("--year", required=True, type=int, help="the claim year, e.g. 2026")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the messages")

    def handle(self, *args, **options):
        translation.activate(options["lang"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        partnership = Partnership.objects.filter(code=options["partnership"]).first()
        if partnership is None:
            raise CommandError(
                f"Unknown partnership {options['partnership']!r}. Known codes: "
                f"{', '.join(Partnership.objects.values_list('code', flat=True))}."
            )
        with path.open("rb") as handle:
            try:
                preview = statement_parse(File(handle, name=path.name))
            except StatementFileError as error:
                raise CommandError(f"{path.name}: {error}") from None
            if not preview.is_valid:
                self._report(preview)
                raise CommandError(
                    f"{len(preview.bad_rows)} bad row(s) in {path.name}; nothing was imported."
                )
            try:
                claim, count = claim_import(
                    partnership=partnership,
                    year=options["year"],
                    preview=preview,
                    dry_run=options["dry_run"],
                )
            except ImportRefused as error:
                self._report(preview)
                raise CommandError(str(error)) from None
        if options["dry_run"]:
            target = f"claim {claim.pk}" if claim else f"a new claim {partnership.code}/{options['year']}"
            self.stdout.write(f"Dry run: {count} lines would be imported into {target}; nothing was written.")
        else:
            self.stdout.write(f"Claim {claim.pk} ({claim}): {count} lines imported.")

    def _report(self, preview):
        for error in preview.errors:
            where = f"row {error.row}" if error.row else "claim"
            if error.line is not None:
                where += f" (line {error.line})"
            column = f", column “{error.column}”" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
