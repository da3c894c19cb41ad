"""Read an uploaded expense statement (XLSX or CSV) into a header and raw rows.

Files are checked by content before parsing: size, real XLSX (a zip with a workbook,
bounded unpacked size and entries, so a zip bomb is refused unopened) or UTF-8 text
with a delimiter. openpyxl reads in read-only mode; defusedxml is installed, so it
parses the workbook XML safely.

The work of reading is bounded before it starts and while it runs (docs/statement-files.md,
"Limits"): a file is refused as soon as a row is read past its number of rows, or a cell
past the columns, the length of a cell or the characters a statement of that many rows
holds. Rows are counted as they are read, never from the size a workbook declares, which
may lie; a missing row between two others counts as read.
"""

import codecs
import csv
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.formatting import format_number

XLSX_MAGIC = b"PK\x03\x04"
XLSX_MAX_UNPACKED_BYTES = 300 * 1024 * 1024
# A workbook's parts unpack to at most this per row allowed (a line of a real statement is
# about 750 bytes of sheet XML), above what its styles and theme take: openpyxl parses
# about 2.5 MB of XML a second, so this bounds the reading time of a file of many cells.
XLSX_UNPACKED_BYTES_PER_ROW = 1_500
XLSX_UNPACKED_BYTES_BASE = 1024 * 1024
# Characters of all cells read, per row allowed (a real line holds about 190): a workbook
# stores a repeated text once, so without this a small file could hand every cell a long one.
CHARACTERS_PER_ROW = 1_000
XLSX_MAX_ENTRIES = 2_000
DELIMITERS = (";", ",", "\t")


class StatementFileError(Exception):
    """The file cannot be read as an expense statement; the message says why, translated."""


def statement_rows(upload, max_rows=None):
    """Return (kind, header, rows) where rows yields (file row number, list of cell values).

    The file may have at most max_rows rows under a one-row header (settings.STATEMENT_MAX_ROWS
    when None), blank rows included; rows raises StatementFileError once it reads past a limit.
    """
    max_rows = max_rows or settings.STATEMENT_MAX_ROWS
    size = upload.size if hasattr(upload, "size") else len(upload.getvalue())
    limit = settings.CLAIM_UPLOAD_MAX_BYTES
    if size > limit:
        raise StatementFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "size": format_number(size / 1_048_576, decimals=2),
                "limit": format_number(limit / 1_048_576, decimals=2),
            }
        )
    if size == 0:
        raise StatementFileError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head == XLSX_MAGIC:
        return ("xlsx", *_xlsx_rows(upload, max_rows))
    if str(getattr(upload, "name", "")).lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise StatementFileError(_("The file is named as a workbook but is not a valid XLSX workbook."))
    return ("csv", *_csv_rows(upload, max_rows))


def _xlsx_rows(upload, max_rows):
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise StatementFileError(_("The file is not a valid XLSX workbook.")) from None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise StatementFileError(_("The file is a zip archive but not an XLSX workbook."))
    unpacked_limit = min(XLSX_MAX_UNPACKED_BYTES, XLSX_UNPACKED_BYTES_BASE + max_rows * XLSX_UNPACKED_BYTES_PER_ROW)
    if len(entries) > XLSX_MAX_ENTRIES or sum(e.file_size for e in entries) > unpacked_limit:
        raise StatementFileError(_("The workbook unpacks to more than a statement can hold; it was not opened."))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on broken files
        raise StatementFileError(_("The XLSX workbook cannot be read.")) from None
    # A read-only workbook parses its sheet only as the rows are read: a missing sheet, or
    # broken XML or cells in it, fails here or in data(), and is the same unreadable file.
    try:
        sheet = workbook.worksheets[0]
        # The size the sheet declares is not trusted: openpyxl would pad every row to its
        # width and add empty rows down to its last one. Each row ends at its last cell.
        sheet.reset_dimensions()
        rows = _within_limits(enumerate(sheet.iter_rows(values_only=True), start=1), max_rows)
        header = _first_non_empty(rows)
    except StatementFileError:
        workbook.close()
        raise
    except Exception:
        workbook.close()
        raise StatementFileError(_("The XLSX workbook cannot be read.")) from None
    if header is None:
        workbook.close()
        raise StatementFileError(_("The file is empty."))
    _number, header_values = header

    def data():
        try:
            for number, values in rows:
                if any(value not in (None, "") for value in values):
                    yield number, values
        except StatementFileError:
            raise
        except Exception:
            raise StatementFileError(_("The XLSX workbook cannot be read.")) from None
        finally:
            workbook.close()

    return list(header_values), data()


