"""The words printed on an invoice scan or PDF, each with its place on the page and its line.

A PDF page with a text layer is read from it, without Tesseract: its words are certain
(confidence 100) and exactly placed. A page without one (a scanned PDF) and a JPEG or PNG
photo are prepared (`prepare_image`, the one place of orientation, contrast and deskew) and
read by Tesseract through pytesseract. Boxes are in pixels of the page as `page_images`
draws it, origin top-left: for a PDF page, its rendering at READ_DPI; for a photo, the photo
as prepared (its own pixels, turned upright and straightened).

Documents above the upload limits of core/uploaded_files.py are refused before any pixel
is decoded or rendered (DocumentTooLarge), as are documents of more than MAX_PAGES pages.

PDFium is not thread-safe, not even for different documents, and the invoice page draws
scans from the web server's threads: every call into pypdfium2 goes through this module,
under `pdfium()`. Pages and bitmaps are closed under it too, never left to the garbage
collector, which could run their finalizers in another thread at any moment.
"""

import ctypes
import io
import math
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytesseract
from django.utils.translation import gettext as _
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from core.uploaded_files import JPEG, MAX_IMAGE_PIXELS, PDF, PNG

READ_DPI = 200
LANGUAGES = "fra+spa+nld+eng"
# An invoice with its proof of payment is a few pages; each scanned page costs the worker
# about two seconds of Tesseract.
MAX_PAGES = 20
# A PDF page counts as having a text layer from this many letters and digits: a scan's
# "Scanned by CamScanner" stamp has 19, the shortest invoice a few hundred.
TEXT_LAYER_MIN_CHARACTERS = 50
# A4 at 300 dpi: more pixels than this slow Tesseract down without reading better.
MAX_READ_SIDE = 3508
# Page segmentation mode 4, "a single column of text of variable sizes": it keeps each row of
# an invoice's table on one line ("Total TTC ... 1 250 000 FCFA"), where modes 3 and 11 split
# the row's label from its amount into separate blocks and mode 6 misreads two-column headers.
# Tesseract's own global (Otsu) threshold is kept: on pages that prepare_image has evenly lit
# it read as well as its local Sauvola method (thresholding_method=2), with higher confidence.
TESSERACT_CONFIG = "--psm 4"
# Deskew looks for rotations up to this many degrees on a copy this many pixels high or wide.
MAX_SKEW_DEGREES = 5
SKEW_SAMPLE_SIDE = 1000
# Tesseract's orientation detection turns a page half round from this confidence: it said
# "upside down" with 0.4 of an upright photo, 5 to 6 of pages really upside down.
ORIENTATION_MIN_CONFIDENCE = 2
IMAGE_TYPES = {JPEG.content_type: JPEG.label, PNG.content_type: PNG.label}

# Tesseract's OpenMP threads fight over two cores: one thread per page is faster (1.6 s
# instead of 7.6 s for an A4 page here) and leaves the other core to the web server.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# Re-entrant: a page is used under the lock while its document's own use holds it.
_PDFIUM_LOCK = threading.RLock()


class DocumentUnreadable(Exception):
    """The document cannot be read; the message says why, in the reader's language."""


class DocumentTooLarge(DocumentUnreadable):
    """The document has more pages or pixels than the application reads."""


class OcrUnavailable(Exception):
    """Tesseract or one of its languages is not installed: scans cannot be read on this machine."""


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0..100; words of a text layer: 100
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels, origin top-left
    line: int  # running number of the word's line on its page, from 1


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    width: int  # pixels, as page_images draws the page
    height: int
    words: tuple[Word, ...]  # in reading order
    from_text_layer: bool


def read_document(data, content_type, *, languages=LANGUAGES):
    """Return the Pages of a PDF, JPEG or PNG document (bytes) with the words read on each.

    Raises DocumentTooLarge above the page and pixel limits, DocumentUnreadable for a damaged
    or unknown document, OcrUnavailable when a scan needs Tesseract and it is not installed.
    """
    if content_type == PDF.content_type:
        with _opened_pdf(data, READ_DPI) as (pdf, count):
            return [_read_pdf_page(pdf, index, languages) for index in range(count)]
    image = prepare_image(_opened_image(data, content_type))
    return [_read_image(image, 1, languages, dpi=None)]


