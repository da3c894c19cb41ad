"""Generated invoice documents (demo/invoice_documents.py): layouts, variants, limits, repeatability."""

import io
import random
import re
from datetime import date
from decimal import Decimal

import pypdfium2
import pytest
from django.conf import settings
from PIL import Image

from core.uploaded_files import MAX_IMAGE_PIXELS, MAX_SIDE_PIXELS, PROOF_TYPES, detected_type, reencoded_image
from demo.invoice_documents import (
    LANGUAGES,
    PHOTO,
    SCANNED_PDF,
    TEXT_PDF,
    VARIANTS,
    InvoiceTruth,
    french_words,
    generated_set,
    invoice_document,
    spanish_words,
)

SEED = 17
SET_SIZE = len(LANGUAGES) * len(VARIANTS)


def make_line(**overrides):
    line = {
        "supplier": "Imprimerie La Colombe",
        "invoice_number": "FV25-01234",
        "invoice_date": date(2025, 3, 12),
        "amount": Decimal("1250000.00"),
        "currency": "XOF",
        "description": "Impression des supports de l'atelier sur la pisciculture",
        "addressed_to": "Commune de Pèrèrè",
        "paid_by": "partner",
        "vat": None,
    }
    return {**line, **overrides}


def pdf_text(data):
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def digits(text):
    """The text without the separators amounts are printed with, so that amounts compare as digits."""
    return re.sub(r"[\s.,\u00a0\u202f]", "", text)


def printed_digits(amount, currency):
    places = Decimal("1") if currency == "XOF" else Decimal("0.01")
    return format(abs(amount.quantize(places)), "f").replace(".", "")


@pytest.fixture(scope="module")
def documents():
    return list(generated_set(SET_SIZE, SEED))


LAYOUTS = [
    pytest.param("fr", make_line(), id="fr-benin-xof"),
    pytest.param(
        "fr",
        make_line(supplier="Imprimerie Teranga", addressed_to="Mairie de Sokone", amount=Decimal("87525.00")),
        id="fr-senegal-xof",
    ),
    pytest.param(
        "es",
        make_line(
            supplier="Imprenta San Pedro",
            invoice_number="00457/2024",
            amount=Decimal("1250.00"),
            currency="USD",
            description="Impresión de material para el taller sobre piscicultura",
            addressed_to="GAD Municipal de San Felipe de Oña",
        ),
        id="es-ecuador-usd",
    ),
    pytest.param(
        "es",
        make_line(
            supplier="Tipografía San José",
            invoice_number="FAC202412345",
            amount=Decimal("12500.00"),
            currency="NIO",
            description="Impresión de material para el taller sobre género",
            addressed_to="Alcaldía de Nueva Guinea",
        ),
        id="es-nicaragua-nio",
    ),
    pytest.param(
        "nl",
        make_line(
            supplier="Vertaalbureau Lingua Flandria",
            invoice_number="F-2025-00321",
            amount=Decimal("1250.00"),
            currency="EUR",
            description="Vertaling jaarverslag stedenband Frans-Nederlands",
            addressed_to="Gemeente Zemst",
            paid_by="flemish",
        ),
        id="nl-flanders-eur",
    ),
]


@pytest.mark.parametrize("language,line", LAYOUTS)
def test_text_pdf_of_each_layout_holds_the_total_number_and_addressee_in_its_text_layer(language, line):
    data, content_type = invoice_document(line, layout_language=language, rng=random.Random(SEED))

    text = pdf_text(data)
    assert content_type == "application/pdf"
    assert detected_type(data).content_type == "application/pdf"
    assert line["invoice_number"] in text
    assert printed_digits(line["amount"], line["currency"]) in digits(text)
    assert line["addressed_to"] in text.replace("\r\n", " ")


@pytest.mark.parametrize(
    "language,heading,words",
    [
        ("fr", "FACTURE", "Arrêtée la présente facture à la somme de un million deux cent cinquante mille"),
        ("es", "FACTURA", "SON: UN MILLÓN DOSCIENTOS CINCUENTA MIL CON 00/100"),
        ("nl", "FACTUUR", "Vervaldatum: 11/04/2025"),
    ],
)
def test_each_layout_speaks_its_language(language, heading, words):
    data, _ = invoice_document(make_line(), layout_language=language, rng=random.Random(SEED))

    text = pdf_text(data).replace("\r\n", " ")
    assert heading in text
    assert words in text


