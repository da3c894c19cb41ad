"""Where uploaded statements wait, between the upload and the confirmation of their import.

A statement that is previewed but never confirmed stays here until `prune_uploads`
deletes it: the session that knew it may be long gone. The invoice scans sent with it wait
beside it, and go in with it on confirmation.
"""

import zipfile
from pathlib import Path

from django.conf import settings

from core.zip_uploads import zip_members


def upload_folder():
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def scans_keep(path, files):
    """Keep the scans sent with a statement, as sent, in one uncompressed ZIP at `path` (name, bytes pairs).

    One file per upload, named like the statement's, so that `prune_uploads` deletes it with
    the statement when the import is never confirmed.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, (name, data) in enumerate(files):
            # A numbered folder keeps two files of the same name apart; zip_members drops it.
            folder = f"{number:04d}"
            archive.writestr(f"{folder}/{_kept_name(name) or folder}", data)


def _kept_name(name):
    """`name` without what would make zip_members leave the scan out when it is taken back: the
    dots that make ".F-12.pdf" a hidden file, and folders before a backslash."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].lstrip(".")


def scans_kept(path):
    """The (name, bytes) pairs scans_keep kept at `path`."""
    members = zip_members(
        Path(path).read_bytes(),
        max_members=settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        max_total_bytes=settings.SCAN_UPLOAD_MAX_BYTES,
    )
    return [(member.name, member.data) for member in members]