def page_images(data, content_type, *, dpi=READ_DPI):
    """Return each page of the document as PNG bytes, drawn as read_document placed its words.

    A photo is its prepared self whatever `dpi`; a scanned PDF page is prepared as it is for
    reading, so the boxes of its words fall on this picture at READ_DPI.
    """
    if content_type == PDF.content_type:
        with _opened_pdf(data, dpi) as (pdf, count):
            images = []
            for index in range(count):
                with _pdf_page(pdf, index) as page:
                    image = _rendered(page, dpi)
                    has_text_layer = _has_text_layer(page)
                # Prepared outside the lock: it takes a second, and other threads may wait to draw.
                images.append(_png(image if has_text_layer else prepare_image(image)))
            return images
    return [_png(prepare_image(_opened_image(data, content_type)))]


@contextmanager
def pdfium():
    """Hold the one lock under which pypdfium2 is used, whatever the thread."""
    with _PDFIUM_LOCK:
        yield


def pdf_page_count(data):
    """Return the number of pages of the PDF `data` (bytes), or raise DocumentUnreadable.

    Each page is measured, as reading and drawing it will: a PDF whose page PDFium cannot
    load is refused now rather than failing each time it is looked at.
    """
    with pdfium():
        pdf = _pdf_document(data)
        try:
            count = len(pdf)
            # Above MAX_PAGES the document is refused anyway: its thousand pages are not measured.
            if count <= MAX_PAGES:
                for index in range(count):
                    pdf.get_page_size(index)
        except pypdfium2.PdfiumError:
            raise DocumentUnreadable(_unreadable_pdf_message()) from None
        finally:
            pdf.close()
    return count


def prepare_image(image):
    """Return `image` upright, grey, evenly lit, stretched to full contrast and straightened.

    The one place where scans and photos are made readable: EXIF orientation; shadows and
    uneven light divided out; contrast stretched; a page photographed sideways or upside down
    turned (Tesseract's orientation detection says which way when the lines' profile cannot); a
    tilt of up to MAX_SKEW_DEGREES straightened. It
    does not binarise: Tesseract's own thresholding (TESSERACT_CONFIG) does better on the grey
    page than a global threshold here, and the auditor sees the grey page.
    """
    image = ImageOps.exif_transpose(image)
    if "A" in image.getbands() or "transparency" in image.info:
        image = _on_white(image.convert("RGBA"))
    image = image.convert("L")
    if max(image.size) > MAX_READ_SIDE:
        image.thumbnail((MAX_READ_SIDE, MAX_READ_SIDE), Image.Resampling.LANCZOS)
    image = _stretched(_evenly_lit(image))
    ink = _ink(image)
    turned = _runs_vertically(ink)
    if turned:
        image = _upright_by_orientation_detection(image.transpose(Image.Transpose.ROTATE_90))
        ink = _ink(image)
    angle = _skew(ink)
    if abs(angle) >= 0.1:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        ink = ink.rotate(angle, resample=Image.Resampling.NEAREST)
    if not turned and _hanging_ink(ink) > 1:
        image = _upright_by_orientation_detection(image)
    return image


def _read_pdf_page(pdf, index, languages):
    with _pdf_page(pdf, index) as page:
        if _has_text_layer(page):
            width, height = _pixel_size(page, READ_DPI)
            words = _text_layer_words(page, width, height)
            return Page(number=index + 1, width=width, height=height, words=words, from_text_layer=True)
        image = _rendered(page, READ_DPI)
    # Prepared and read by Tesseract outside the lock: seconds that other threads need not wait.
    return _read_image(prepare_image(image), index + 1, languages, dpi=READ_DPI)


def _read_image(image, number, languages, *, dpi):
    return Page(
        number=number,
        width=image.width,
        height=image.height,
        words=_tesseract_words(image, languages, dpi),
        from_text_layer=False,
    )


