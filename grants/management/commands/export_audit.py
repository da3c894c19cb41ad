from django.core.management.base import BaseCommand, CommandError

from core.whole_files import output_path, replacing
from grants import selectors
from grants.exports import claim_audit_workbook

LANGUAGES = ("nl", "fr", "es", "en")


class Command(BaseCommand):
    help = "Write the audit of a claim (id, PARTNERSHIP/YEAR or budget LINE/YEAR) to an XLSX workbook in nl, fr or es."

    def add_arguments(self, parser):
        parser.add_argument("claim", help="claim id, PARTNERSHIP/YEAR or budget LINE/YEAR")
        parser.add_argument("--lang", required=True, help="nl, fr or es (en also works)")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, **options):
        if options["lang"] not in LANGUAGES:
            raise CommandError(f"Unknown language {options['lang']!r}: use one of nl, fr, es.")
        output = output_path(options["output"])
        if output.suffix.lower() != ".xlsx":
            raise CommandError(f"The output {output} must end in .xlsx.")
        claim = selectors.claim_by_reference(options["claim"])
        if claim is None:
            raise CommandError(
                f"Unknown claim {options['claim']!r}: give its id, PARTNERSHIP/YEAR or LINE/YEAR, e.g. BJ-ANZ-PER/2024."
            )
        with replacing(output) as partial:
            claim_audit_workbook(claim, options["lang"], partial)
        self.stdout.write(f"Audit of claim {claim.pk} ({claim}) written to {output} in {options['lang']}.")
