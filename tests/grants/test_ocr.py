"""Reading the words of invoice documents (grants/ocr.py, issue 17).

The documents are made here: an invoice laid out in HTML and printed by WeasyPrint to a PDF
with a text layer, the same page as a picture, a scanned PDF holding only that picture, and a
phone photo drawn with Pillow (turned 3 degrees, faded, unevenly lit, blurred, JPEG).
Tests that need Tesseract are skipped when it is not installed (`make test` installs it).
"""

import io
import shutil
import struct
import threading
import time
import zlib

import pypdfium2
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from demo.documents import scan_pdf
from grants import ocr
from grants.ocr import DocumentTooLarge, DocumentUnreadable, OcrUnavailable

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed (make test installs it)"
)

# Absolutely placed on a page without margins, so that where each line is printed is known:
# 20 mm at 200 dpi is 157.5 pixels.
INVOICE_HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 0 }
body { margin: 0; font-family: "DejaVu Sans", sans-serif; font-size: 11pt }
p { position: absolute; margin: 0; line-height: 1.2 }
</style></head><body>
<p style="left: 20mm; top: 20mm">Quincaillerie Adjovi SARL, Cotonou</p>
<p style="left: 120mm; top: 20mm">Facture n° FA-2025-0142</p>
<p style="left: 120mm; top: 27mm">Cotonou, le 12 mars 2025</p>
<p style="left: 20mm; top: 45mm">Doit : Mairie de Bohicon</p>
<p style="left: 20mm; top: 70mm">Ciment CPJ 35, 120 sacs</p><p style="left: 150mm; top: 70mm">660 000</p>
<p style="left: 20mm; top: 77mm">Fer à béton 10 mm, 80 barres</p><p style="left: 150mm; top: 77mm">340 000</p>
<p style="left: 20mm; top: 84mm">Transport et livraison</p><p style="left: 150mm; top: 84mm">250 000</p>
<p style="left: 20mm; top: 100mm"><b>Total TTC</b></p><p style="left: 130mm; top: 100mm"><b>1 250 000 FCFA</b></p>
</body></html>"""

MM = ocr.READ_DPI / 25.4


def millimetres(pixels):
    return pixels / MM


def lines_of(page):
    lines = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word)
    return list(lines.values())


def line_with(page, text):
    return next(line for line in lines_of(page) if text in [word.text for word in line])


def texts(words):
    return [word.text for word in words]


@pytest.fixture(scope="module")
def invoice_pdf():
    from weasyprint import HTML  # a second to import: only for the tests that print

    return HTML(string=INVOICE_HTML).write_pdf()


@pytest.fixture(scope="module")
def invoice_png(invoice_pdf):
    return ocr.page_images(invoice_pdf, "application/pdf")[0]


def photographed_invoice(angle):
    """A phone photo of a printed invoice: turned `angle` degrees, faded, lit from one side, blurred."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("DejaVuSans.ttf", 30)
    bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 34)
    draw.text((120, 120), "Établissements Houngbo & Fils", font=bold, fill=0)
    draw.text((120, 180), "Porto-Novo, Bénin", font=font, fill=0)
    draw.text((720, 300), "FACTURE N° F-2025-0042", font=font, fill=0)
    draw.text((720, 350), "Date : 12/03/2025", font=font, fill=0)
    draw.text((120, 450), "Doit : Commune de Bohicon", font=font, fill=0)
    for row, (label, amount) in enumerate((("Tables d'écolier", "450 000"), ("Bancs", "300 000"))):
        draw.text((120, 600 + 60 * row), label, font=font, fill=0)
        draw.text((860, 600 + 60 * row), amount, font=font, fill=0)
    draw.text((120, 800), "TOTAL TTC", font=bold, fill=0)
    draw.text((780, 800), "750 000 FCFA", font=bold, fill=0)
    photo = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=150)
    photo = ImageEnhance.Contrast(photo).enhance(0.35)
    shade = Image.linear_gradient("L").rotate(90).resize(photo.size).point(lambda value: 255 - value // 3)
    photo = Image.composite(photo, Image.new("L", photo.size, 0), shade).filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    photo.convert("RGB").save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def png_header_only(width, height):
    """A PNG that says it is width x height and holds a single empty row: a pixel bomb's header."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def must_not_run(*args, **kwargs):
    raise AssertionError("called")


def blank_pdf(page_count, width=595, height=842):
    pdf = pypdfium2.PdfDocument.new()
    for _ in range(page_count):
        pdf.new_page(width, height)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def test_pdf_with_a_text_layer_is_read_without_tesseract(invoice_pdf, monkeypatch):
    monkeypatch.setattr(pytesseract, "image_to_data", must_not_run)

    (page,) = ocr.read_document(invoice_pdf, "application/pdf")

    assert page.from_text_layer is True
    assert (page.number, page.width, page.height) == (1, 1654, 2339)
    assert all(word.confidence == 100 for word in page.words)
    assert texts(line_with(page, "FA-2025-0142"))[-3:] == ["Facture", "n°", "FA-2025-0142"]


def test_text_layer_words_are_placed_where_they_were_printed(invoice_pdf):
    (page,) = ocr.read_document(invoice_pdf, "application/pdf")

    number = next(word for word in page.words if word.text == "FA-2025-0142")
    facture = next(word for word in page.words if word.text == "Facture")
    x0, y0, x1, y1 = number.box

    assert millimetres(facture.box[0]) == pytest.approx(120, abs=1)
    assert millimetres(y0) == pytest.approx(20, abs=1.5)
    assert 2 < millimetres(y1 - y0) < 7
    assert x1 > x0 > facture.box[2]


def test_text_layer_keeps_a_label_and_its_amount_on_one_line(invoice_pdf):
    (page,) = ocr.read_document(invoice_pdf, "application/pdf")

    assert texts(line_with(page, "TTC")) == ["Total", "TTC", "1", "250", "000", "FCFA"]


def test_page_images_draw_the_page_as_its_words_are_placed(invoice_pdf, invoice_png):
    (page,) = ocr.read_document(invoice_pdf, "application/pdf")

    with Image.open(io.BytesIO(invoice_png)) as image:
        assert image.format == "PNG"
        assert image.size == (page.width, page.height)
        number = next(word for word in page.words if word.text == "FA-2025-0142")
        assert image.convert("L").crop(number.box).getextrema()[0] < 100


@needs_tesseract
def test_picture_of_the_page_is_read_by_tesseract_with_the_amount_in_place(invoice_pdf, invoice_png):
    (from_text,) = ocr.read_document(invoice_pdf, "application/pdf")

    (page,) = ocr.read_document(invoice_png, "image/png")

    assert page.from_text_layer is False
    total = line_with(page, "TTC")
    assert texts(total) == ["Total", "TTC", "1", "250", "000", "FCFA"]
    read_box = next(word.box for word in total if word.text == "FCFA")
    printed_box = next(word.box for word in from_text.words if word.text == "FCFA")
    assert read_box == pytest.approx(printed_box, abs=12)
    assert all(0 <= word.confidence <= 100 for word in page.words)


@needs_tesseract
def test_scanned_pdf_without_text_layer_is_rendered_and_read(invoice_png):
    buffer = io.BytesIO()
    Image.open(io.BytesIO(invoice_png)).convert("L").save(buffer, format="PDF", resolution=ocr.READ_DPI)

    (page,) = ocr.read_document(buffer.getvalue(), "application/pdf")

    assert page.from_text_layer is False
    assert page.width == pytest.approx(1654, abs=1)
    assert page.height == pytest.approx(2339, abs=1)
    assert "FA-2025-0142" in texts(page.words)
    (png,) = ocr.page_images(buffer.getvalue(), "application/pdf")
    assert Image.open(io.BytesIO(png)).size == (page.width, page.height)


@needs_tesseract
def test_turned_faded_photo_yields_its_key_words_once_prepared():
    photo = photographed_invoice(angle=3)

    (page,) = ocr.read_document(photo, "image/jpeg")

    words = texts(page.words)
    assert "F-2025-0042" in words
    assert "12/03/2025" in words
    assert "Bohicon" in words
    assert texts(line_with(page, "TOTAL"))[-3:] == ["750", "000", "FCFA"]


@needs_tesseract
@pytest.mark.parametrize("angle", [90, -90, 180])
def test_photo_taken_sideways_or_upside_down_is_turned_upright(angle):
    photo = photographed_invoice(angle=angle)

    (page,) = ocr.read_document(photo, "image/jpeg")

    assert page.height > page.width
    assert "F-2025-0042" in texts(page.words)


def test_prepare_image_applies_the_exif_orientation_and_greys():
    image = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned a quarter: show the picture turned back
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)

    prepared = ocr.prepare_image(Image.open(buffer))

    assert prepared.mode == "L"
    assert prepared.size == (200, 300)


def test_page_images_of_a_photo_is_the_prepared_photo():
    photo = photographed_invoice(angle=3)

    (png,) = ocr.page_images(photo, "image/jpeg")

    with Image.open(io.BytesIO(png)) as drawn:
        assert drawn.size == ocr.prepare_image(Image.open(io.BytesIO(photo))).size


def test_image_over_the_pixel_limit_is_refused_before_it_is_decoded():
    bomb = png_header_only(30_000, 30_000)

    with pytest.raises(DocumentTooLarge, match="million pixels"):
        ocr.read_document(bomb, "image/png")
    with pytest.raises(DocumentTooLarge):
        ocr.page_images(bomb, "image/png")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_image_just_over_the_limit_is_refused_from_its_header(monkeypatch):
    monkeypatch.setattr(Image.Image, "load", must_not_run)

    with pytest.raises(DocumentTooLarge):
        ocr.read_document(png_header_only(8_000, 6_000), "image/png")


def test_pdf_with_too_many_pages_is_refused():
    with pytest.raises(DocumentTooLarge, match="pages"):
        ocr.read_document(blank_pdf(ocr.MAX_PAGES + 1), "application/pdf")


def test_pdf_page_too_large_to_render_is_refused():
    poster = blank_pdf(1, width=14_400, height=14_400)

    with pytest.raises(DocumentTooLarge, match="million pixels"):
        ocr.page_images(poster, "application/pdf")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"%PDF-1.7\nnot really\n%%EOF", "application/pdf"),
        (b"\xff\xd8\xff\xe0 broken", "image/jpeg"),
        (b"a;b\n1;2\n", "text/csv"),
    ],
)
def test_damaged_or_unknown_documents_are_unreadable(data, content_type):
    with pytest.raises(DocumentUnreadable):
        ocr.read_document(data, content_type)


def test_scan_without_tesseract_installed_says_so(monkeypatch, invoice_png):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")

    with pytest.raises(OcrUnavailable):
        ocr.read_document(invoice_png, "image/png")


def pdf_with_a_broken_page():
    """A PDF that opens and counts one page, whose page object is not there."""
    return scan_pdf("FACTURE", ["Facture n° 1"]).replace(b"/Kids [3 0 R]", b"/Kids [9 0 R]")


@pytest.mark.parametrize("function", [ocr.read_document, ocr.page_images])
def test_a_pdf_whose_page_pdfium_cannot_load_is_unreadable_not_an_error(function):
    with pytest.raises(DocumentUnreadable, match="damaged"):
        function(pdf_with_a_broken_page(), "application/pdf")


def test_a_pdf_page_that_fails_to_render_is_unreadable_not_an_error(monkeypatch):
    def failing_render(*args, **kwargs):
        raise pypdfium2.PdfiumError("Failed to render.")

    monkeypatch.setattr(pypdfium2.PdfPage, "render", failing_render)

    with pytest.raises(DocumentUnreadable, match="damaged"):
        ocr.page_images(blank_pdf(1), "application/pdf")


def test_the_page_count_measures_each_page_and_refuses_a_broken_one():
    assert ocr.pdf_page_count(blank_pdf(3)) == 3
    with pytest.raises(DocumentUnreadable, match="damaged"):
        ocr.pdf_page_count(pdf_with_a_broken_page())


def test_two_threads_drawing_pdfs_at_once_both_succeed_and_never_call_pdfium_together(monkeypatch):
    """PDFium is not thread-safe: the web server's threads take turns in it."""
    render, inside, most_inside = pypdfium2.PdfPage.render, [0], [0]

    def watched_render(page, *args, **kwargs):
        inside[0] += 1
        most_inside[0] = max(most_inside[0], inside[0])
        # Long enough for the other thread to come in, were it not kept out.
        time.sleep(0.05)
        try:
            return render(page, *args, **kwargs)
        finally:
            inside[0] -= 1

    monkeypatch.setattr(pypdfium2.PdfPage, "render", watched_render)
    start, results = threading.Barrier(2), {}

    def draw(name, data):
        start.wait()
        results[name] = ocr.page_images(data, "application/pdf", dpi=36)

    threads = [threading.Thread(target=draw, args=(name, blank_pdf(3))) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert {name: len(images) for name, images in results.items()} == {"first": 3, "second": 3}
    assert most_inside[0] == 1
