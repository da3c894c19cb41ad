"""How the application hands out files: under plain names, as attachments, logged, never as a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import FileResponse, Http404

from core.file_names import safe_filename
from core.uploaded_files import ACCEPTED, UNRECOGNISED, stored_name, stored_type
from partnerships.access_log import record_access
from partnerships.models import AccessAction

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile
    from django.http import HttpRequest


def stored_file_response(
    request: HttpRequest, stored: FieldFile, what: str, filename: str | None = None, content_type: str | None = None
) -> FileResponse:
    """Hand out a file kept under MEDIA_ROOT as an attachment, and log who took it.

    `stored` is the model's FieldFile; `what` says in the access log which file it was.
    Files are never served straight from MEDIA_ROOT: every download passes a view that
    has checked the reader may see it, and then this.

    The type sent is `content_type` when it is one of the accepted types (evidence keeps the
    type found when it was uploaded, an annual report its format), else the type found in
    the file's content, and the name's extension follows it: a PDF stored as attendance.hta
    before uploads were renamed leaves as attendance.pdf. Anything else leaves as
    application/octet-stream, never as text/html or another type a browser shows or runs,
    under the name the application gave it (`filename`) or, when it came with an upload,
    as .bin. SecurityMiddleware adds X-Content-Type-Options: nosniff to every response.
    """
    if not stored:
        raise Http404("No file")
    handle = stored.open("rb")
    file_type = next((kind for kind in ACCEPTED if kind.content_type == content_type), None) or stored_type(handle)
    if file_type is None and filename:
        name = safe_filename(filename)
    else:
        name = stored_name(filename or stored.name, file_type or UNRECOGNISED)
    record_access(request, AccessAction.DOWNLOADED, what)
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=(file_type or UNRECOGNISED).content_type
    )
