"""Plain names for files that came from people's computers or are named after typed codes."""

import re
import unicodedata
from pathlib import PurePosixPath

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
