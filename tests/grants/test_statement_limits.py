"""What a statement may hold (issue 13, finding 2; docs/statement-files.md, "Limits").

The attack files of the finding are made here: a 3 MB CSV of a million bad lines (its preview
took 28 s and its errors workbook never finished) and a 160 KB workbook of 1.13 million rows
whose sheet says it is 16,384 columns wide (125 s, 1.3 GB). Each must be refused at its
limit, having read no more rows than the limit allows, in small memory. Rows read are counted
rather than seconds measured: the count is the same on a busy machine.
"""

import io
import tracemalloc
import zipfile
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.files import File
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from grants import statement_files
from grants.models import ExpenseClaim, Invoice
from grants.services import imports
from grants.services.imports import statement_parse
from grants.statement_files import StatementFileError

pytestmark = pytest.mark.django_db

CODE, YEAR = "BJ-ANZ-PER", 2026
HEADER = [
    "line",
    "invoice_date",
    "supplier",
    "invoice_number",
    "description",
    "category",
    "currency",
    "amount",
    "paid_by",
]
GOOD = ["1", "15/03/2026", "Papeterie Le Savoir", "FV26-1", "Fournitures", "operating", "XOF", "125000", "partner"]
MEGABYTES = 64  # "refused in small memory"


def csv_bytes(rows, header=HEADER):
    return "\n".join(";".join(row) for row in [header, *rows]).encode() + b"\n"


def good_lines(count, start=1):
    return [[str(number), *GOOD[1:3], f"FV26-{number}", *GOOD[4:]] for number in range(start, start + count)]


def million_bad_lines():
    """The finding's CSV: a header, then a million lines of `x;`, each bad in every required column."""
    return csv_bytes([], header=HEADER) + b"x;\n" * 1_000_000


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
RELATIONSHIPS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Etat" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELATIONSHIPS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b"</Relationships>"
)


def inline_row(values):
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f"<row>{cells}</row>".encode()


SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
SHARED_STRINGS_RELATIONSHIP = (
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    b'Target="sharedStrings.xml"/></Relationships>'
)


def sheet_workbook(rows, dimension="A1:XFD1130001", repeat=1, shared=None):
    """A workbook written by hand: the header, then `rows` (XML of rows) `repeat` times, packed tight.

    `shared` is the workbook's one shared text, which a cell <c t="s"><v>0</v></c> shows.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        content_types, relationships = CONTENT_TYPES, WORKBOOK_RELATIONSHIPS
        if shared is not None:
            content_types = content_types.replace(b"</Types>", SHARED_STRINGS_TYPE)
            relationships = relationships.replace(b"</Relationships>", SHARED_STRINGS_RELATIONSHIP)
            archive.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="1" uniqueCount="1"><si><t>{shared}</t></si></sst>',
            )
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", relationships)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>')
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>" + inline_row(HEADER))
            for _ in range(repeat):
                sheet.write(rows)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def million_row_workbook():
    """The finding's workbook: 1.13 million one-cell rows, a sheet claiming 16,384 columns, about 160 KB."""
    return sheet_workbook(inline_row(["x"]) * 1_000, repeat=1_130)


def parse(name, content, max_rows=None):
    return statement_parse(File(io.BytesIO(content), name=name), max_rows)


@contextmanager
def counting_rows():
    """Count the rows the reader takes from files (a list of one number, read after the block)."""
    count = [0]
    within_limits = statement_files._within_limits

    def counted(numbered_rows, max_rows):
        def each():
            for item in numbered_rows:
                count[0] += 1
                yield item

        return within_limits(each(), max_rows)

    with mock.patch.object(statement_files, "_within_limits", counted):
        yield count


def measured(function, *args, memory=True):
    """Return (outcome, rows read, peak MiB of Python allocations) of function(*args); outcome is the refusal's text.

    Tracing allocations makes the work a few times slower: it is run a second time, traced.
    """
    with counting_rows() as rows:
        outcome = _outcome(function, *args)
    peak = 0
    if memory:
        tracemalloc.start()
        _outcome(function, *args)
        peak = tracemalloc.get_traced_memory()[1] / 1_048_576
        tracemalloc.stop()
    return outcome, rows[0], peak


def _outcome(function, *args):
    try:
        return function(*args)
    except StatementFileError as refusal:
        return str(refusal)


TOO_MANY_ROWS = (
    "The file has more than %(limit)s rows under its header (empty rows count too): "
    "split it into several files, or delete the empty rows at its end."
)


def in_dutch(message, **values):
    """The message as the Flemish officer (anzegem, who reads Dutch) gets it."""
    with translation.override("nl"):
        return gettext(message) % values


def upload(client, name, content):
    return client.post(
        reverse("grants:claim-upload"),
        {"partnership": CODE, "year": YEAR, "file": File(io.BytesIO(content), name=name)},
    )


# The finding's files


