"""Tiny generated attachments for the demo: invoice scans (PDF) and evidence photos (PNG).

Real uploads are stored under MEDIA_ROOT; the demo stores these instead, so its claims
and reports carry files without shipping binary fixtures. Standard library only.
"""

import random
import struct
import zlib

# A4 portrait in PDF points, and the text layout of a scan.
PAGE_WIDTH, PAGE_HEIGHT = 595, 842
MARGIN = 56
TITLE_SIZE, TEXT_SIZE, LEADING = 14, 11, 16
# The lines that fit under the title; a scan is one page, so later lines are left out.
MAX_LINES = (PAGE_HEIGHT - 2 * MARGIN - 2 * LEADING) // LEADING


def scan_pdf(title, lines):
    """Return a one-page PDF with `title` in bold and then `lines`, in Helvetica.

    Text is encoded in WinAnsi (Windows-1252), the encoding of the standard PDF fonts,
    so French and Spanish accents show; other characters become "?".
    """
    text = [
        "BT",
        "/F2 %d Tf" % TITLE_SIZE,
        "%d %d Td" % (MARGIN, PAGE_HEIGHT - MARGIN - TITLE_SIZE),
        "%d TL" % LEADING,
        "%s Tj" % _pdf_string(title),
        "/F1 %d Tf" % TEXT_SIZE,
        "T*",
        *("T* %s Tj" % _pdf_string(line) for line in lines[:MAX_LINES]),
        "ET",
        # A thin frame, as a scanned sheet has an edge.
        "0.6 G 0.5 w %d %d %d %d re S" % (MARGIN // 2, MARGIN // 2, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN),
    ]
    content = "\n".join(text).encode("ascii")
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT)
        ).encode("ascii"),
        (font % "Helvetica").encode("ascii"),
        (font % "Helvetica-Bold").encode("ascii"),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    # The binary comment after the header tells transfer tools the file is binary
    # (ISO 32000-1, 7.5.2).
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    pdf += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(pdf)


def _pdf_string(text):
    """Return `text` as a PDF literal string: WinAnsi bytes, non-ASCII ones as octal escapes."""
    escaped = bytearray()
    for byte in text.encode("cp1252", errors="replace"):
        if byte in b"()\\":
            escaped += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            escaped += b"\\%03o" % byte
        else:
            escaped.append(byte)
    return "(%s)" % escaped.decode("ascii")


def photo_png(width=64, height=48, seed=0):
    """Return a small RGB PNG: a sky over a field, with colours chosen by `seed`.

    Same seed, same bytes, so demo files do not change between loads.
    """
    rng = random.Random(seed)  # nosec B311 # picks demo colours, nothing secret
    sky = [rng.randint(90, 170), rng.randint(150, 210), 235]
    ground = [rng.randint(90, 160), rng.randint(110, 170), rng.randint(30, 80)]
    horizon = height * rng.randint(40, 60) // 100
    rows = []
    for y in range(height):
        if y < horizon:
            # Lighter towards the horizon, as a real sky is.
            shade = 40 * y // max(horizon, 1)
            colour = bytes(min(255, channel + shade) for channel in sky)
            row = colour * width
        else:
            # Furrows: stripes across the field.
            dark = bytes(channel * 3 // 4 for channel in ground)
            row = b"".join(dark if (x + y) % 8 < 2 else bytes(ground) for x in range(width))
        rows.append(b"\x00" + row)  # filter type 0: the row as it is
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