def _tesseract_words(image, languages, dpi):
    # A photo's resolution is unknown: Tesseract estimates it from the height of the letters.
    config = TESSERACT_CONFIG if dpi is None else f"{TESSERACT_CONFIG} --dpi {dpi}"
    try:
        data = pytesseract.image_to_data(image, lang=languages, config=config, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable("Tesseract is not installed: scanned documents cannot be read.") from None
    except pytesseract.TesseractError as error:
        if "loading language" in str(error.message):
            raise OcrUnavailable(f"A Tesseract language of {languages} is not installed.") from None
        raise DocumentUnreadable(_("The scan cannot be read.")) from None
    words = []
    line, current = 0, None
    for index, text in enumerate(data["text"]):
        confidence = float(data["conf"][index])
        text = text.strip()
        if not text or confidence < 0:
            continue
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        if key != current:
            line, current = line + 1, key
        left, top = data["left"][index], data["top"][index]
        box = (left, top, left + data["width"][index], top + data["height"][index])
        words.append(Word(text=text, confidence=confidence, box=box, line=line))
    return tuple(words)


@contextmanager
def _opened_pdf(data, dpi):
    """The pypdfium2 document of `data` and its number of pages, checked against the limits
    before a page is drawn. The lock is held while it opens and closes, not in between: each
    page is used under it (_pdf_page), and Tesseract runs without it."""
    with pdfium():
        pdf = _pdf_document(data)
        try:
            count = _checked_page_count(pdf, dpi)
        except BaseException:
            pdf.close()
            raise
    try:
        yield pdf, count
    finally:
        with pdfium():
            pdf.close()


@contextmanager
def _pdf_page(pdf, index):
    """Page `index` of `pdf` under the lock, closed after use; PDFium's errors on it are DocumentUnreadable."""
    with pdfium():
        try:
            page = pdf[index]
        except pypdfium2.PdfiumError:
            raise DocumentUnreadable(_unreadable_pdf_message()) from None
        try:
            yield page
        except pypdfium2.PdfiumError:
            raise DocumentUnreadable(_unreadable_pdf_message()) from None
        finally:
            page.close()


def _pdf_document(data):
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise DocumentUnreadable(_unreadable_pdf_message()) from None


def _unreadable_pdf_message():
    return _("The PDF cannot be read: it is damaged or protected by a password.")


def _checked_page_count(pdf, dpi):
    count = len(pdf)
    if count > MAX_PAGES:
        raise DocumentTooLarge(
            _("The document has %(count)s pages; at most %(limit)s are read.") % {"count": count, "limit": MAX_PAGES}
        )
    for index in range(count):
        try:
            width, height = pdf.get_page_size(index)
        except pypdfium2.PdfiumError:
            raise DocumentUnreadable(_unreadable_pdf_message()) from None
        if width * dpi / 72 * height * dpi / 72 > MAX_IMAGE_PIXELS:
            raise DocumentTooLarge(_pixels_message())
    return count


def _opened_image(data, content_type):
    """The decoded image, refused from its header when it has too many pixels."""
    if content_type not in IMAGE_TYPES:
        raise DocumentUnreadable(_("Only PDF, JPEG and PNG documents are read."))
    try:
        image = Image.open(io.BytesIO(data), formats=[IMAGE_TYPES[content_type]])
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise DocumentTooLarge(_pixels_message())
        if image.format == "JPEG" and max(image.size) > 2 * MAX_READ_SIDE:
            # Decoded at a half, quarter or eighth of its size: prepare_image shrinks it anyway.
            ratio = MAX_READ_SIDE / max(image.size)
            image.draft(image.mode, (round(image.width * ratio), round(image.height * ratio)))
        image.load()
    except Image.DecompressionBombError:
        raise DocumentTooLarge(_pixels_message()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise DocumentUnreadable(_("The image cannot be read.")) from None
    return image


def _pixels_message():
    return _("The document has more than %(limit)s million pixels a page: it cannot be read.") % {
        "limit": MAX_IMAGE_PIXELS // 1_000_000
    }


def _pixel_size(page, dpi):
    """The size of the page rendered at `dpi`, rounded up as pypdfium2 does when rendering."""
    width, height = page.get_size()
    return math.ceil(width * dpi / 72), math.ceil(height * dpi / 72)


def _rendered(page, dpi):
    bitmap = page.render(scale=dpi / 72)
    try:
        # A copy that owns its pixels: the bitmap's memory is PDFium's, freed on closing it.
        return bitmap.to_pil().copy()
    finally:
        bitmap.close()


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _characters(page):
    """(character, left, bottom, right, top in PDF points) of the page's text layer."""
    text_page = page.get_textpage()
    try:
        return [
            (chr(pdfium_c.FPDFText_GetUnicode(text_page, index)), *text_page.get_charbox(index, loose=True))
            for index in range(text_page.count_chars())
        ]
    finally:
        text_page.close()


def _has_text_layer(page):
    text_page = page.get_textpage()
    try:
        text = text_page.get_text_range()
    finally:
        text_page.close()
    return sum(character.isalnum() for character in text) >= TEXT_LAYER_MIN_CHARACTERS


def _text_layer_words(page, width, height):
    """The words of the page's text layer, split at white space and line breaks, in pixels."""
    words, letters, box = [], [], None
    line, line_bottom, line_top = 1, None, None

    def close_word():
        nonlocal letters, box
        if letters:
            words.append(Word(text="".join(letters), confidence=100.0, box=box, line=line))
        letters, box = [], None

    for character, left, bottom, right, top in _characters(page):
        if character in "\r\n":
            close_word()
            if line_top is not None:
                line, line_bottom, line_top = line + 1, None, None
            continue
        if character.isspace() or not character.isprintable():
            close_word()
            continue
        middle = (bottom + top) / 2
        if line_top is None:
            line_bottom, line_top = bottom, top
        elif not line_bottom <= middle <= line_top:
            # Off the line's height without a line break: text placed by position.
            close_word()
            line, line_bottom, line_top = line + 1, bottom, top
        pixels = _device_box(page, width, height, left, bottom, right, top)
        box = pixels if box is None else (*map(min, box[:2], pixels[:2]), *map(max, box[2:], pixels[2:]))
        letters.append(character)
    close_word()
    return tuple(words)


def _device_box(page, width, height, left, bottom, right, top):
    """A box in PDF points as pixels of the page drawn width x height: PDFium applies the
    page's own rotation and the origin of its media box, as it did when rendering it."""
    corners = []
    for x, y in ((left, top), (right, bottom)):
        device_x, device_y = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page, 0, 0, width, height, 0, x, y, device_x, device_y)
        corners.append((device_x.value, device_y.value))
    (x0, y0), (x1, y1) = corners
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _on_white(image):
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _evenly_lit(image):
    """`image` divided by its background: the light of the page estimated where there is no ink
    (the brightest pixels around each place of a shrunk copy), so shadows and a lamp's falloff
    across a photo go, and the page becomes white whatever its light."""
    factor = max(1, min(8, min(image.size) // 64))
    background = image.reduce(factor).filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(3))
    background = numpy.asarray(background.resize(image.size, Image.Resampling.BILINEAR), dtype=numpy.float32)
    pixels = numpy.asarray(image, dtype=numpy.float32)
    return Image.fromarray(numpy.clip(pixels * 255 / numpy.maximum(background, 1), 0, 255).astype(numpy.uint8))


def _stretched(image):
    """The darkest ink made black: a faded or low-contrast page gets its contrast back, but never
    more than four times, which would turn a nearly blank page's paper grain into specks."""
    pixels = numpy.asarray(image)
    darkest = min(float(numpy.percentile(pixels, 0.5)), 255 - 64)
    scale = 255 / (255 - darkest)
    table = [min(255, max(0, round((value - darkest) * scale))) for value in range(256)]
    return image.point(table)


def _ink(image):
    """A small copy of `image` with its ink white on black (Otsu's threshold), for deskewing."""
    sample = image.copy()
    sample.thumbnail((SKEW_SAMPLE_SIDE, SKEW_SAMPLE_SIDE))
    pixels = numpy.asarray(sample)
    return Image.fromarray(((pixels < _otsu_threshold(pixels)) * 255).astype(numpy.uint8))


def _otsu_threshold(pixels):
    counts = numpy.bincount(pixels.ravel(), minlength=256).astype(numpy.float64)
    below = numpy.cumsum(counts)
    below_sum = numpy.cumsum(counts * numpy.arange(256))
    total, total_sum = below[-1], below_sum[-1]
    with numpy.errstate(divide="ignore", invalid="ignore"):
        between = (total_sum * below - below_sum * total) ** 2 / (below * (total - below))
    # A page of one shade has no threshold and no ink.
    return int(numpy.nanargmax(between)) if numpy.isfinite(between).any() else 0


def _line_contrast(ink, angle=0.0):
    """How sharply the rows of `ink` turned by `angle` alternate between text and gaps: largest
    when the text lines lie level (the projection profile method)."""
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST) if angle else ink
    # Rows as their share of ink, so that an image and its quarter turn compare.
    rows = numpy.asarray(turned, dtype=numpy.float64).mean(axis=1) / 255
    return float(numpy.mean(numpy.diff(rows) ** 2)) if rows.size > 1 else 0.0


def _skew(ink):
    """The angle (degrees, counter-clockwise) that levels the text lines of `ink`: 0.5° steps
    over ±MAX_SKEW_DEGREES, then 0.1° steps around the best; 0 when no angle clearly beats it
    (a blank page, a picture without lines of text)."""
    level = _line_contrast(ink)
    coarse = numpy.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=lambda angle: _line_contrast(ink, angle))
    fine = numpy.arange(best - 0.4, best + 0.41, 0.1)
    best = max(fine, key=lambda angle: _line_contrast(ink, angle))
    return round(float(best), 1) if _line_contrast(ink, best) > 1.05 * level else 0.0