def test_a_million_bad_lines_in_3_MB_are_refused_at_the_limit_in_small_memory(settings):
    content = million_bad_lines()
    assert 2_900_000 < len(content) < 3_100_000

    outcome, rows, peak = measured(parse, "etat.csv", content, settings.STATEMENT_UPLOAD_MAX_ROWS)

    assert "more than 20,000 rows" in outcome
    assert rows <= settings.STATEMENT_UPLOAD_MAX_ROWS + 2 and peak < MEGABYTES


@pytest.mark.parametrize(
    ("max_rows", "refusal", "most_rows"),
    [
        # Its sheet unpacks to 50 MB, more than 20,000 rows of a statement take: not opened.
        (20_000, "unpacks to more than a statement can hold", 0),
        (100_000, "more than 100,000 rows", 100_002),
    ],
    ids=["upload-pages", "import_claim"],
)
def test_a_small_workbook_of_a_million_rows_is_refused_at_the_limit_in_small_memory(max_rows, refusal, most_rows):
    content = million_row_workbook()
    assert len(content) < 200_000

    # Traced, reading up to import_claim's limit would take half a minute.
    outcome, rows, peak = measured(parse, "etat.xlsx", content, max_rows, memory=max_rows < 100_000)

    assert refusal in outcome
    assert rows <= most_rows and peak < MEGABYTES


@pytest.mark.parametrize(
    ("name", "content"), [("etat.csv", million_bad_lines), ("etat.xlsx", million_row_workbook)], ids=["csv", "xlsx"]
)
def test_the_finding_s_files_uploaded_get_their_refusal_on_the_preview_at_the_limit(
    client, sign_in, media_root, settings, name, content
):
    sign_in("anzegem")
    uploaded = upload(client, name, content())

    with counting_rows() as rows:
        preview = client.get(uploaded["Location"])

    assert preview.status_code == 200 and rows[0] <= settings.STATEMENT_UPLOAD_MAX_ROWS + 2
    assert preview.context["file_error"]
    assert not ExpenseClaim.objects.filter(partnership__code=CODE, year=YEAR).exists()


def test_the_same_million_bad_lines_are_refused_by_import_claim_at_its_own_limit(tmp_path):
    path = tmp_path / "etat.csv"
    path.write_bytes(million_bad_lines())

    with counting_rows() as rows, pytest.raises(CommandError, match="more than 100,000 rows"):
        call_command("import_claim", str(path), partnership=CODE, year=YEAR, stdout=io.StringIO(), stderr=io.StringIO())

    assert rows[0] <= 100_002
    assert Invoice.objects.filter(claim__partnership__code=CODE, claim__year=YEAR).count() == 0


# Rows


def test_a_file_of_exactly_the_limit_is_read_and_one_row_more_is_refused(settings):
    exactly = parse("etat.csv", csv_bytes(good_lines(50)), 50)
    with pytest.raises(StatementFileError, match="more than 50 rows"):
        parse("etat.csv", csv_bytes(good_lines(51)), 50)

    assert exactly.is_valid and len(exactly.rows) == 50


def test_empty_rows_count_and_the_message_says_so():
    with pytest.raises(StatementFileError, match="empty rows count too"):
        parse("etat.csv", csv_bytes(good_lines(3) + [[""] * len(HEADER)] * 60), 50)


def test_a_workbook_whose_rows_jump_far_below_is_refused_without_reading_the_gap():
    far_below = b'<row r="1048576"><c t="inlineStr"><is><t>1</t></is></c></row>'
    content = sheet_workbook(inline_row(good_lines(1)[0]) + far_below, dimension=None)

    outcome, rows, _peak = measured(parse, "etat.xlsx", content, 20_000)

    assert "more than 20,000 rows" in outcome and rows <= 20_002


def test_a_workbook_whose_size_lies_is_read_as_the_rows_it_holds():
    content = sheet_workbook(b"".join(inline_row(row) for row in good_lines(3)), dimension="A1:XFD1048576")

    preview, rows, _peak = measured(parse, "etat.xlsx", content, 20_000)

    assert preview.is_valid and len(preview.rows) == 3
    assert rows == 4


def test_upload_pages_take_fewer_rows_than_import_claim(client, sign_in, media_root, settings, tmp_path):
    settings.STATEMENT_UPLOAD_MAX_ROWS, settings.STATEMENT_MAX_ROWS = 10, 50
    content = csv_bytes(good_lines(20))
    path = tmp_path / "etat.csv"
    path.write_bytes(content)
    sign_in("anzegem")

    preview = client.get(upload(client, "etat.csv", content)["Location"])
    call_command("import_claim", str(path), partnership=CODE, year=YEAR, stdout=io.StringIO())

    assert in_dutch(TOO_MANY_ROWS, limit=10) == preview.context["file_error"]
    assert Invoice.objects.filter(claim__partnership__code=CODE, claim__year=YEAR).count() == 20


# Columns and cells


def test_a_value_beyond_the_last_column_allowed_is_refused(settings):
    settings.STATEMENT_MAX_COLUMNS = 12
    within = good_lines(1)[0] + [""] * 2 + ["note"]
    beyond = good_lines(1, start=2)[0] + [""] * 3 + ["note"]

    assert parse("etat.csv", csv_bytes([within]), 50).is_valid
    with pytest.raises(StatementFileError, match="Row 3 has a value beyond column 12"):
        parse("etat.csv", csv_bytes([within, beyond]), 50)


