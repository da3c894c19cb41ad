"""Which uploaded files the application keeps, recognised by their content, never by their name.

One allow-list (ACCEPTED) for the whole application; each upload point accepts a part of
it. A file is recognised by its bytes:

- PDF: starts with `%PDF-` and ends with `%%EOF` within its last KB, as PDF readers expect
  (a page or an HTA behind `%PDF-` has no such end); PNG and JPEG: their signatures, and
  Pillow must read them as such;
- XLSX, DOCX, ODT: zip containers told apart by their members: `[Content_Types].xml` with
  `xl/workbook.xml` or `word/document.xml` (without a `vbaProject.bin`: XLSM and DOCM carry
  macros and are other types), or a `mimetype` member naming an OpenDocument text. Only the
  zip's directory and that tiny member are read: unpacking, and its limits, is the reader's job;
- CSV: UTF-8 text (a BOM allowed) without NUL bytes, whose first line has a `;`, `,` or tab,
  and without HTML or XML markup: not starting with `<`, no opening tag of a page, script or
  SVG in its first KB (the part browsers and mail filters sniff).

Images are never kept as sent: their pixel count is read from the header and refused above
MAX_IMAGE_PIXELS before any pixel is decoded, then the picture is decoded, turned upright
(EXIF orientation), made at most MAX_SIDE_PIXELS wide or high (or the larger side an upload
point asks for) and written again in its own format, which drops metadata (EXIF with its GPS
position, comments, profiles) and anything appended after the image (HTML, a zip). The stored
name's extension is the detected type's.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.file_names import safe_filename


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extension: str


PDF = FileType("PDF", "application/pdf", "pdf")
PNG = FileType("PNG", "image/png", "png")
JPEG = FileType("JPEG", "image/jpeg", "jpg")
XLSX = FileType("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
CSV = FileType("CSV", "text/csv", "csv")
DOCX = FileType("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ODT = FileType("ODT", "application/vnd.oasis.opendocument.text", "odt")

ACCEPTED = (PDF, JPEG, PNG, XLSX, CSV, DOCX, ODT)
# What a stored file whose content is none of these is handed out as: bytes to save, not to show.
UNRECOGNISED = FileType("", "application/octet-stream", "bin")
# Evidence of results and answers to an auditor are proofs (scans, photos, signed letters):
# PDF and pictures, which are opened safely everywhere; office files could carry links and
# embedded objects that we cannot clean as we clean images.
PROOF_TYPES = (PDF, JPEG, PNG)
STATEMENT_TYPES = (XLSX, CSV)

# A 600 dpi A4 scan is 35 million pixels, a phone photo 12 to 50: above 40 million an image
# takes hundreds of MB to decode (a 656 KB PNG of 13000 x 13000 took 1.35 GB). Pillow's own
# guard, which every other use of Pillow in the process meets, says the same: it warns above
# this and refuses above twice this when opening.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# Partner staff and reviewers on slow connections open photos this size quickly.
MAX_SIDE_PIXELS = 1600

SIGNATURES = {b"%PDF-": PDF, b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG}
ZIP_SIGNATURE = b"PK\x03\x04"
ODT_MIMETYPE = ODT.content_type.encode("ascii")
MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|\?xml)\b", re.IGNORECASE)
CSV_DELIMITERS = (";", ",", "\t")


class FileRefused(Exception):
    """The upload is not kept; the message says why, in the reader's language."""


def detected_type(data):
    """The FileType of `data` (bytes) among ACCEPTED, or None."""
    for signature, file_type in SIGNATURES.items():
        if data.startswith(signature):
            return None if file_type == PDF and b"%%EOF" not in data[-1024:] else file_type
    if data.startswith(ZIP_SIGNATURE):
        return _container_type(data)
    return CSV if _is_csv(data) else None


def stored_type(handle):
    """The FileType of an open stored file (read from its start, left at its start), or None."""
    handle.seek(0)
    data = handle.read()
    handle.seek(0)
    return detected_type(data)


