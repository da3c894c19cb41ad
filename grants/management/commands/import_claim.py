from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.models import BudgetChannel, BudgetLine
from grants.services.imports import ImportRefused, claim_import, statement_parse
from grants.statement_files import StatementFileError
from partnerships.models import Partnership

LANGUAGES = ("en", "nl", "fr", "es")


class Command(BaseCommand):
    help = (
        "Import an expense statement (XLSX or CSV) into the claim of a partnership, or of a "
        "head-office budget line (the association's own expenses), and year. "
        "A file with any bad row imports nothing and lists its first bad rows. "
        "A file has at most STATEMENT_MAX_ROWS rows (100,000) under its header."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the statement, .xlsx or .csv (UTF-8, ; or ,)")
        holder = parser.add_mutually_exclusive_group(required=True)
        holder.add_argument("--partnership", help="partnership code, e.g. BJ-ANZ-PER")
        holder.add_argument(
            "--line", help="code of a head-office budget line, for the association's own expenses, e.g. G26-TEAM"
        )
        parser.add_argument("--year", required=True, type=int, help="the claim year, e.g. 2026")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the messages")

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            self._import(options)

    def _import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path})
        holder = self._holder(options)
        with path.open("rb") as handle:
            try:
                preview = statement_parse(File(handle, name=path.name))
            except StatementFileError as error:
                raise CommandError(f"{path.name}: {error}") from None
            if not preview.is_valid:
                self._report(preview)
                raise CommandError(
                    ngettext(
                        "%(count)s bad row in %(file)s; nothing was imported.",
                        "%(count)s bad rows in %(file)s; nothing was imported.",
                        preview.bad_row_count,
                    )
                    % {"count": preview.bad_row_count, "file": path.name}
                )
            try:
                claim, count = claim_import(
                    **holder,
                    year=options["year"],
                    preview=preview,
                    dry_run=options["dry_run"],
                )
            except ImportRefused as error:
                self._report(preview)
                raise CommandError(str(error)) from None
        if options["dry_run"]:
            target = str(claim) if claim else f"{next(iter(holder.values())).code}/{options['year']}"
            self.stdout.write(
                ngettext(
                    "Dry run: %(count)s line would be imported into the claim %(claim)s; nothing was written.",
                    "Dry run: %(count)s lines would be imported into the claim %(claim)s; nothing was written.",
                    count,
                )
                % {"count": count, "claim": target}
            )
        else:
            self.stdout.write(
                ngettext(
                    "Claim %(id)s (%(claim)s): %(count)s line imported.",
                    "Claim %(id)s (%(claim)s): %(count)s lines imported.",
                    count,
                )
                % {"id": claim.pk, "claim": claim, "count": count}
            )

    def _holder(self, options):
        """The partnership, or the association's budget line, whose claim takes the statement."""
        if options["line"]:
            lines = BudgetLine.objects.filter(channel=BudgetChannel.HEAD_OFFICE)
            line = lines.filter(code=options["line"]).first()
            if line is None:
                raise CommandError(
                    _("Unknown head-office budget line %(code)s. Known codes: %(codes)s.")
                    % {"code": options["line"], "codes": ", ".join(lines.values_list("code", flat=True)) or "-"}
                )
            return {"budget_line": line}
        partnership = Partnership.objects.filter(code=options["partnership"]).first()
        if partnership is None:
            raise CommandError(
                _("Unknown partnership %(code)s. Known codes: %(codes)s.")
                % {
                    "code": options["partnership"],
                    "codes": ", ".join(Partnership.objects.values_list("code", flat=True)),
                }
            )
        return {"partnership": partnership}

    def _report(self, preview):
        for error in preview.errors:
            place = {"row": error.row, "line": error.line, "column": error.column, "message": error.message}
            if error.row and error.line is not None:
                text = _("row %(row)s (line %(line)s), column “%(column)s”: %(message)s")
            elif error.row:
                text = _("row %(row)s, column “%(column)s”: %(message)s")
            else:
                text = _("line %(line)s: %(message)s")
            self.stderr.write(text % place)
        hidden = preview.error_count - len(preview.errors)
        if hidden:
            self.stderr.write(
                ngettext("… and %(count)s more error.", "… and %(count)s more errors.", hidden) % {"count": hidden}
            )
