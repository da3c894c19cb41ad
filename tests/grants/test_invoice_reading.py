"""Reading an invoice's amount, currency, date, number, supplier and addressee from OCR words.

No Tesseract here: pages are built by hand from a text layout, each character 16 px wide and
each row 40 px below the last, as OCR would place the words of a typed invoice.
"""

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from grants.invoice_reading import InvoiceReading, ReadValue, parse_amount, parse_date, read_invoice

CHAR_WIDTH = 16
ROW_HEIGHT = 40
WORD_HEIGHT = 24


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    box: tuple[int, int, int, int]
    line: int | None = None


@dataclass(frozen=True)
class Page:
    number: int
    width: int
    height: int
    words: tuple[Word, ...]
    from_text_layer: bool = False


def words_at(text, row, column=0, confidence=90.0, line=None):
    """The words of text printed on row from column, one per run of non-spaces."""
    y0 = 40 + ROW_HEIGHT * row
    return [
        Word(
            match.group(),
            confidence,
            (
                40 + CHAR_WIDTH * (column + match.start()),
                y0,
                40 + CHAR_WIDTH * (column + match.end()),
                y0 + WORD_HEIGHT,
            ),
            line,
        )
        for match in re.finditer(r"\S+", text)
    ]


def page(layout, number=1):
    """A page whose words sit where layout prints them; lines found from their positions."""
    words = [word for row, text in enumerate(layout.strip("\n").split("\n")) for word in words_at(text, row)]
    return Page(number, 2000, 3000, tuple(words))


def block_page(*blocks, number=1):
    """A page read block by block, as Tesseract does: each (row, column, text) one numbered line."""
    words = [
        word for line, (row, column, text) in enumerate(blocks, 1) for word in words_at(text, row, column, line=line)
    ]
    return Page(number, 2000, 3000, tuple(words))


def read(layout):
    return read_invoice([page(layout)])


# --- parse_amount ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1 250 000 FCFA", "1250000", "XOF"),
        ("1 250 000 F CFA", "1250000", "XOF"),
        ("1.250.000 F.CFA", "1250000", "XOF"),
        ("F CFA 1 250 000", "1250000", "XOF"),
        ("125000FCFA", "125000", "XOF"),
        ("125 000 CFA", "125000", "XOF"),
        ("XOF 1 250 000", "1250000", "XOF"),
        ("125 000 F", "125000", "XOF"),
        ("1 250 000 francs CFA", "1250000", "XOF"),
        ("1.250.000,50 €", "1250000.50", "EUR"),
        ("€1.250,50", "1250.50", "EUR"),
        ("EUR 1 250,50", "1250.50", "EUR"),
        ("€ 1.250,-", "1250", "EUR"),
        ("1,250,000.50 USD", "1250000.50", "USD"),
        ("US$ 1,250.50", "1250.50", "USD"),
        ("$1,250.50", "1250.50", "USD"),
        ("C$ 12 500,00", "12500.00", "NIO"),
        ("C$12,500.00", "12500.00", "NIO"),
        ("NIO 12.500,00", "12500.00", "NIO"),
        ("RWF 1,250,000", "1250000", "RWF"),
        ("1 250 000 Frw", "1250000", "RWF"),
        ("RF 1.250.000", "1250000", "RWF"),
        ("R 1 250,00", "1250.00", "ZAR"),
        ("ZAR 1,250.00", "1250.00", "ZAR"),
    ],
)
def test_amount_is_read_with_its_currency(text, amount, currency):
    assert parse_amount(text) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        # fr, es, nl: dots or spaces group thousands, the comma marks decimals.
        ("1.250.000", "1250000"),
        ("1 250 000", "1250000"),
        ("1\u00a0250\u00a0000,50", "1250000.50"),
        ("1\u202f250\u202f000", "1250000"),
        ("1 250 000,50", "1250000.50"),
        ("1.250.000,50", "1250000.50"),
        ("12,5", "12.5"),
        # en: commas group thousands, the dot marks decimals.
        ("1,250,000.50", "1250000.50"),
        ("1,250.50", "1250.50"),
        # One mark before three digits groups thousands in every language.
        ("1.250", "1250"),
        ("1,250", "1250"),
        ("1'250'000", "1250000"),
    ],
)
def test_the_last_separator_and_the_group_sizes_decide_the_decimal_mark(text, amount):
    assert parse_amount(text) == (Decimal(amount), None)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 250 OOO", "1250000"),
        ("1.25O.000 FCFA", "1250000"),
        ("1 25 0000", "1250000"),
        ("Total :", None),
        (": 1 250 000 :", "1250000"),
    ],
)
def test_amount_survives_ocr_noise(text, amount):
    result = parse_amount(text)

    assert (result and result[0]) == (amount and Decimal(amount))