def test_invoice_with_vat_shows_net_vat_and_total_that_add_up():
    line = make_line(amount=Decimal("118000.00"), vat=Decimal("18000.00"))

    text = digits(pdf_text(invoice_document(line, layout_language="fr", rng=random.Random(SEED))[0]))

    assert "TVA18%" in text
    assert "100000" in text and "18000" in text and "118000" in text


def test_negative_amount_makes_a_credit_note():
    line = make_line(amount=Decimal("-25000.00"), invoice_number="NC-2025-00012")

    text = pdf_text(invoice_document(line, layout_language="fr", rng=random.Random(SEED))[0])

    assert "AVOIR" in text
    assert "-25" in text


def test_invoice_without_addressee_names_a_cash_customer():
    text = pdf_text(invoice_document(make_line(addressed_to=""), layout_language="es", rng=random.Random(SEED))[0])

    assert "Consumidor final" in text


def test_unknown_layout_or_variant_is_refused():
    with pytest.raises(ValueError, match="Unknown layout"):
        invoice_document(make_line(), layout_language="de", rng=random.Random(SEED))
    with pytest.raises(ValueError, match="Unknown variant"):
        invoice_document(make_line(), layout_language="fr", variant="fax", rng=random.Random(SEED))


def test_scanned_pdf_is_one_picture_without_text_layer():
    data, content_type = invoice_document(
        make_line(), layout_language="fr", variant=SCANNED_PDF, rng=random.Random(SEED)
    )

    document = pypdfium2.PdfDocument(data)
    page = document[0]
    kinds = [item.type for item in page.get_objects()]
    assert content_type == "application/pdf"
    assert detected_type(data).content_type == "application/pdf"
    assert len(document) == 1
    assert kinds == [pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    assert page.get_textpage().get_text_range().strip() == ""
    document.close()


def test_photo_is_an_image_the_upload_keeps_as_sent(documents):
    photos = [(data, content_type) for data, content_type, truth in documents if truth.variant == PHOTO]

    for data, content_type in photos:
        file_type = detected_type(data)
        image = Image.open(io.BytesIO(data))
        assert file_type in PROOF_TYPES and file_type.content_type == content_type
        assert content_type in ("image/jpeg", "image/png")
        assert len(data) <= settings.CLAIM_UPLOAD_MAX_BYTES
        assert image.width * image.height <= MAX_IMAGE_PIXELS
        assert max(image.size) == MAX_SIDE_PIXELS
        assert Image.open(io.BytesIO(reencoded_image(data, file_type))).size == image.size


def test_generated_set_holds_every_layout_in_every_variant(documents):
    pairs = {(truth.language, truth.variant) for _, _, truth in documents}

    assert pairs == {(language, variant) for language in LANGUAGES for variant in VARIANTS}
    assert all(isinstance(truth, InvoiceTruth) and isinstance(truth.amount, Decimal) for _, _, truth in documents)


def test_generated_text_pdfs_hold_their_truth(documents):
    for data, _, truth in documents:
        if truth.variant != TEXT_PDF:
            continue
        text = pdf_text(data)
        assert truth.invoice_number in text
        assert printed_digits(truth.amount, truth.currency) in digits(text)
        assert truth.supplier in text


def test_generated_set_repeats_byte_for_byte_for_a_seed(documents):
    again = list(generated_set(SET_SIZE, SEED))

    assert [data for data, _, _ in again] == [data for data, _, _ in documents]
    assert [truth for _, _, truth in again] == [truth for _, _, truth in documents]


@pytest.mark.parametrize(
    "number,words",
    [
        (0, "zéro"),
        (21, "vingt et un"),
        (71, "soixante et onze"),
        (80, "quatre-vingts"),
        (91, "quatre-vingt-onze"),
        (200, "deux cents"),
        (80_000, "quatre-vingt mille"),
        (200_500, "deux cent mille cinq cents"),
        (1_250_000, "un million deux cent cinquante mille"),
        (2_000_000, "deux millions"),
    ],
)
def test_french_words(number, words):
    assert french_words(number) == words


@pytest.mark.parametrize(
    "number,words",
    [
        (100, "cien"),
        (115, "ciento quince"),
        (21_000, "veintiún mil"),
        (31_500, "treinta y un mil quinientos"),
        (1_250, "mil doscientos cincuenta"),
        (1_000_000, "un millón"),
        (3_456_789, "tres millones cuatrocientos cincuenta y seis mil setecientos ochenta y nueve"),
    ],
)
def test_spanish_words(number, words):
    assert spanish_words(number) == words