def accepted_upload(upload, types, max_bytes, *, max_side=MAX_SIDE_PIXELS):
    """Return (ContentFile to store, FileType) for an upload of one of `types`, or raise FileRefused.

    Images come back re-encoded, at most `max_side` pixels a side; the file's name is the
    upload's, plain, with the type's extension.
    """
    if upload.size > max_bytes:
        raise FileRefused(_("The file is larger than %(limit)s MB.") % {"limit": max_bytes // 1_048_576})
    data = upload.read()
    file_type = detected_type(data)
    if file_type not in types:
        raise FileRefused(refusal_message(types))
    if file_type in (PNG, JPEG):
        data = reencoded_image(data, file_type, max_side=max_side)
    return ContentFile(data, name=stored_name(upload.name, file_type)), file_type


def refusal_message(types):
    return _("This kind of file is not accepted here. Accepted: %(types)s.") % {
        "types": ", ".join(file_type.label for file_type in types)
    }


def stored_name(name, file_type):
    """`name` made plain, its extension replaced by the type's: attendance.hta holding a PDF is attendance.pdf.

    Dots left in the stem become underscores (x.html.pdf would be x_html.pdf): some servers
    and mail filters act on any extension in a name, not only the last.
    """
    plain = safe_filename(name)
    stem = plain.rpartition(".")[0] or plain
    # 60 characters leave room in a FileField's 100 for the folder and the storage's suffix.
    return f"{stem.replace('.', '_')[:60]}.{file_type.extension}"


def reencoded_image(data, file_type, *, max_side=MAX_SIDE_PIXELS):
    """The PNG or JPEG `data` decoded and written again, upright and at most `max_side` pixels a side.

    Photos shown to people keep MAX_SIDE_PIXELS; invoice scans, which OCR reads, ask for more:
    an invoice's small print blurs at 1600 pixels.
    """
    try:
        with Image.open(io.BytesIO(data), formats=[file_type.label]) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise FileRefused(_pixels_message())
            _decode_smaller(image, max_side)
            upright = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError:
        raise FileRefused(_pixels_message()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FileRefused(_("The image cannot be read.")) from None
    if max(upright.size) > max_side:
        # Shrinking a two-colour or palette image would pick pixels instead of blending them.
        if upright.mode == "1":
            upright = upright.convert("L")
        elif upright.mode == "P":
            upright = upright.convert("RGBA" if "transparency" in upright.info else "RGB")
        upright.thumbnail((max_side, max_side))
    # Only transparency is kept: EXIF (GPS position), ICC profiles, comments and text go.
    upright.info = {key: upright.info[key] for key in ("transparency",) if key in upright.info}
    buffer = io.BytesIO()
    if file_type == JPEG:
        upright = upright if upright.mode in ("L", "RGB") else upright.convert("RGB")
        upright.save(buffer, format="JPEG", quality=85, optimize=True)
    else:
        upright.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _pixels_message():
    return _("The image has more than %(limit)s million pixels: make it smaller and send it again.") % {
        "limit": MAX_IMAGE_PIXELS // 1_000_000
    }


def _decode_smaller(image, max_side):
    """A JPEG that will be shrunk is decoded at 1/2, 1/4 or 1/8 of its size: a quarter of the memory or less."""
    if image.format != "JPEG" or max(image.size) <= 2 * max_side:
        return
    ratio = 2 * max_side / max(image.size)
    image.draft(None, (round(image.width * ratio), round(image.height * ratio)))


def _container_type(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {entry.filename: entry for entry in archive.infolist()}
        if "[Content_Types].xml" in members:
            if "xl/workbook.xml" in members and "xl/vbaProject.bin" not in members:
                return XLSX
            if "word/document.xml" in members and "word/vbaProject.bin" not in members:
                return DOCX
            return None
        mimetype = members.get("mimetype")
        if mimetype is not None and mimetype.file_size == len(ODT_MIMETYPE) and archive.read(mimetype) == ODT_MIMETYPE:
            return ODT
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        return None
    return None


def _is_csv(data):
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if text.lstrip().startswith("<") or MARKUP.search(data[:1024]):
        return False
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return any(delimiter in first_line for delimiter in CSV_DELIMITERS)