def test_whole_francs_cfa_keep_no_decimals():
    amount, currency = parse_amount("1 250 000 FCFA")

    assert (amount.as_tuple().exponent, currency) == (0, "XOF")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "FCFA",
        "Total",
        "12.03.2025",
        "12/03/2025",
        "1250.0000",
        "1.250,000,50",
        "1.25.000",
        "32015001234567",
        "18 %",
    ],
)
def test_text_that_is_no_amount_reads_as_none(text):
    assert parse_amount(text) is None


# --- parse_date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # fr
        "12 mars 2025",
        "12 MARS 2025",
        "Cotonou, le 12 mars 2025",
        "12 mar. 2025",
        # es
        "12 de marzo de 2025",
        "12 de marzo del 2025",
        "12-mar-2025",
        # nl
        "12 maart 2025",
        "12 mrt 2025",
        "12 mrt. 2025",
        # en
        "12 March 2025",
        "March 12, 2025",
        "March 12th, 2025",
        "12th of March 2025",
        # numeric, day first; ISO
        "12/03/2025",
        "12-03-2025",
        "12.03.2025",
        "12/03/25",
        "12 / 03 / 2025",
        "2025-03-12",
        "2025/03/12",
        # OCR reads a zero as an O
        "12/O3/2O25",
        "2O25-O3-12",
    ],
)
def test_date_of_march_twelfth_is_read_in_every_form(text):
    assert parse_date(text) == date(2025, 3, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1er mars 2025", date(2025, 3, 1)),
        ("1º de marzo de 2025", date(2025, 3, 1)),
        ("1e maart 2025", date(2025, 3, 1)),
        ("1st March 2025", date(2025, 3, 1)),
        ("12 janv. 2025", date(2025, 1, 12)),
        ("12 janvier 2025", date(2025, 1, 12)),
        ("3 févr. 2025", date(2025, 2, 3)),
        ("12 ene 2025", date(2025, 1, 12)),
        ("12 enero 2025", date(2025, 1, 12)),
        ("5 abr 2025", date(2025, 4, 5)),
        ("15 août 2025", date(2025, 8, 15)),
        ("15 agosto 2025", date(2025, 8, 15)),
        ("2 mei 2025", date(2025, 5, 2)),
        ("9 okt 2025", date(2025, 10, 9)),
        ("9 set 2025", date(2025, 9, 9)),
        ("31 déc. 2024", date(2024, 12, 31)),
        ("31 dic 2024", date(2024, 12, 31)),
        ("4 juil. 2025", date(2025, 7, 4)),
        ("03/25/2025", date(2025, 3, 25)),
        ("05/03/2025", date(2025, 3, 5)),
    ],
)
def test_date_reads_ordinals_abbreviations_and_day_first(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "mars 2025", "31/02/2025", "13/13/2025", "FA-2025-014", "1 250 000"])
def test_text_without_a_whole_date_reads_as_none(text):
    assert parse_date(text) is None


# --- Total amount ------------------------------------------------------------------------------


def test_total_with_taxes_wins_over_the_subtotal():
    reading = read(
        """
Sous-total        1 000 000
TVA 18 %            180 000
Total TTC         1 180 000 FCFA
"""
    )

    assert reading.amount.value == Decimal("1180000")


