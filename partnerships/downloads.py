"""How the application hands out files: under plain names, as attachments, logged."""

import re
import unicodedata
from pathlib import PurePosixPath

from django.http import FileResponse, Http404

from partnerships.access_log import record_access
from partnerships.models import AccessAction

NOT_PLAIN = re.compile(r"[^A-Za-z0-9_.-]")


def safe_filename(name, default="file"):
    """Return `name` as a plain ASCII file name that any browser saves as it is.

    Names of uploaded files come from people's computers and programme codes are typed
    in the admin: folders are dropped, accents folded (réunion -> reunion), spaces become
    underscores, and anything but letters, digits, - _ and . goes, so the name needs no
    quoting in Content-Disposition and cannot point outside the download folder.
    """
    base = PurePosixPath(str(name).replace("\\", "/")).name
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii").replace(" ", "_")
    stem, dot, suffix = folded.rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    stem = NOT_PLAIN.sub("", stem).strip(".") or default
    suffix = NOT_PLAIN.sub("", suffix)
    return f"{stem}.{suffix}" if suffix else stem


def stored_file_response(request, stored, what, filename=None, content_type=None):
    """Hand out a file kept under MEDIA_ROOT as an attachment, and log who took it.

    `stored` is the model's FieldFile; `what` says in the access log which file it was.
    Files are never served straight from MEDIA_ROOT: every download passes a view that
    has checked the reader may see it, and then this.
    """
    if not stored:
        raise Http404("No file")
    handle = stored.open("rb")
    record_access(request, AccessAction.DOWNLOADED, what)
    return FileResponse(
        handle, as_attachment=True, filename=safe_filename(filename or stored.name), content_type=content_type
    )