def _runs_vertically(ink):
    """Whether the text runs up or down the page (a photo taken sideways): its lines then show
    in the columns' profile, clearly more than in the rows'."""
    across = max(_line_contrast(ink, angle) for angle in (-3, 0, 3))
    turned = ink.transpose(Image.Transpose.ROTATE_90)
    along = max(_line_contrast(turned, angle) for angle in (-3, 0, 3))
    return along > 2 * across


def _hanging_ink(ink):
    """How much more ink the level lines of `ink` have below their middle band than above it.

    Letters reaching up (capitals, digits, b d f h k l t) are far more common than letters
    reaching down (g j p q y): upright lines have less ink below their band than above it (0.05
    to 0.85 on generated invoices), upside-down ones more (1.2 to 21). Blur and lines that merge
    on this small copy make it a hint, not a proof (an upright photo measured 1.4). The middle
    columns only: a desk or a shadow beside the page is no text."""
    pixels = numpy.asarray(ink, dtype=numpy.float64) / 255
    rows = pixels[:, ink.width // 5 : max(1, ink.width - ink.width // 5)].mean(axis=1)
    # A row in a line has some ink, and not the ink of a dark band (a desk, a shadow).
    in_line = (rows > 0.003) & (rows < 0.6)
    above = below = 0.0
    start = None
    for index, inked in enumerate([*in_line, False]):
        if inked and start is None:
            start = index
        elif not inked and start is not None:
            profile = rows[start:index]
            band = numpy.flatnonzero(profile >= profile.max() / 2)
            above += profile[: band[0]].sum()
            below += profile[band[-1] + 1 :].sum()
            start = None
    return below / above if above else 0.0


def _upright_by_orientation_detection(image):
    """`image`, or turned half round when Tesseract's orientation detection is sure it is upside
    down: asked only when the lines' profile hints at it, as it takes a second."""
    try:
        orientation = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError):
        return image
    if orientation["rotate"] == 180 and orientation["orientation_conf"] >= ORIENTATION_MIN_CONFIDENCE:
        return image.transpose(Image.Transpose.ROTATE_180)
    return image
