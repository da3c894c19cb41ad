"""Read an uploaded expense statement (XLSX or CSV) into a header and raw rows.

Files are checked by content before parsing: size, real XLSX (a zip with a workbook,
bounded unpacked size and entries, so a zip bomb is refused unopened) or UTF-8 text
with a delimiter. openpyxl reads in read-only mode; defusedxml is installed, so it
parses the workbook XML safely.
"""

import codecs
import csv
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

XLSX_MAGIC = b"PK\x03\x04"
XLSX_MAX_UNPACKED_BYTES = 300 * 1024 * 1024
XLSX_MAX_ENTRIES = 2_000
DELIMITERS = (";", ",", "\t")


class StatementFileError(Exception):
    """The file cannot be read as an expense statement; the message says why, translated."""


def statement_rows(upload):
    """Return (kind, header, rows) where rows yields (file row number, list of cell values)."""
    size = upload.size if hasattr(upload, "size") else len(upload.getvalue())
    limit = settings.CLAIM_UPLOAD_MAX_BYTES
    if size > limit:
        raise StatementFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1_048_576, 2), "limit": round(limit / 1_048_576, 2)}
        )
    if size == 0:
        raise StatementFileError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head == XLSX_MAGIC:
        return ("xlsx", *_xlsx_rows(upload))
    if str(getattr(upload, "name", "")).lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise StatementFileError(_("The file is named as a workbook but is not a valid XLSX workbook."))
    return ("csv", *_csv_rows(upload))


def _xlsx_rows(upload):
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise StatementFileError(_("The file is not a valid XLSX workbook.")) from None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise StatementFileError(_("The file is a zip archive but not an XLSX workbook."))
    if len(entries) > XLSX_MAX_ENTRIES or sum(e.file_size for e in entries) > XLSX_MAX_UNPACKED_BYTES:
        raise StatementFileError(_("The workbook unpacks to more than a statement can hold; it was not opened."))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on broken files
        raise StatementFileError(_("The XLSX workbook cannot be read.")) from None
    # A read-only workbook parses its sheet only as the rows are read: a missing sheet, or
    # broken XML or cells in it, fails here or in data(), and is the same unreadable file.
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = _first_non_empty(enumerate(rows, start=1))
    except Exception:
        workbook.close()
        raise StatementFileError(_("The XLSX workbook cannot be read.")) from None
    if header is None:
        workbook.close()
        raise StatementFileError(_("The file is empty."))
    header_number, header_values = header

    def data():
        try:
            for number, values in enumerate(rows, start=header_number + 1):
                if any(value not in (None, "") for value in values):
                    yield number, list(values)
        except Exception:
            raise StatementFileError(_("The XLSX workbook cannot be read.")) from None
        finally:
            workbook.close()

    return list(header_values), data()


def _csv_rows(upload):
    raw = upload.read()
    # A NUL byte anywhere, not only in a UTF-16 file's first bytes: PostgreSQL stores no NUL
    # in text, so a stray one deep in the file would pass the preview and fail the import.
    if b"\x00" in raw:
        raise StatementFileError(_("The file is neither an XLSX workbook nor a CSV text file."))
    try:
        text = codecs.decode(raw, "utf-8-sig")
    except UnicodeDecodeError:
        raise StatementFileError(
            _("The CSV file is not in UTF-8: save it again as “CSV UTF-8”.")
        ) from None
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
    header = _first_non_empty(enumerate(reader, start=1))
    if header is None:
        raise StatementFileError(_("The file is empty."))
    header_number, header_values = header

    def data():
        for number, values in enumerate(reader, start=header_number + 1):
            if any(value.strip() for value in values):
                yield number, values

    return header_values, data()


def _first_non_empty(numbered_rows):
    for number, values in numbered_rows:
        if any(value not in (None, "") and str(value).strip() for value in values):
            return number, values
    return None
