"""Why a scan could not be read: a short code stored on the attachment, its sentence translated when shown.

The worker reads in no one's language; the officer and the auditor read the reason in theirs.
"""

from django.utils.translation import gettext_lazy as _

TOO_LARGE = "too_large"
UNREADABLE = "unreadable"
NO_OCR = "no_ocr"
FAILED = "failed"

REASONS = {
    TOO_LARGE: _("too many pages or pixels to be read"),
    UNREADABLE: _("damaged, protected by a password, or not a document"),
    NO_OCR: _("text recognition is not installed on the server"),
    FAILED: _("an error stopped the reading"),
}


def reading_error_text(code):
    """The reason `code` in the active language; an unknown code (older data) as the general one."""
    return str(REASONS.get(code, REASONS[FAILED])) if code else ""
