"""Checks of evidence files before they are stored: partners' and the programme team's.

What is accepted and how (recognised by content, images re-encoded and made smaller, the
name's extension following the type) is core.uploaded_files, for every upload.
"""

from django.conf import settings

from core.uploaded_files import PROOF_TYPES, FileRefused, accepted_upload


class EvidenceRefused(Exception):
    """The file cannot be kept as evidence; the message says why, translated."""


def checked_evidence(upload):
    """Return (content file, content type) for an upload, or raise EvidenceRefused."""
    try:
        content, file_type = accepted_upload(upload, PROOF_TYPES, settings.EVIDENCE_UPLOAD_MAX_BYTES)
    except FileRefused as error:
        raise EvidenceRefused(str(error)) from None
    return content, file_type.content_type
