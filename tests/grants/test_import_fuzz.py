"""Fuzzing the statement import (issue 7, item 7): whatever a file holds, it is read or refused.

Hypothesis writes CSV and XLSX statements with headers in the four languages mixed with junk,
missing and repeated columns, in several encodings, with numbers, dates and texts as people
type them and as nobody should (impossible dates, NaN, 100 KB cells, formulas). For each file
statement_parse either refuses it (StatementFileError) or returns a preview that accounts for
every line; claim_import then imports a valid preview whole or refuses an invalid one, writing
nothing. Through the upload pages, no file gets a server error. Hostile files (a zip bomb
disguised as a workbook, a web page renamed .xlsx, a workbook whose parts are broken) are
refused with a message.

Each example runs in a savepoint rolled back at its end, so every file meets BJ-ANZ-PER/2026
without a claim (the demo has an allocation but no claim for that year).
"""

import csv
import io
import re
import struct
import zipfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from grants.models import ExpenseClaim, Invoice
from grants.resources import CATEGORY_ALIASES, COLUMNS, CURRENCY_ALIASES, PAID_BY_ALIASES, YES_NO_ALIASES
from grants.services.imports import ImportRefused, claim_import, statement_parse
from grants.statement_files import StatementFileError
from partnerships.models import Partnership
from tests import hostile_files
from tests.grants import test_statement_limits as limits

pytestmark = pytest.mark.django_db

CODE = "BJ-ANZ-PER"
YEAR = 2026
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
HUGE = 100_000  # characters; the csv module refuses cells above 131,072 unless told otherwise
FORMULAS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.invalid","clic")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-2+3",
)


@contextmanager
def rolled_back():
    """Run one example in a savepoint that is undone at its end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def stored():
    return ExpenseClaim.objects.filter(partnership__code=CODE, year=YEAR).count(), Invoice.objects.count()


# Cell values. A file is either clean (every value one a municipality may write) or dirty (any
# value, readable or not), so that valid files, and so imports, come often enough.


def mostly(common, rare):
    """Draw from `common` three times in four, else from `rare`."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda is_common: common if is_common else rare)


JUNK_TEXT = st.text(max_size=40) | st.sampled_from(FORMULAS) | st.sampled_from(["x" * HUGE, "é" * HUGE, "x" * 2 * HUGE])
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40) | st.sampled_from(FORMULAS)

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
SPREADSHEET_EPOCH = date(1899, 12, 30)


class Serial(int):
    """A date as a spreadsheet stores it: a number cell in a workbook, the date it is in a CSV file."""