def test_net_to_pay_wins_over_a_larger_total_with_taxes():
    reading = read(
        """
Total TTC         1 180 000 FCFA
Acompte versé       180 000 FCFA
Net à payer       1 000 000 FCFA
"""
    )

    assert reading.amount.value == Decimal("1000000")


def test_total_line_wins_over_larger_amounts_on_other_lines():
    reading = read(
        """
Montant du marché             5 000 000 FCFA
Total                         1 180 000 FCFA
Total HT                      3 000 000 FCFA
"""
    )

    assert reading.amount.value == Decimal("1180000")


@pytest.mark.parametrize(
    ("label", "other"),
    [
        ("Total a pagar", "Subtotal"),
        ("Importe total", "Base imponible"),
        ("Total con IVA", "Total sin IVA"),
        ("Totaal te betalen", "Subtotaal"),
        ("Totaal incl. btw", "Totaal excl. btw"),
        ("Te betalen", "Totaal btw"),
        ("Amount due", "Subtotal"),
        ("Total", "Total VAT"),
        ("Montant total", "Total TVA"),
        ("Total IVA incluido", "Total IVA"),
    ],
)
def test_total_label_of_each_language_beats_a_larger_line_that_is_not_the_total(label, other):
    reading = read(
        f"""
{other}      9 999,00
{label}      1 250,50
"""
    )

    assert reading.amount.value == Decimal("1250.50")


def test_total_label_split_over_words_and_in_capitals_is_found():
    reading = read(
        """
Sous total          2 000 000
NET A PAY ER :      1 500 000 F CFA
"""
    )

    assert (reading.amount.value, reading.amount.text) == (Decimal("1500000"), "1 500 000 F CFA")


def test_total_glued_to_its_label_is_read():
    reading = read("TOTAL:1250000")

    assert reading.amount.value == Decimal("1250000")


def test_total_in_a_block_of_its_own_on_the_label_row_is_read():
    reading = read_invoice(
        [
            block_page(
                (0, 0, "Total HT"),
                (1, 0, "Total TTC"),
                (0, 30, "1 000 000"),
                (1, 30, "1 180 000"),
            )
        ]
    )

    assert reading.amount.value == Decimal("1180000")


def test_total_under_a_label_alone_on_its_row_is_read():
    reading = read(
        """
Article A         150 000
NET A PAYER
1 250 000 FCFA
"""
    )

    assert reading.amount.value == Decimal("1250000")


def test_columns_of_numbers_are_not_read_as_one_amount():
    reading = read("Total   2   125 000")

    assert reading.amount.value == Decimal("125000")


def test_without_a_total_label_the_largest_amount_printed_as_money_is_the_total():
    reading = read(
        """
Tél : 97 123 456
Réf 20250314
Ciment     500 000 FCFA
Fer        750 000 FCFA
"""
    )

    assert reading.amount.value == Decimal("750000")


def test_amount_carries_the_mean_confidence_and_the_union_box_of_its_words():
    words = (
        *words_at("Total", 0),
        Word("1", 80.0, (200, 40, 216, 64)),
        Word("250", 90.0, (232, 40, 280, 64)),
        Word("000", 70.0, (296, 41, 344, 66)),
    )

    reading = read_invoice([Page(2, 2000, 3000, words)])

    assert reading.amount == ReadValue(Decimal("1250000"), "1 250 000", 80.0, 2, (200, 40, 344, 66))


def test_total_on_a_later_page_is_found():
    first = page("FACTURE N° 2025-014\nCiment    500 000")
    second = page("Total TTC    1 180 000 FCFA", number=2)

    reading = read_invoice([first, second])

    assert (reading.amount.value, reading.amount.page) == (Decimal("1180000"), 2)


def test_numbers_of_a_sentence_asking_to_pay_are_no_total():
    reading = read(
        """
Totaal                 € 634,71
Gelieve te betalen binnen 30 dagen met vermelding van +++418/7104/94636+++
"""
    )

    assert reading.amount.value == Decimal("634.71")


def test_a_bare_number_right_after_a_total_label_is_the_total():
    reading = read("TOTAL ! 125000 !")

    assert reading.amount.value == Decimal("125000")


