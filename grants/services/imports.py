"""Import an expense statement into a claim: all lines or none."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.formatting import format_number
from grants.bulk import bulk_insert_rows
from grants.eligibility.rates import LineRates, line_eur
from grants.models import BudgetChannel, BudgetLine, ClaimStatus, ExpenseClaim, Finding, Invoice, Programme
from grants.resources import (
    ATTRIBUTE_OF,
    COLUMNS,
    HEADER_LOOKUP,
    REQUIRED_COLUMNS,
    InvoiceResource,
    column_title,
    normalize,
)
from grants.services.audit import claim_totals_refresh, claim_transfers, rate_table
from grants.statement_files import statement_rows
from partnerships.models import Partnership, User

ZERO = Decimal("0.00")
# Columns the audit fills in; a freshly imported line has not been judged yet. Its EUR
# amount, converted at import, waits for the audit: pending.
DERIVED_DEFAULTS = {
    "engine_verdict": "",
    "verdict": "",
    "accepted_eur": ZERO,
    "rejected_eur": ZERO,
}
OPEN_FOR_LINES = (ClaimStatus.DRAFT,)
# A file may have an error in every cell: the first errors are kept to be listed and marked,
# the others only counted, so a file of bad lines costs no more than a file of good ones.
ERRORS_KEPT = 1_000


class ImportRefused(Exception):
    """The import cannot start (unknown year, claim closed...); nothing was written."""


@dataclass(frozen=True)
class RowError:
    row: int  # row of the file as a spreadsheet numbers it: the header is row 1
    line: int | None  # the statement's own line number, when it could be read
    column: str  # the header as written in the file
    message: str


@dataclass
class StatementPreview:
    """What a file holds once read and checked, before anything is written."""

    kind: str
    header: list
    rows: list = field(default_factory=list)  # cleaned dicts, keyed by Invoice attribute
    errors: list = field(default_factory=list)  # the first ERRORS_KEPT errors
    error_count: int = 0  # all of them
    bad_row_count: int = 0
    lines_read: int | None = 0  # the rows under the header that hold anything, good or bad
    line_column: str = "line"  # the title the file gives the line numbers
    row_of_line: dict = field(default_factory=dict)  # line number: its row in the file
    totals_by_currency: dict = field(default_factory=dict)
    totals_by_category: dict = field(default_factory=dict)

    @property
    def is_valid(self):
        return not self.error_count and bool(self.rows)

    def add_error(self, error):
        self.error_count += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(error)


def statement_parse(upload: File, max_rows: int | None = None) -> StatementPreview:
    """Read and check every row of an uploaded statement; write nothing.

    Raises StatementFileError when the file is not a statement at all or passes a limit
    (max_rows rows: grants.statement_files); otherwise returns a preview counting every bad
    row and listing the first errors with their column and reason.
    """
    return statement_check(*statement_rows(upload, max_rows))


def statement_check(
    kind: str, header: Sequence[object], raw_rows: Iterable[tuple[int, Sequence[object]]]
) -> StatementPreview:
    """Check the rows statement_rows read (see statement_parse)."""
    preview = StatementPreview(kind=kind, header=[str(h or "").strip() for h in header])
    columns = _map_header(preview)
    if preview.error_count:
        preview.bad_row_count = 1  # the header's
        preview.lines_read = None  # not read: a file without the required columns is not a statement
        return preview
    fields = InvoiceResource().fields
    cleaners = [
        (index, ATTRIBUTE_OF.get(name, name), fields[ATTRIBUTE_OF.get(name, name)].widget.clean, preview.header[index])
        for name, index in columns.items()
    ]
    # An optional column the file leaves out is empty on every line.
    absent = {
        ATTRIBUTE_OF.get(name, name): fields[ATTRIBUTE_OF.get(name, name)].widget.clean(None)
        for name in COLUMNS
        if name not in columns
    }
    line_index = columns["line"]
    preview.line_column = preview.header[line_index]
    first_row_of_line = preview.row_of_line
    for number, values in raw_rows:
        preview.lines_read += 1
        cleaned, row_errors = dict(absent), []
        for index, attribute, clean, header_text in cleaners:
            value = values[index] if index < len(values) else None
            try:
                cleaned[attribute] = clean(value)
            except ValueError as error:
                row_errors.append((header_text, str(error)))
        line = cleaned.get("line")
        if line is not None and line in first_row_of_line:
            row_errors.append(
                (
                    preview.header[line_index],
                    _("Line %(line)s is already on row %(row)s of the file.")
                    % {"line": line, "row": first_row_of_line[line]},
                )
            )
        elif line is not None:
            first_row_of_line[line] = number
        for column, message in row_errors:
            preview.add_error(RowError(number, line, column, message))
        if row_errors:
            preview.bad_row_count += 1
        else:
            preview.rows.append(cleaned)
    if not preview.rows and not preview.error_count:
        preview.add_error(RowError(1, None, "", _("The file has a header but no lines.")))
        preview.bad_row_count = 1
    _add_totals(preview)
    return preview


def statement_from_rows(rows: Iterable[Mapping[str, object]]) -> StatementPreview:
    """Build a checked statement from rows already clean, keyed like the file's columns.

    For statements generated in code (the demo, benchmarks): the same import path as
    a file, without reading one.
    """
    preview = StatementPreview(kind="rows", header=list(COLUMNS))
    preview.rows = [{ATTRIBUTE_OF.get(key, key): value for key, value in row.items()} for row in rows]
    preview.lines_read = len(preview.rows)
    # As a file would number them under its header.
    preview.row_of_line = {row["line"]: number for number, row in enumerate(preview.rows, start=2)}
    _add_totals(preview)
    return preview


def _map_header(preview):
    columns = {}
    for index, text in enumerate(preview.header):
        if not normalize(text):
            continue
        name = HEADER_LOOKUP.get(normalize(text))
        if name is not None and name not in columns:
            columns[name] = index
    # The file lacks the column: it is named as the reader's template names it.
    language = get_language()
    for name in REQUIRED_COLUMNS:
        if name in columns:
            continue
        title = column_title(name, language)
        others = [header for header in dict.fromkeys(COLUMNS[name][2]) if header != title]
        preview.add_error(
            RowError(
                1,
                None,
                title,
                _("Column “%(column)s” is missing (also accepted: %(others)s).")
                % {"column": title, "others": ", ".join(others)},
            )
        )
    return columns


def _add_totals(preview):
    by_currency, by_category = defaultdict(Decimal), defaultdict(lambda: defaultdict(Decimal))
    for row in preview.rows:
        by_currency[row["currency"]] += row["amount"]
        by_category[row["category"]][row["currency"]] += row["amount"]
    preview.totals_by_currency = dict(sorted(by_currency.items()))
    preview.totals_by_category = {key: dict(value) for key, value in sorted(by_category.items())}


def programme_for(partnership: Partnership, year: int) -> Programme:
    """Return the programme that allocated money to this partnership for this year."""
    programme = (
        Programme.objects.filter(allocations__partnership=partnership, allocations__year=year).distinct().first()
    )
    if programme is None:
        years = sorted(set(partnership.allocations.values_list("year", flat=True)))
        raise ImportRefused(
            _("%(partnership)s has no allocation for %(year)s: claims can be filed for %(years)s.")
            % {
                "partnership": partnership.code,
                "year": year,
                "years": ", ".join(str(y) for y in years) or "-",
            }
        )
    return programme


def programme_for_line(budget_line: BudgetLine, year: int) -> Programme:
    """Return the programme of a head-office budget line that has an amount for this year."""
    if budget_line.channel != BudgetChannel.HEAD_OFFICE:
        raise ImportRefused(
            _("%(line)s is not spent by the association itself: only head-office lines take its claims.")
            % {"line": budget_line.code}
        )
    if not budget_line.amounts.filter(year=year).exists():
        years = sorted(budget_line.amounts.values_list("year", flat=True))
        raise ImportRefused(
            _("%(line)s has no amount for %(year)s: claims can be filed for %(years)s.")
            % {"line": budget_line.code, "year": year, "years": ", ".join(str(y) for y in years) or "-"}
        )
    return budget_line.programme


def _empty_value(attribute):
    """What an optional column the file does not have stores: the field's default, "" or None."""
    field = Invoice._meta.get_field(attribute)
    if field.has_default():
        return field.get_default()
    return None if field.null else ""