def _csv_rows(upload, max_rows):
    raw = upload.read()
    # A NUL byte anywhere, not only in a UTF-16 file's first bytes: PostgreSQL stores no NUL
    # in text, so a stray one deep in the file would pass the preview and fail the import.
    if b"\x00" in raw:
        raise StatementFileError(_("The file is neither an XLSX workbook nor a CSV text file."))
    try:
        text = codecs.decode(raw, "utf-8-sig")
    except UnicodeDecodeError:
        raise StatementFileError(_("The CSV file is not in UTF-8: save it again as “CSV UTF-8”.")) from None
    if not text.strip():
        raise StatementFileError(_("The file is empty."))
    if text.lstrip().startswith("<"):
        raise StatementFileError(_("The file is a web page, not an XLSX workbook or a CSV file."))
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise StatementFileError(
            _("The file is neither an XLSX workbook nor a CSV file with columns separated by ; or ,.")
        )
    # No cell is longer than the file: above the csv module's 128 KB default, an over-long
    # cell (or a quote left open to the end of the file) is a bad row, not a crash.
    csv.field_size_limit(max(csv.field_size_limit(), settings.CLAIM_UPLOAD_MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _within_limits(enumerate(reader, start=1), max_rows)
    header = _first_non_empty(rows)
    if header is None:
        raise StatementFileError(_("The file is empty."))
    _number, header_values = header

    def data():
        for number, values in rows:
            if any(value.strip() for value in values):
                yield number, values

    return header_values, data()


def _within_limits(numbered_rows, max_rows):
    """Yield the rows read, refusing the file at the first row past a limit."""
    max_columns, max_cell = settings.STATEMENT_MAX_COLUMNS, settings.STATEMENT_MAX_CELL_CHARS
    characters_left = (max_rows + 1) * CHARACTERS_PER_ROW
    for number, values in numbered_rows:
        if number > max_rows + 1:
            raise StatementFileError(
                _(
                    "The file has more than %(limit)s rows under its header (empty rows count too): "
                    "split it into several files, or delete the empty rows at its end."
                )
                % {"limit": format_number(max_rows)}
            )
        if len(values) > max_columns:
            # A workbook row reaching column XFD is 16,384 cells: counted in C, not looped over.
            beyond = values[max_columns:]
            if beyond.count(None) + beyond.count("") != len(beyond):
                raise StatementFileError(
                    _("Row %(row)s has a value beyond column %(limit)s: a statement has at most %(limit)s columns.")
                    % {"row": number, "limit": max_columns}
                )
        values = list(values[:max_columns])
        lengths = [len(value) for value in values if isinstance(value, str)]
        if lengths and max(lengths) > max_cell:
            raise StatementFileError(
                _(
                    "Row %(row)s has a cell of more than %(limit)s characters, more than a spreadsheet "
                    "cell holds (in a CSV file, a quotation mark left open?)."
                )
                % {"row": number, "limit": format_number(max_cell)}
            )
        characters_left -= sum(lengths)
        if characters_left < 0:
            raise StatementFileError(
                _("The file holds more text than %(limit)s rows of a statement: it was not read to its end.")
                % {"limit": format_number(max_rows)}
            )
        yield number, values


def _first_non_empty(numbered_rows):
    for number, values in numbered_rows:
        if any(value not in (None, "") and str(value).strip() for value in values):
            return number, values
    return None