def test_an_iban_before_the_total_is_no_amount():
    reading = read("Te betalen op BE38 4239 9993 4001 € 634,71")

    assert (reading.amount.value, reading.currency.value) == (Decimal("634.71"), "EUR")


def test_an_iban_with_a_misread_check_digit_is_no_amount():
    reading = read("Te betalen op BE4S 2816 8852 7956 € 211,51")

    assert reading.amount.value == Decimal("211.51")


def test_a_bank_account_after_the_total_on_its_line_is_no_amount():
    reading = read("Net à payer   1 250 000 FCFA   Compte 123 456 789")

    assert reading.amount.value == Decimal("1250000")


@pytest.mark.parametrize(
    "layout",
    ["Total            5 500!", "[TOTAL]   [5 500]", "TOTAL  |  5 500  |  FCFA  |", "!Total!  !  5 500  !"],
)
def test_table_rules_read_as_characters_are_no_part_of_an_amount(layout):
    reading = read(layout)

    assert (reading.amount.value, reading.amount.text) == (Decimal("5500"), "5 500")


def test_table_rules_stuck_to_words_are_no_part_of_the_values():
    reading = read(
        """
|Facture N° FA-2025-014|
|Date : 12/03/2025|
|Total TTC        1 250 000 FCFA|
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("1250000"), "XOF")
    assert (reading.invoice_number.value, reading.invoice_date.value) == ("FA-2025-014", date(2025, 3, 12))


# --- Currency ----------------------------------------------------------------------------------


def test_currency_is_the_total_s_and_boxes_its_own_words():
    reading = read("Total TTC    1 180 000 F CFA")

    assert (reading.currency.value, reading.currency.text) == ("XOF", "F CFA")
    assert reading.currency.box[0] > reading.amount.box[0]


def test_total_without_currency_takes_the_one_most_amounts_show():
    reading = read(
        """
Ciment        500 000 FCFA
Fer           680 000 FCFA
Transport      20 000 €
Total       1 180 000
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("1180000"), "XOF")


def test_currency_printed_on_its_own_is_read():
    reading = read("Montants en francs CFA\nTotal    1 180 000")

    assert (reading.currency.value, reading.currency.text) == ("XOF", "francs CFA")


def test_lone_letter_is_no_currency():
    reading = read("R. Dupont\nTotal    1 180 000")

    assert reading.currency is None


# --- Invoice date ------------------------------------------------------------------------------


def test_labelled_invoice_date_wins_over_an_earlier_date():
    reading = read(
        """
Bon de commande du 01/03/2025
Date de facture : 12/03/2025
"""
    )

    assert (reading.invoice_date.value, reading.invoice_date.text) == (date(2025, 3, 12), "12/03/2025")


def test_due_date_is_not_the_invoice_date():
    reading = read("Échéance : 12/04/2025     Date : 12/03/2025")

    assert reading.invoice_date.value == date(2025, 3, 12)


def test_date_in_a_block_right_of_its_label_takes_the_label():
    reading = read_invoice(
        [
            block_page(
                (0, 0, "Fecha de vencimiento:"),
                (1, 0, "Fecha de emisión:"),
                (0, 30, "12/04/2025"),
                (1, 30, "12/03/2025"),
            )
        ]
    )

    assert reading.invoice_date.value == date(2025, 3, 12)


@pytest.mark.parametrize(
    "line",
    [
        "Date : 12 mars 2025",
        "Date:12/03/2025",
        "Fecha de emisión: 12 de marzo de 2025",
        "Fecha: 12-03-2025",
        "Factuurdatum: 12.03.2025",
        "Datum 12 mrt 2025",
        "Invoice date: March 12, 2025",
        "Cotonou, le 12 mars 2025",
    ],
)
def test_invoice_date_is_read_in_each_language(line):
    reading = read(line)

    assert reading.invoice_date.value == date(2025, 3, 12)


