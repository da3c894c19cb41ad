"""Checks and shrinking of evidence files before they are stored.

Files are recognised by their first bytes, never by their name; photos are resized
so that partner staff on slow connections (and reviewers) open them quickly.
"""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

KINDS = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_SIDE_PIXELS = 1600


class EvidenceRefused(Exception):
    """The file cannot be kept as evidence; the message says why, translated."""


def checked_evidence(upload):
    """Return (content file, content type) for an upload, or raise EvidenceRefused."""
    if upload.size > settings.EVIDENCE_UPLOAD_MAX_BYTES:
        raise EvidenceRefused(
            _("The file is larger than %(limit)s MB.") % {"limit": settings.EVIDENCE_UPLOAD_MAX_BYTES // 1_048_576}
        )
    data = upload.read()
    content_type = next((kind for magic, kind in KINDS.items() if data.startswith(magic)), None)
    if content_type is None:
        raise EvidenceRefused(_("Only PDF, PNG and JPEG files are kept as evidence."))
    if content_type != "application/pdf":
        data = _shrunk(data, content_type)
    return ContentFile(data, name=upload.name), content_type


def _shrunk(data, content_type):
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise EvidenceRefused(_("The image cannot be read.")) from None
    if max(image.size) <= MAX_SIDE_PIXELS:
        return data
    image.thumbnail((MAX_SIDE_PIXELS, MAX_SIDE_PIXELS))
    buffer = io.BytesIO()
    if content_type == "image/jpeg":
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