def _or_empty(value, empty):
    return empty if value is None else value


def claim_check(
    preview: StatementPreview,
    *,
    year: int,
    partnership: Partnership | None = None,
    budget_line: BudgetLine | None = None,
    replace: bool = False,
    lock: bool = False,
) -> tuple[Programme, dict[str, Partnership | BudgetLine], ExpenseClaim | None]:
    """Check what the statement's claim allows; return (programme, holder, claim or None).

    The preview page and the import both run it, so that what the preview accepts the
    import accepts too. Raises ImportRefused when no line can go there (no allocation for
    the year, a claim no longer a draft). Adding to a draft, a line number the draft already
    has is an error of the row that gives it; replacing the draft's lines, none is.
    `lock` locks the claim, for the import's transaction.
    """
    if (partnership is None) == (budget_line is None):
        raise ValueError("Give a partnership or a budget line, not both.")
    if partnership is not None:
        programme, holder = programme_for(partnership, year), {"partnership": partnership}
    else:
        programme, holder = programme_for_line(budget_line, year), {"budget_line": budget_line}
    # The claim's default ordering joins its (nullable) partnership and budget line, and
    # PostgreSQL locks no row on the nullable side of an outer join: lock the claim alone.
    claims = ExpenseClaim.objects.select_for_update(of=("self",)) if lock else ExpenseClaim.objects
    claim = claims.filter(**holder, year=year).order_by().first()
    if claim is not None and claim.status not in OPEN_FOR_LINES:
        raise ImportRefused(
            _("The claim %(claim)s is %(status)s: it takes no new lines. Ask the auditor to reopen it.")
            % {"claim": claim, "status": claim.get_status_display().lower()}
        )
    if claim is not None and not replace:
        _refuse_lines_taken(preview, claim)
    return programme, holder, claim