# --- Invoice number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("FACTURE N° FA-2025-014", "FA-2025-014"),
        ("Facture n° : 2025/014 du 12/03/2025", "2025/014"),
        ("FACTURE N°FA-2025-014", "FA-2025-014"),
        ("N° facture : 0045", "0045"),
        ("N° de facture 0045", "0045"),
        ("Facture numéro 0045", "0045"),
        ("Factura No. 001-001-000012345", "001-001-000012345"),
        ("FACTURA Nº 0045", "0045"),
        ("Nº de factura: 0045", "0045"),
        ("No. de factura 0045", "0045"),
        ("Factuurnummer: 2025-0112", "2025-0112"),
        ("Factuur nr. 2025/112", "2025/112"),
        ("Factuurnr.2025/112", "2025/112"),
        ("Invoice No. INV-0042", "INV-0042"),
        ("Invoice #INV-7", "INV-7"),
        ("Invoice Number: 42", "42"),
        ("FACTURE FA-2025-014", "FA-2025-014"),
        ("N° fac ture : 0045", "0045"),
        ("Facture N° FA-2025- 014", "FA-2025-014"),
    ],
)
def test_invoice_number_is_read_after_its_label(line, number):
    reading = read(line)

    assert reading.invoice_number.value == number


def test_invoice_number_is_not_taken_from_other_numbered_labels():
    reading = read("N° IFU 3201500123456\nN° client 0045\nFacture du 12/03/2025")

    assert reading.invoice_number is None


def test_invoice_number_under_its_label_is_read():
    reading = read("Factuurnummer\n2025-0112")

    assert (reading.invoice_number.value, reading.invoice_number.box[1]) == ("2025-0112", 40 + ROW_HEIGHT)


def test_invoice_number_in_a_block_right_of_its_label_is_read():
    reading = read_invoice([block_page((0, 0, "Invoice No."), (0, 30, "INV-0042"))])

    assert reading.invoice_number.value == "INV-0042"


# --- Supplier and addressee --------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Doit :",
        "DOIT",
        "Client :",
        "Destinataire :",
        "Facturé à :",
        "FACTURE A :",
        "Cliente:",
        "Señores:",
        "Señor(es):",
        "Razón social:",
        "Facturar a:",
        "Aan:",
        "Klant:",
        "Factuur aan:",
        "Bill to:",
    ],
)
def test_addressee_is_read_after_its_label(label):
    reading = read(f"Some Supplier SA\n{label} Mairie de Bohicon")

    assert (reading.addressee.value, reading.addressee.text) == ("Mairie de Bohicon", "Mairie de Bohicon")


def test_addressee_wrapped_after_a_connector_goes_on_on_the_next_line():
    reading = read(
        """
Juan Pablo Castillo
                              Cliente: Alcaldía Municipal de
                              Santo Tomás
                              Palacio Municipal, Santo Tomás
"""
    )

    assert reading.addressee.value == "Alcaldía Municipal de Santo Tomás"


def test_addressee_under_its_label_is_read():
    reading = read("Entreprise Kossi\nDoit :\nMAIRIE DE BOHICON\nBP 12 Bohicon")

    assert reading.addressee.value == "MAIRIE DE BOHICON"


def test_a_client_code_is_not_the_addressee():
    reading = read("Entreprise Kossi\nCode client : 0045\nClient : Commune de Dogbo")

    assert reading.addressee.value == "Commune de Dogbo"


def test_without_a_label_a_line_naming_a_municipality_is_the_addressee():
    reading = read("Aannemer Peeters bv\nKerkstraat 1, 9000 Gent\nGemeente Kortrijk\nGrote Markt 54")

    assert reading.addressee.value == "Gemeente Kortrijk"


def test_addressee_block_beside_the_supplier_stops_at_its_column():
    reading = read("SARL BATIBENIN                 Doit : Mairie de Bohicon")

    assert (reading.supplier.value, reading.addressee.value) == ("SARL BATIBENIN", "Mairie de Bohicon")


@pytest.mark.parametrize(
    "layout",
    [
        "Fournisseur : Ets Bonne Route\nCotonou",
        "Proveedor: Ets Bonne Route\nQuito",
        "Leverancier: Ets Bonne Route\nGent",
        "FACTURE\nFournisseur :\nEts Bonne Route",
    ],
)
def test_supplier_is_read_after_its_label(layout):
    reading = read(layout)

    assert reading.supplier.value == "Ets Bonne Route"


