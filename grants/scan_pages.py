"""The pages of an invoice scan or proof of payment as pictures for the screen, drawn once.

A page is drawn by grants.ocr.page_images at READ_DPI, the picture the reading measured its
boxes on (a scanned page is straightened there, and at another resolution it could turn by
another angle), then scaled down to SCREEN_DPI; a photo is its prepared self, scaled the same.
The pictures are kept under MEDIA_ROOT/scan-pages, named after the document's SHA-256, so a
document is drawn once whoever looks at it. Beside them a small JSON file gives each page's
sizes; it is written last, so when it is there every page is.
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from core.uploaded_files import PROOF_TYPES, detected_type
from core.whole_files import write_whole
from grants.ocr import READ_DPI, DocumentUnreadable, page_images

# An A4 page 992 pixels wide: about a laptop screen's column, sharp enough to read the small
# print of an invoice when zoomed in twice.
SCREEN_DPI = 120
FOLDER = "scan-pages"
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class PageSize:
    width: int  # pixels of the picture sent to the screen
    height: int
    read_width: int  # pixels of the page the reading placed its boxes on (READ_DPI)
    read_height: int


def page_sizes(attachment):
    """Return the PageSize of each page of the attachment's file, drawing its pages if not done yet.

    Raises DocumentUnreadable (with the reason in the reader's language) for a missing,
    damaged, oversized or unknown file.
    """
    return _sizes_and_digest(attachment)[0]


def page_file(attachment, number):
    """Return the path of the picture of page `number` (from 1), drawing the document's pages if needed.

    Raises DocumentUnreadable as page_sizes does, and LookupError when there is no such page.
    """
    sizes, digest = _sizes_and_digest(attachment)
    if not 1 <= number <= len(sizes):
        raise LookupError(number)
    path = _folder() / _page_name(digest, number)
    if not path.exists():
        # The pictures were cleared away and their sizes left: draw them again.
        _draw(_file_bytes(attachment), digest)
    return path


def _sizes_and_digest(attachment):
    if not attachment.file:
        raise DocumentUnreadable(_("The file is missing."))
    # The digest names files on disk: only a digest, never a path, however the field was filled.
    digest = attachment.sha256 if SHA256.fullmatch(attachment.sha256 or "") else ""
    sizes = _cached_sizes(digest) if digest else None
    if sizes is None:
        # Demo files and files stored before issue 17 have no SHA-256 yet.
        data = _file_bytes(attachment)
        digest = digest or hashlib.sha256(data).hexdigest()
        sizes = _cached_sizes(digest) or _draw(data, digest)
    return sizes, digest


def _file_bytes(attachment):
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except OSError:
        raise DocumentUnreadable(_("The file is missing.")) from None


def _draw(data, digest):
    file_type = detected_type(data)
    if file_type not in PROOF_TYPES:
        raise DocumentUnreadable(_("Only PDF, JPEG and PNG documents are shown."))
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


def _cached_sizes(digest):
    try:
        stored = json.loads((_folder() / _sizes_name(digest)).read_text())
    except (OSError, ValueError):
        return None
    return [PageSize(**size) for size in stored]


def _folder():
    return Path(settings.MEDIA_ROOT) / FOLDER


def _page_name(digest, number):
    return f"{digest}-{number}-{SCREEN_DPI}.png"


def _sizes_name(digest):
    return f"{digest}-{SCREEN_DPI}.json"