GOOD_DATES = st.one_of(
    DAYS.map(date.isoformat),
    DAYS.map(lambda day: day.strftime("%d/%m/%Y")),
    DAYS.map(lambda day: day.strftime("%d.%m.%Y")),
    DAYS,
    DAYS.map(lambda day: datetime(day.year, day.month, day.day)),
    st.integers(36_526, 51_501).map(Serial),  # 2000-2040
)
BAD_DATES = st.one_of(
    st.sampled_from(["31/02/2026", "2026-13-01", "00/00/0000", "29/02/2025", "2026-02-30", "32/01/2026", "15/03/26"]),
    st.sampled_from(["45000", "demain", "mars 2026", "2026/03/15", "15-03-2026 10:00", "", None]),
    st.integers(-10, 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    JUNK_TEXT,
)

AMOUNTS = st.decimals(min_value=Decimal("-999999999.99"), max_value=Decimal("999999999.99"), places=2)


AMOUNT_STYLES = ("point", "comma", "dutch", "english", "spaces", "euro", "fcfa", "brackets")


def amount_text(amount, style):
    text = format(amount, "f")
    whole, _, cents = text.lstrip("-").partition(".")
    sign = "-" if amount < 0 else ""
    grouped = f"{int(whole):,}"
    return {
        "point": text,
        "comma": text.replace(".", ","),
        "dutch": sign + grouped.replace(",", ".") + "," + cents,
        "english": sign + grouped + "." + cents,
        "spaces": sign + grouped.replace(",", "\u202f") + "," + cents,
        "euro": sign + "€ " + grouped.replace(",", ".") + "," + cents,
        "fcfa": sign + whole + " FCFA",
        "brackets": "(" + whole + "." + cents + ")" if sign else text,
    }[style]


GOOD_AMOUNTS = st.one_of(
    st.builds(amount_text, AMOUNTS, st.sampled_from(AMOUNT_STYLES)),
    AMOUNTS,
    st.integers(-(10**6), 10**9),
)
BAD_AMOUNTS = st.one_of(
    st.sampled_from(["NaN", "nan", "inf", "-Infinity", "sNaN", "1e15", "99999999999999", "1.2.3", "douze mille"]),
    st.sampled_from(["", None, "--5", "1e-999999", "1E+999999", "0x10", "1_000", "٣٤٥", "1,2345"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    JUNK_TEXT,
)


def words(aliases):
    return [word for group in aliases.values() for word in group]


CHOICES = {
    "category": words(CATEGORY_ALIASES),
    "currency": [*words(CURRENCY_ALIASES), "GBP", "chf"],
    "paid_by": words(PAID_BY_ALIASES),
    "payment_proof": [word for word in words(YES_NO_ALIASES) if isinstance(word, str)],
}
GOOD = {
    "invoice_date": GOOD_DATES,
    "payment_date": GOOD_DATES | st.none(),
    "supplier": SAFE_TEXT,
    "invoice_number": SAFE_TEXT.map(lambda text: text[:60]),
    "description": SAFE_TEXT,
    "category": st.sampled_from(CHOICES["category"]).map(str.upper) | st.sampled_from(CHOICES["category"]),
    "currency": st.sampled_from(CHOICES["currency"]),
    "amount": GOOD_AMOUNTS,
    "vat": GOOD_AMOUNTS | st.none(),
    "amount_eur": GOOD_AMOUNTS | st.none(),
    "paid_by": st.sampled_from(CHOICES["paid_by"]),
    "payment_proof": st.sampled_from(CHOICES["payment_proof"]) | st.booleans() | st.none(),
    "quotes": st.integers(0, 5) | st.none(),
    "addressed_to": SAFE_TEXT,
    "procedure_reference": SAFE_TEXT.map(lambda text: text[:100]),
    "destination": st.sampled_from(["BJ", "be", "Belgique", "Bénin", "Ecuador", "", None]),
    "days": st.sampled_from(["3", "2,5", "1.5", 4, 0.5, "", None]),
    "lunches_provided": st.integers(0, 5) | st.none(),
    "dinners_provided": st.integers(0, 5) | st.none(),
    "other_funding_source": SAFE_TEXT.map(lambda text: text[:200]),
    "other_funding_eur": GOOD_AMOUNTS | st.none(),
    "activity": st.sampled_from(["", "R1", "BJ-ANZ-PER-R2", None]),
}
BAD = {
    "invoice_date": BAD_DATES,
    "payment_date": BAD_DATES,
    "category": JUNK_TEXT,
    "currency": JUNK_TEXT | st.sampled_from(["EURO€", "12", "€$", ""]),
    "amount": BAD_AMOUNTS,
    "vat": BAD_AMOUNTS,
    "amount_eur": BAD_AMOUNTS,
    "paid_by": JUNK_TEXT,
    "payment_proof": JUNK_TEXT,
    "quotes": st.integers(-5, 10**6) | BAD_AMOUNTS,
    "destination": JUNK_TEXT | st.sampled_from(["XX", "Atlantis", "12"]),
    "days": st.sampled_from(["0", "-1", "1,25", "367", "trois"]) | BAD_AMOUNTS,
    "lunches_provided": st.integers(-5, 10**6) | BAD_AMOUNTS,
    "dinners_provided": st.integers(-5, 10**6) | BAD_AMOUNTS,
    "other_funding_eur": BAD_AMOUNTS,
}
ANY_VALUE = st.one_of(JUNK_TEXT, BAD_AMOUNTS, BAD_DATES, st.none())


def value_of(name, clean):
    return GOOD[name] if clean else mostly(GOOD[name], BAD.get(name, JUNK_TEXT))


def header_text(text):
    return st.sampled_from([text, text.upper(), text.title(), "  %s " % text, text.replace("é", "e")])


JUNK_HEADER = st.text(
    st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -_°º."), min_size=1, max_size=20
).filter(lambda text: text.strip() and not text.startswith(("=", "-")))


@st.composite
def statements(draw):
    """Return (clean, header, rows): cells as Python values, None for an empty cell."""
    clean = draw(st.booleans())
    plan = []  # (field name or None for a junk column, header text)
    for name, (required, _widget, headers) in COLUMNS.items():
        copies = draw(st.sampled_from([1] * 12 + [2] + ([1] if clean and required else [0])))
        for _copy in range(copies):
            plan.append((name, draw(st.sampled_from(headers).flatmap(header_text))))
    plan += [(None, header) for header in draw(st.lists(JUNK_HEADER, max_size=3))]
    plan = draw(st.permutations(plan))
    count = draw(st.integers(0 if not clean else 1, 8))
    rows = []
    for index in range(count):
        row = []
        for name, _header in plan:
            if name is None:
                row.append(draw(ANY_VALUE))
            elif name == "line":
                sequential = st.sampled_from([index + 1, str(index + 1), "%s.0" % (index + 1), " %s " % (index + 1)])
                row.append(draw(sequential if clean else mostly(sequential, ANY_VALUE | st.integers(-3, 10**10))))
            else:
                row.append(draw(value_of(name, clean)))
        rows.append(row)
    return clean, [header for _name, header in plan], rows


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Serial):
        value = SPREADSHEET_EPOCH + timedelta(days=value)
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return str(value)


def csv_file(header, rows, delimiter, encoding):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_cell(value):
    """What openpyxl can store: no control characters, no NaN in a typed cell."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, float) and value != value:
        return "NaN"
    return int(value) if isinstance(value, Serial) else value


def xlsx_file(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "utf-16")


def is_blank_in_workbook(cell):
    """Empty, or a formula: a workbook saved by code has no value cached for it."""
    return cell in (None, "") or (isinstance(cell, str) and len(cell) > 1 and cell.startswith("="))


@st.composite
def statement_files(draw):
    """Return (name, content, rows the file holds) for a CSV or XLSX statement."""
    clean, header, rows = draw(statements())
    if draw(st.booleans()):
        encoding = draw(st.sampled_from(ENCODINGS[:2] if clean else ENCODINGS))
        delimiter = draw(st.sampled_from([";", ",", "\t"]))
        content = csv_file(header, rows, delimiter, encoding)
        as_read = [[csv_cell(cell).encode(encoding, errors="replace").decode(encoding) for cell in row] for row in rows]
        written = sum(1 for row in as_read if any(cell.strip() for cell in row))
        return "etat-%s.csv" % encoding, content, written
    content = xlsx_file(header, rows)
    as_read = [[xlsx_cell(value) for value in row] for row in rows]
    written = sum(1 for row in as_read if not all(is_blank_in_workbook(cell) for cell in row))
    return "etat.xlsx", content, written


def parse(name, content):
    return statement_parse(File(io.BytesIO(content), name=name))


def check_preview(preview, lines_in_file):
    """Every line of the file is in the preview, read or listed with its row and reason."""
    assert all(error.row >= 1 and error.message for error in preview.errors)
    if any(error.row == 1 for error in preview.errors):
        assert preview.rows == []
        return
    assert len(preview.rows) + preview.bad_row_count == lines_in_file
    assert preview.is_valid is (not preview.errors)


def import_or_refuse(preview):
    """Import a valid preview whole; refuse an invalid one and write nothing."""
    partnership = Partnership.objects.get(code=CODE)
    before = stored()
    if not preview.is_valid:
        with pytest.raises(ImportRefused):
            claim_import(partnership=partnership, year=YEAR, preview=preview)
        assert stored() == before
        return
    claim, count = claim_import(partnership=partnership, year=YEAR, preview=preview)
    assert count == len(preview.rows) == claim.invoices.count()
    assert sorted(claim.invoices.values_list("line", flat=True)) == sorted(row["line"] for row in preview.rows)


@FUZZ
@given(statement_files())
def test_any_statement_file_is_imported_whole_or_refused_with_its_bad_rows(drawn):
    name, content, lines_in_file = drawn
    with rolled_back():
        try:
            preview = parse(name, content)
        except StatementFileError as refusal:
            assert str(refusal)
            event("file refused")
            return
        if preview.is_valid:
            event("imported")
        else:
            event("refused with %s errors" % ("header" if preview.errors[0].row == 1 else "row"))
        check_preview(preview, lines_in_file)
        import_or_refuse(preview)


@FUZZ
@given(statement_files())
def test_any_statement_file_uploaded_and_confirmed_gets_a_page_not_a_server_error(client, sign_in, media_root, drawn):
    name, content, _lines = drawn
    sign_in("anzegem")
    with rolled_back():
        before = stored()

        uploaded = upload(client, name, content)
        assert uploaded.status_code == 302
        preview = client.get(uploaded["Location"])
        confirmed = client.post(uploaded["Location"])

        assert preview.status_code == 200
        parsed = preview.context.get("preview")
        if parsed is not None and parsed.is_valid:
            assert confirmed.status_code == 302 and stored()[1] == before[1] + len(parsed.rows)
        else:
            assert confirmed.status_code == 200 and stored() == before


# Hostile files


SHEET = "xl/worksheets/sheet1.xml"
REQUIRED_HEADER = "line;invoice_date;supplier;invoice_number;description;category;currency;amount;paid_by\n"
GOOD_LINE = "%(line)s;15/03/2026;%(supplier)s;F-%(line)s;Formation;operating;XOF;125000;partner\n"


def csv_statement(lines):
    """A CSV statement with the required columns and `lines`, each a dict of line and supplier."""
    return (REQUIRED_HEADER + "".join(GOOD_LINE % line for line in lines)).encode()


def good_lines(numbers, supplier="Ets. Dossou"):
    return [{"line": number, "supplier": supplier} for number in numbers]


def valid_workbook():
    return xlsx_file(
        REQUIRED_HEADER.strip().split(";"),
        [[1, date(2026, 3, 15), "Ets. Dossou", "F-1", "Formation", "operating", "XOF", 125000, "partner"]],
    )


def workbook_with(part, change):
    """Return a valid workbook whose `part` is replaced by change(data); None drops the part."""
    source = zipfile.ZipFile(io.BytesIO(valid_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            data = change(data) if name == part else data
            if data is not None:
                target.writestr(name, data)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def zip_bomb():
    """A real statement workbook with one more part of 310 MB of zeros."""
    return hostile_files.zip_bomb(valid_workbook(), megabytes=310)


def lying_zip_bomb():
    """A workbook whose sheet unpacks to 50 MB while the zip's headers say it holds 2 KB."""
    padding = b"<sheetData>" + b" " * (50 << 20)
    content = bytearray(workbook_with(SHEET, lambda data: data.replace(b"<sheetData>", padding, 1)))
    declared = struct.pack("<I", 2048)
    local = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo(SHEET).header_offset
    content[local + 22 : local + 26] = declared  # the local header's uncompressed size
    entry = content.find(b"PK\x01\x02")
    while entry != -1:  # the central directory's record of the sheet: size at 24, name at 46
        name_length = struct.unpack("<H", content[entry + 28 : entry + 30])[0]
        if content[entry + 46 : entry + 46 + name_length] == SHEET.encode():
            content[entry + 24 : entry + 28] = declared
        entry = content.find(b"PK\x01\x02", entry + 4)
    return bytes(content)


def html_page():
    return (
        "<!DOCTYPE html><html><head><title>Session expirée</title></head>"
        "<body><table><tr><td>line</td></tr></table></body></html>"
    ).encode()


ENTITIES = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
HOSTILE = {
    "zip-bomb": ("etat.xlsx", zip_bomb),
    "zip-bomb-lying-about-its-size": ("etat.xlsx", lying_zip_bomb),
    "html-page-renamed-xlsx": ("etat.xlsx", html_page),
    "html-page-renamed-csv": ("etat.csv", html_page),
    "sheet-cut-short": ("etat.xlsx", lambda: workbook_with(SHEET, lambda data: data[:-40])),
    "sheet-missing": ("etat.xlsx", lambda: workbook_with(SHEET, lambda data: None)),
    "workbook-without-sheets": (
        "etat.xlsx",
        lambda: workbook_with("xl/workbook.xml", lambda data: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)),
    ),
    "number-cell-holding-text": (
        "etat.xlsx",
        lambda: workbook_with(SHEET, lambda data: data.replace(b"<v>125000</v>", b"<v>douze</v>")),
    ),
    "entity-expansion-in-the-sheet": ("etat.xlsx", lambda: workbook_with(SHEET, lambda data: ENTITIES + data)),
    "csv-cell-of-200-KB": ("etat.csv", lambda: csv_statement(good_lines([1], supplier="x" * 200_000))),
    "csv-with-a-nul-byte-after-the-first-4-KB": (
        "etat.csv",
        lambda: csv_statement(good_lines(range(1, 80)) + good_lines([80], supplier="Ets.\x00Dossou")),
    ),
    "csv-with-an-unclosed-quote": (
        "etat.csv",
        lambda: csv_statement(good_lines([1], supplier='"Ets. Dossou') + good_lines(range(2, 3000))),
    ),
    # Past the limits (issue 13; test_statement_limits.py): the finding's two files, then
    # workbooks whose few bytes stand for many rows, columns or characters.
    "csv-of-a-million-bad-lines": ("etat.csv", limits.million_bad_lines),
    "workbook-of-a-million-rows-claiming-16384-columns": ("etat.xlsx", limits.million_row_workbook),
    "workbook-with-a-row-far-below": (
        "etat.xlsx",
        lambda: limits.sheet_workbook(
            limits.inline_row(limits.GOOD) + b'<row r="1048576"><c t="inlineStr"><is><t>1</t></is></c></row>'
        ),
    ),
    "workbook-with-a-cell-in-its-last-column": (
        "etat.xlsx",
        lambda: limits.sheet_workbook(b'<row><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>', dimension=None),
    ),
    "workbook-repeating-one-long-text": (
        "etat.xlsx",
        lambda: limits.sheet_workbook(
            (b"<row>" + b'<c t="s"><v>0</v></c>' * 10 + b"</row>") * 20_000, dimension=None, shared="x" * 30_000
        ),
    ),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_is_refused_or_reported_without_writing_anything(kind):
    name, content = HOSTILE[kind]
    before = stored()

    try:
        preview = parse(name, content())
    except StatementFileError as refusal:
        assert str(refusal)
    else:
        assert preview.errors and not preview.is_valid
        with pytest.raises(ImportRefused):
            claim_import(partnership=Partnership.objects.get(code=CODE), year=YEAR, preview=preview)

    assert stored() == before


def upload(client, name, content):
    return client.post(
        reverse("grants:claim-upload"), {"partnership": CODE, "year": YEAR, "file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_uploaded_gets_a_page_not_a_server_error(client, sign_in, media_root, kind):
    name, content = HOSTILE[kind]
    sign_in("anzegem")
    before = stored()

    uploaded = upload(client, name, content())
    preview = client.get(uploaded["Location"])
    confirmed = client.post(uploaded["Location"])

    assert (uploaded.status_code, preview.status_code, confirmed.status_code) == (302, 200, 200)
    assert preview.context.get("file_error") or preview.context["preview"].errors
    assert stored() == before