def test_supplier_is_the_first_name_on_page_one_not_the_title():
    reading = read(
        """
FACTURE
Quincaillerie Le Bâtisseur
Tél : 97 12 34 56
Doit : Mairie de Bohicon
"""
    )

    assert reading.supplier.value == "Quincaillerie Le Bâtisseur"


def test_supplier_name_ending_with_a_connector_goes_on_on_the_next_line():
    reading = read("Entreprise Générale de\nTravaux Publics SARL\nBP 45 Parakou")

    assert reading.supplier.value == "Entreprise Générale de Travaux Publics SARL"


def test_supplier_is_not_looked_for_below_the_addressee():
    reading = read("12/03/2025\nDoit : Mairie de Bohicon\nCiment et fer")

    assert reading.supplier is None


# --- Lines -------------------------------------------------------------------------------------


def test_words_keep_the_lines_ocr_numbered():
    words = (*words_at("Total TTC", 0, line=1), *words_at("1 180 000", 0, column=12, line=2))
    with_totals = (*words, *words_at("Total  900 000", 1, line=3))

    reading = read_invoice([Page(1, 2000, 3000, with_totals)])

    # "1 180 000" is its own line, but on the row of "Total TTC": it is still that label's amount.
    assert reading.amount.value == Decimal("1180000")


def test_words_from_grants_ocr_are_read():
    ocr = pytest.importorskip("grants.ocr")
    words = tuple(ocr.Word(word.text, word.confidence, word.box, 1) for word in words_at("Net à payer 125 000 FCFA", 0))

    reading = read_invoice([ocr.Page(1, 2000, 3000, words, False)])

    assert reading.amount.value == Decimal("125000")


# --- Full pages --------------------------------------------------------------------------------


def test_full_french_invoice_is_read():
    reading = read(
        """
SARL BATIBENIN                                 FACTURE N° FA-2025-014
Quartier Zongo, Cotonou                        Cotonou, le 12 mars 2025
Tél : +229 97 12 34 56   IFU 3201500123456
                                               Doit : Mairie de Bohicon
Désignation             Qté       PU            Montant
Ciment CPJ 35           100     5 000           500 000
Fer de 10                50    10 000           500 000
Sous-total                                    1 000 000
TVA 18 %                                        180 000
Total TTC                                     1 180 000 FCFA
Arrêtée la présente facture à la somme de un million cent quatre-vingt mille francs CFA.
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("1180000"), "XOF")
    assert reading.invoice_date.value == date(2025, 3, 12)
    assert reading.invoice_number.value == "FA-2025-014"
    assert (reading.supplier.value, reading.addressee.value) == ("SARL BATIBENIN", "Mairie de Bohicon")


def test_full_spanish_invoice_is_read():
    reading = read(
        """
FERRETERÍA EL CONSTRUCTOR S.A.
RUC: 1790012345001
Av. Amazonas N34-12, Quito
FACTURA No. 001-001-000012345
Fecha de emisión: 12 de marzo de 2025
Cliente: GAD Municipal de Cotacachi
Descripción              Cant.     P. Unit.       Total
Cemento                   100        8,50        850,00
Varilla                    50       12,00        600,00
Subtotal                                       1.450,00
IVA 15 %                                         217,50
Total a pagar                              USD 1.667,50
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("1667.50"), "USD")
    assert reading.invoice_date.value == date(2025, 3, 12)
    assert reading.invoice_number.value == "001-001-000012345"
    assert reading.supplier.value == "FERRETERÍA EL CONSTRUCTOR S.A."
    assert reading.addressee.value == "GAD Municipal de Cotacachi"