def _refuse_lines_taken(preview, claim):
    numbers = [row["line"] for row in preview.rows]
    taken = set(claim.invoices.filter(line__in=numbers).values_list("line", flat=True))
    for line in sorted(taken, key=lambda line: preview.row_of_line.get(line, 0)):
        preview.add_error(
            RowError(
                preview.row_of_line.get(line, 0),
                line,
                preview.line_column,
                _(
                    "Line %(line)s is already in the claim %(claim)s: give it another number, "
                    "or choose to replace the draft's lines."
                )
                % {"line": line, "claim": claim},
            )
        )
    preview.bad_row_count += len(taken)


def claim_lines_delete(claim: ExpenseClaim) -> int:
    """Delete every line of a draft claim, with what the checks found, and zero its totals."""
    with transaction.atomic():
        claim = ExpenseClaim.objects.select_for_update(of=("self",)).order_by().get(pk=claim.pk)
        if claim.status not in OPEN_FOR_LINES:
            raise ImportRefused(
                _("The claim %(claim)s is %(status)s: its lines can no longer be changed.")
                % {"claim": claim, "status": claim.get_status_display().lower()}
            )
        count = _lines_delete(claim)
        claim_totals_refresh(claim)
    return count


def _lines_delete(claim):
    Finding.objects.filter(claim=claim).delete()
    count = claim.invoices.count()
    claim.invoices.all().delete()
    return count


def _eur_columns(claim, rows):
    """Yield each row's (amount_eur, units_per_eur, pending_eur) as the audit converts it.

    The rate is the one the claim's audit takes, and a line without one counts for its
    declared EUR amount as in the audit (grants.eligibility.rates.line_eur): the claim's
    total is pending until the rules judge its lines.
    """
    line_rates = LineRates(rate_table(), claim_transfers(claim), claim.programme.exchange_rate_method)
    for row in rows:
        line = SimpleNamespace(
            paid_by=row.get("paid_by"),
            currency=row["currency"],
            invoice_date=row["invoice_date"],
            payment_date=row.get("payment_date"),
        )
        units_per_eur = line_rates.rate_of(line).units_per_eur
        amount_eur = line_eur(row["amount"], units_per_eur, row.get("declared_amount_eur"))
        yield amount_eur, units_per_eur, amount_eur


@transaction.atomic
def claim_import(
    *,
    year: int,
    preview: StatementPreview,
    partnership: Partnership | None = None,
    budget_line: BudgetLine | None = None,
    user: User | None = None,
    dry_run: bool = False,
    replace: bool = False,
) -> tuple[ExpenseClaim | None, int]:
    """Add the lines of a checked statement to the claim of a partnership, or of a budget line, for the year.

    A budget line's claim holds the association's own expenses on it. Creates the claim
    when there is none. A claim that is no longer a draft refuses new lines. Any bad
    row, or a line number the claim already has, imports nothing. `replace` deletes the
    draft's lines first, so the statement's lines are all it has. The lines are converted
    to EUR and the claim's totals follow them, before any audit.
    Returns (claim, number of lines imported).
    """
    if not preview.is_valid:
        raise ImportRefused(_("The file has errors; nothing was imported."))
    programme, holder, claim = claim_check(
        preview, year=year, partnership=partnership, budget_line=budget_line, replace=replace, lock=True
    )
    if not preview.is_valid:
        raise ImportRefused(
            ngettext(
                "%(count)s line number of the file is already in the claim; nothing was imported.",
                "%(count)s line numbers of the file are already in the claim; nothing was imported.",
                preview.error_count,
            )
            % {"count": format_number(preview.error_count)}
        )
    if dry_run:
        transaction.set_rollback(True)
        return claim, len(preview.rows)
    if claim is None:
        try:
            with transaction.atomic():
                claim = ExpenseClaim.objects.create(programme=programme, **holder, year=year, submitted_by=user)
        except IntegrityError:
            # Another import created this claim between our check and our insert.
            raise ImportRefused(
                _("Another import created the claim %(partnership)s/%(year)s just now; import the file again.")
                % {"partnership": (partnership or budget_line).code, "year": year}
            ) from None
    elif replace:
        _lines_delete(claim)
    attributes = [ATTRIBUTE_OF.get(name, name) for name in COLUMNS]
    empty = {name: _empty_value(name) for name in attributes}
    bulk_insert_rows(
        Invoice,
        ["claim", *attributes, *DERIVED_DEFAULTS, "amount_eur", "units_per_eur", "pending_eur"],
        (
            (
                claim.pk,
                *(_or_empty(row.get(name), empty[name]) for name in attributes),
                *DERIVED_DEFAULTS.values(),
                *eur,
            )
            for row, eur in zip(preview.rows, _eur_columns(claim, preview.rows))
        ),
    )
    claim_totals_refresh(claim)
    return claim, len(preview.rows)