def test_a_workbook_cell_in_the_last_column_of_a_sheet_is_refused_without_reading_16384_columns():
    last_column = b'<row><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>' * 1_000
    content = sheet_workbook(last_column, dimension=None, repeat=100)

    outcome, rows, peak = measured(parse, "etat.xlsx", content, 20_000)

    assert "Row 2 has a value beyond column 50" in outcome
    assert rows == 2 and peak < MEGABYTES


def test_a_cell_longer_than_a_spreadsheet_cell_is_refused():
    line = good_lines(1)[0]
    line[HEADER.index("supplier")] = "x" * 32_768

    with pytest.raises(StatementFileError, match="Row 2 has a cell of more than 32,767 characters"):
        parse("etat.csv", csv_bytes([line]), 50)


def test_a_small_workbook_repeating_one_long_text_in_every_cell_is_refused():
    """A workbook stores a repeated text once: 200,000 cells of 30,000 characters fit in 30 KB."""
    row = b"<row>" + b'<c t="s"><v>0</v></c>' * 10 + b"</row>"
    content = sheet_workbook(row * 1_000, dimension=None, repeat=20, shared="x" * 30_000)
    assert len(content) < 100_000

    outcome, rows, peak = measured(parse, "etat.xlsx", content, 20_000)

    assert "more text than 20,000 rows of a statement" in outcome
    assert rows < 20_000 // 10 and peak < MEGABYTES


# Errors: the first are listed and marked, all are counted


@pytest.fixture
def few_errors_kept(monkeypatch):
    monkeypatch.setattr(imports, "ERRORS_KEPT", 30)


def bad_lines(count):
    return [[str(number), "31/02/2026", *GOOD[2:]] for number in range(1, count + 1)]


def test_errors_past_the_first_are_counted_not_kept(few_errors_kept):
    preview = parse("etat.csv", csv_bytes(bad_lines(100)))

    assert len(preview.errors) == 30 and preview.error_count == 100 and preview.bad_row_count == 100
    assert not preview.is_valid


def test_preview_page_lists_the_first_errors_and_says_how_many_more(client, sign_in, media_root, few_errors_kept):
    sign_in("anzegem")

    page = client.get(upload(client, "etat.csv", csv_bytes(bad_lines(100)))["Location"])

    content = page.content.decode()
    assert content.count("31/02/2026") == 30  # each error quotes the date it refuses
    assert (
        in_dutch(
            "The first %(shown)s of %(total)s errors are listed here and marked in the downloaded file; "
            "correct them and upload the file again to see the others.",
            shown=30,
            total=100,
        )
        in content
    )
    assert page.context["lines_read"] == 100


def test_errors_workbook_marks_the_first_errors_and_says_how_many_more(client, sign_in, media_root, few_errors_kept):
    sign_in("anzegem")
    token = upload(client, "etat.csv", csv_bytes(bad_lines(100)))["Location"].rstrip("/").rsplit("/", 1)[-1]

    response = client.get(reverse("grants:claim-upload-errors", args=[token]))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    marked = [row for row in range(2, sheet.max_row + 1) if sheet.cell(row=row, column=len(HEADER) + 1).value]
    assert marked == list(range(2, 32))
    assert sheet.max_row == 101
    assert sheet.cell(row=1, column=len(HEADER) + 1).value == in_dutch(
        "Errors: the first %(shown)s of %(total)s are marked; correct them and upload the file again to see the others.",
        shown=30,
        total=100,
    )


def test_import_claim_lists_the_first_errors_and_says_how_many_more(tmp_path, few_errors_kept):
    path = tmp_path / "etat.csv"
    path.write_bytes(csv_bytes(bad_lines(100)))
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="100 bad rows"):
        call_command("import_claim", str(path), partnership=CODE, year=YEAR, stdout=io.StringIO(), stderr=stderr)

    assert stderr.getvalue().count("is not a date") == 30
    assert "and 70 more errors" in stderr.getvalue()


def test_a_file_of_bad_lines_at_the_upload_limit_gets_its_preview_and_errors_workbook_reading_it_once_each(
    client, sign_in, media_root, settings
):
    content = csv_bytes(bad_lines(settings.STATEMENT_UPLOAD_MAX_ROWS))
    sign_in("anzegem")
    location = upload(client, "etat.csv", content)["Location"]
    token = location.rstrip("/").rsplit("/", 1)[-1]

    with counting_rows() as previewed:
        preview = client.get(location)
    with counting_rows() as written:
        errors = client.get(reverse("grants:claim-upload-errors", args=[token]))
        b"".join(errors.streaming_content)

    assert preview.status_code == errors.status_code == 200
    assert preview.context["preview"].error_count == settings.STATEMENT_UPLOAD_MAX_ROWS
    assert previewed[0] == written[0] == settings.STATEMENT_UPLOAD_MAX_ROWS + 1
