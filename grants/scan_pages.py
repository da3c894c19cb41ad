"""The pages of an invoice scan or proof of payment as pictures for the screen, drawn once.

A page is drawn by grants.ocr.page_images at READ_DPI, the picture the reading measured its
boxes on (a scanned page is straightened there, and at another resolution it could turn by
another angle), then scaled down to SCREEN_DPI; a photo is its prepared self, scaled the same.
The pictures are kept under MEDIA_ROOT/scan-pages, named after the document's SHA-256, so a
document is drawn once whoever looks at it. Beside them a small JSON file gives each page's
sizes, written last, or why the pages cannot be shown. Drawing a long scan takes seconds to
a minute, so only the worker draws (grants.tasks.draw_scan_pages); a page request reads
what is drawn or says it is not yet.
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from core.uploaded_files import PROOF_TYPES, detected_type
from core.whole_files import write_whole
from grants.ocr import READ_DPI, DocumentTooLarge, DocumentUnreadable, page_images

# An A4 page 992 pixels wide: about a laptop screen's column, sharp enough to read the small
# print of an invoice when zoomed in twice.
SCREEN_DPI = 120
FOLDER = "scan-pages"
SHA256 = re.compile(r"[0-9a-f]{64}")
# Why a document's pages cannot be shown, remembered by the drawing in no one's language.
NOT_SHOWN, UNREADABLE, TOO_LARGE = "not_shown", "unreadable", "too_large"
PROBLEMS = {
    NOT_SHOWN: gettext_lazy("Only PDF, JPEG and PNG documents are shown."),
    UNREADABLE: gettext_lazy("The document is damaged or protected by a password."),
    TOO_LARGE: gettext_lazy("The document has too many pages or pixels to be shown."),
}


@dataclass(frozen=True)
class PageSize:
    width: int  # pixels of the picture sent to the screen
    height: int
    read_width: int  # pixels of the page the reading placed its boxes on (READ_DPI)
    read_height: int


def page_sizes(attachment):
    """Return the PageSize of each page of the attachment's file once drawn, None while it is not.

    Never draws (draw_pages does, in the worker): a page request stays quick however long
    the document. Raises DocumentUnreadable (with the reason in the reader's language) for a
    missing file, or one the drawing found it cannot show.
    """
    return _drawn(attachment)[0]


def page_file(attachment, number):
    """Return the path of the picture of page `number` (from 1) once drawn.

    Raises LookupError when the pages are not drawn yet or there is no such page, and
    DocumentUnreadable as page_sizes does.
    """
    sizes, digest = _drawn(attachment)
    if sizes is None or not 1 <= number <= len(sizes):
        raise LookupError(number)
    return _folder() / _page_name(digest, number)


def draw_pages(attachment):
    """Draw the pages of the attachment's file unless they are drawn; return their PageSizes.

    A file that cannot be shown (not a PDF, JPEG or PNG, damaged, too large) is remembered
    as such, by its content, so that it is tried once. Raises DocumentUnreadable as
    page_sizes does.
    """
    sizes, digest = _drawn(attachment)
    if sizes is not None:
        return sizes
    data = _file_bytes(attachment)
    try:
        return _draw(data, digest)
    except DocumentTooLarge:
        problem = TOO_LARGE
    except DocumentUnreadable:
        problem = UNREADABLE if detected_type(data) in PROOF_TYPES else NOT_SHOWN
    _folder().mkdir(parents=True, exist_ok=True)
    write_whole(_folder() / _sizes_name(digest), json.dumps({"problem": problem}).encode())
    raise DocumentUnreadable(str(PROBLEMS[problem]))


def _drawn(attachment):
    """(the PageSizes drawn or None, the digest naming them); raises DocumentUnreadable as page_sizes."""
    if not attachment.file:
        raise DocumentUnreadable(_("The file is missing."))
    # The digest names files on disk: only a digest, never a path, however the field was filled.
    if SHA256.fullmatch(attachment.sha256 or ""):
        digest = attachment.sha256
    else:
        # Files stored before issue 17 have no SHA-256: hashing is quick, drawing is not.
        digest = hashlib.sha256(_file_bytes(attachment)).hexdigest()
    cached = _cached(digest)
    if isinstance(cached, str):
        raise DocumentUnreadable(str(PROBLEMS[cached]))
    if cached is None and not attachment.file.storage.exists(attachment.file.name):
        raise DocumentUnreadable(_("The file is missing."))
    return cached, digest


def _file_bytes(attachment):
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except OSError:
        raise DocumentUnreadable(_("The file is missing.")) from None


def _draw(data, digest):
    file_type = detected_type(data)
    if file_type not in PROOF_TYPES:
        raise DocumentUnreadable(str(PROBLEMS[NOT_SHOWN]))
    scale = SCREEN_DPI / READ_DPI
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    sizes = []
    for number, png in enumerate(page_images(data, file_type.content_type, dpi=READ_DPI), start=1):
        with Image.open(io.BytesIO(png)) as page:
            size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
            screen = page.resize(size, Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            screen.save(buffer, format="PNG", optimize=True)
            write_whole(folder / _page_name(digest, number), buffer.getvalue())
            sizes.append(PageSize(width=size[0], height=size[1], read_width=page.width, read_height=page.height))
    write_whole(folder / _sizes_name(digest), json.dumps([vars(size) for size in sizes]).encode())
    return sizes


def _cached(digest):
    """The PageSizes of the pages drawn, or the code of why they cannot be; None when not drawn (again) yet."""
    try:
        stored = json.loads((_folder() / _sizes_name(digest)).read_text())
    except (OSError, ValueError):
        return None
    if isinstance(stored, dict):
        return stored.get("problem") if stored.get("problem") in PROBLEMS else None
    sizes = [PageSize(**size) for size in stored]
    # Pictures cleared away while their sizes stayed are drawn again, by the worker.
    if not all((_folder() / _page_name(digest, number)).exists() for number in range(1, len(sizes) + 1)):
        return None
    return sizes


def _folder():
    return Path(settings.MEDIA_ROOT) / FOLDER


def _page_name(digest, number):
    return f"{digest}-{number}-{SCREEN_DPI}.png"


def _sizes_name(digest):
    return f"{digest}-{SCREEN_DPI}.json"