def test_full_nicaraguan_invoice_in_cordobas_is_read():
    reading = read(
        """
Distribuidora La Esperanza
Nº de factura: 0045
Fecha: 12/03/2025
Señores: Alcaldía de Estelí
Subtotal             C$ 25.000,00
Total                C$ 28.750,00
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("28750.00"), "NIO")
    assert (reading.invoice_number.value, reading.invoice_date.value) == ("0045", date(2025, 3, 12))
    assert (reading.supplier.value, reading.addressee.value) == ("Distribuidora La Esperanza", "Alcaldía de Estelí")


def test_full_dutch_invoice_is_read():
    reading = read(
        """
Drukkerij Van den Broeck bv
Industrieweg 12, 9000 Gent
BTW BE 0123.456.789
Factuur aan: Gemeente Kortrijk
Factuurnummer: 2025-0112
Factuurdatum: 12 mrt 2025
Vervaldatum: 11 apr 2025
Omschrijving                    Bedrag
Affiches A2                   1.200,00
Subtotaal                     1.200,00
Btw 21 %                        252,00
Totaal te betalen          € 1.452,00
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("1452.00"), "EUR")
    assert reading.invoice_date.value == date(2025, 3, 12)
    assert reading.invoice_number.value == "2025-0112"
    assert (reading.supplier.value, reading.addressee.value) == ("Drukkerij Van den Broeck bv", "Gemeente Kortrijk")


def test_full_flemish_invoice_with_its_payment_instructions_is_read():
    reading = read(
        """
Bedrijfsrevisoren Peeters & Co
Nieuwstraat 712, Leuven
BTW BE 0220.894.392 · RPR Gent
FACTUUR
Factuur nr. FAC202526300
Datum factuur: 05-10-2025
Vervaldatum: 04/11/2025
Klant: Gemeente Zoersel
Omschrijving                   Aantal   Eenheidsprijs      Bedrag
Nazicht onkostenstaat               1          931,32      931,32
Totaal excl. btw                                         931,32 €
Btw 21%                                                  195,58 €
Totaal incl. btw                                       1 126,90 €
Gelieve te betalen binnen 30 dagen op BE38 4239 9993 4001 met vermelding van +++418/7104/94636+++
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("1126.90"), "EUR")
    assert (reading.invoice_number.value, reading.invoice_date.value) == ("FAC202526300", date(2025, 10, 5))
    assert (reading.supplier.value, reading.addressee.value) == ("Bedrijfsrevisoren Peeters & Co", "Gemeente Zoersel")


def test_full_english_invoice_is_read():
    reading = read(
        """
Kigali Office Supplies Ltd
Invoice No. INV-0042
Invoice date: March 12, 2025
Due date: April 11, 2025
Bill to: City of Kigali
Subtotal                RWF 1,059,322
VAT 18%                   RWF 190,678
Total due               RWF 1,250,000
"""
    )

    assert (reading.amount.value, reading.currency.value) == (Decimal("1250000"), "RWF")
    assert reading.invoice_date.value == date(2025, 3, 12)
    assert reading.invoice_number.value == "INV-0042"
    assert (reading.supplier.value, reading.addressee.value) == ("Kigali Office Supplies Ltd", "City of Kigali")


def test_nothing_is_read_from_no_pages():
    assert read_invoice([]) == InvoiceReading(None, None, None, None, None, None)


# --- Storage -----------------------------------------------------------------------------------


def test_reading_survives_a_trip_through_json():
    reading = read("SARL BATIBENIN\nFacture N° 14\nDate : 12/03/2025\nDoit : Mairie de Bohicon\nTotal 1 250,50 €")

    stored = json.loads(json.dumps(reading.to_json()))

    assert InvoiceReading.from_json(stored) == reading
    assert (stored["amount"]["value"], stored["invoice_date"]["value"]) == ("1250.50", "2025-03-12")


def test_reading_stored_without_a_field_reads_it_as_none():
    assert InvoiceReading.from_json({}) == InvoiceReading(None, None, None, None, None, None)


def test_reading_module_loads_neither_django_nor_ocr_libraries():
    code = (
        "import sys, grants.invoice_reading; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'pytesseract', 'pypdfium2', 'PIL'} "
        "or m == 'grants.ocr'))"
    )

    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert loaded.strip() == "[]"
