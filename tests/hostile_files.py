"""Files made to hurt a server that opens them; no Django here, so the load test can use them too."""

import io
import struct
import zipfile
import zlib

# What an attacker appends to a real image, or puts behind a signature, for a browser or
# Windows to run once the file is opened under a name ending in .html, .svg or .hta.
PAGE = b"<html><body><script>alert(document.cookie)</script></body></html>"
HTA = b'<html><head><hta:application id="x"/></head><script language="VBScript">CreateObject("WScript.Shell").Run "calc"</script></html>'
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><rect width="10" height="10"/></svg>'
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def zip_bomb(workbook, megabytes=310):
    """The XLSX `workbook` (bytes) carrying one more part of `megabytes` MB of zeros, about 1.3 MB packed."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        with target.open("xl/media/image1.bin", "w", force_zip64=True) as part:
            zeros = bytes(1 << 20)
            for _megabyte in range(megabytes):
                part.write(zeros)
    return bomb.getvalue()


def pixel_bomb_png(width=13_000, height=13_000):
    """A grey PNG of width x height pixels: about 165 KB packed for 13000 x 13000, 169 MB and more once decoded."""
    packer = zlib.compressobj(9)
    row = bytes(1 + width)  # each row: filter type 0, then one zero byte a pixel
    pixels = b"".join(packer.compress(row) for _row in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return PNG_SIGNATURE + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
