"""Files taken out of an uploaded ZIP, and the archives refused before anything is unpacked."""

import io
import struct
import zipfile

import pytest

from core.uploaded_files import FileRefused
from core.zip_uploads import Member, ZipTooLarge, zip_members

LIMITS = {"max_members": 10, "max_total_bytes": 5_000_000}


def zip_of(files, compression=zipfile.ZIP_DEFLATED, **kwargs):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, **kwargs) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_files_come_out_without_their_folders_and_in_order():
    data = zip_of({"scans/F-001.pdf": b"%PDF-1", "F-002.jpg": b"\xff\xd8\xff", "scans/": b""})

    assert zip_members(data, **LIMITS) == [Member("F-001.pdf", b"%PDF-1"), Member("F-002.jpg", b"\xff\xd8\xff")]


def test_folders_hidden_files_and_mac_copies_are_left_out():
    data = zip_of({"__MACOSX/._F-001.pdf": b"x", ".DS_Store": b"x", "a/.hidden": b"x", "F-001.pdf": b"%PDF-1"})

    assert [member.name for member in zip_members(data, **LIMITS)] == ["F-001.pdf"]


def test_a_name_cannot_point_outside_where_it_is_stored():
    data = zip_of({"../../etc/passwd": b"x", "..\\..\\boot.ini": b"y"})

    assert [member.name for member in zip_members(data, **LIMITS)] == ["passwd", "boot.ini"]


def test_too_many_files_are_refused_before_any_is_read():
    data = zip_of({f"F-{n}.pdf": b"%PDF-1" for n in range(11)})

    with pytest.raises(FileRefused, match="more than 10 files"):
        zip_members(data, **LIMITS)


def test_an_archive_that_would_unpack_to_more_than_the_limit_is_refused():
    data = zip_of({"a.pdf": b"0" * 3_000_000, "b.pdf": b"0" * 3_000_000})

    with pytest.raises(FileRefused, match="more than 4 MB"):
        zip_members(data, **LIMITS)


def test_a_zip_bomb_is_refused_by_its_ratio():
    data = zip_of({"bomb.pdf": b"\0" * 4_000_000})

    with pytest.raises(FileRefused, match="cannot be read"):
        zip_members(data, **LIMITS)


def test_a_member_that_lies_about_its_size_gives_no_more_than_it_declared():
    """zipfile stops at the declared size and checks the CRC: the lie is refused, not unpacked."""
    data = bytearray(zip_of({"small.pdf": b"A" * 100_000}))
    # Declare 10 bytes in the local header and the central directory.
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)

    with pytest.raises(FileRefused, match="cannot be read"):
        zip_members(bytes(data), **LIMITS)


def test_a_password_protected_archive_is_refused_with_a_reason():
    data = bytearray(zip_of({"F-001.pdf": b"%PDF-1"}, compression=zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.index(signature)
        struct.pack_into("<H", data, start + offset, 0x1)

    with pytest.raises(FileRefused, match="password"):
        zip_members(bytes(data), **LIMITS)


def test_what_is_not_a_zip_is_refused():
    with pytest.raises(FileRefused, match="cannot be read"):
        zip_members(b"PK\x03\x04 broken", **LIMITS)


@pytest.mark.parametrize(
    ("files", "is_member_count"),
    [({f"F-{n}.pdf": b"%PDF-1" for n in range(11)}, True), ({"a.pdf": b"0" * 6_000_000}, False)],
)
def test_an_archive_over_a_limit_says_which_so_that_an_upload_of_several_can_refuse_as_a_whole(files, is_member_count):
    with pytest.raises(ZipTooLarge) as refused:
        zip_members(zip_of(files), **LIMITS)

    assert refused.value.is_member_count is is_member_count
