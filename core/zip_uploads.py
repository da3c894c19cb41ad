"""The files inside an uploaded ZIP, taken out within limits that no archive can get round.

A ZIP's directory declares each member's size; Python's zipfile stops reading a member at
its declared size and checks its CRC, so the declared sizes bound what is decompressed.
They are checked before anything is read: too many members, too many bytes in all, or one
member that would grow more than MAX_RATIO times (a ZIP bomb) refuses the whole archive.
Folders, hidden files and the Mac's `__MACOSX` copies are left out; a member's name is kept
without its folders, so no name can point outside where it is stored.

Several ZIPs of one upload share one allowance: the caller passes each the members and bytes
the ones before it left (below RATIO_FROM_BYTES a member's ratio is not checked, so only the
sum of the declared sizes bounds what an upload of many small bombs would unpack).
"""

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.uploaded_files import FileRefused

# A real scan compresses at most a few times; text and blank pages up to some tens.
MAX_RATIO = 100
# Below this, a member's ratio says nothing: a tiny blank page compresses very well.
RATIO_FROM_BYTES = 1_048_576


class ZipTooLarge(FileRefused):
    """The ZIP holds more members (`is_member_count`) or more bytes than it may: refused before anything is unpacked."""

    def __init__(self, message, *, is_member_count):
        super().__init__(message)
        self.is_member_count = is_member_count


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes


def is_zip(data):
    return data.startswith(b"PK\x03\x04")


def zip_members(data, *, max_members, max_total_bytes):
    """The files of the ZIP `data` (bytes), in the archive's order, or FileRefused saying why."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [entry for entry in archive.infolist() if _is_a_file(entry)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise FileRefused(_("The ZIP file cannot be read.")) from None
    if len(entries) > max_members:
        raise ZipTooLarge(
            ngettext(
                "The ZIP file holds more than %(limit)s file: send it in parts.",
                "The ZIP file holds more than %(limit)s files: send it in parts.",
                max_members,
            )
            % {"limit": max_members},
            is_member_count=True,
        )
    if sum(entry.file_size for entry in entries) > max_total_bytes:
        raise ZipTooLarge(
            _("Unpacked, the ZIP file would take more than %(limit)s MB: send it in parts.")
            % {"limit": max_total_bytes // 1_048_576},
            is_member_count=False,
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise FileRefused(_("The ZIP file is protected by a password: send it without one."))
        if entry.file_size > RATIO_FROM_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise FileRefused(_("The ZIP file cannot be read."))
    try:
        return [Member(_plain_name(entry.filename), archive.read(entry)) for entry in entries]
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise FileRefused(_("The ZIP file cannot be read.")) from None


def _is_a_file(entry):
    if entry.is_dir():
        return False
    parts = entry.filename.replace("\\", "/").split("/")
    return parts[0] != "__MACOSX" and not parts[-1].startswith(".")


def _plain_name(name):
    return name.replace("\\", "/").rsplit("/", 1)[-1]
