"""Demo expense statements and attachments: realistic, deterministic, and with every trap.

No database: the generator and the files are plain Python.
"""

import csv
import io
import random
import re
import shutil
import statistics
import struct
import subprocess
import unicodedata
from datetime import date
from decimal import Decimal

import matplotlib.image
import pytest
from openpyxl import load_workbook

from demo.documents import photo_png, scan_pdf
from demo.funding import RATE_ANCHORS, monthly_rates
from demo.statements import (
    DEMO_PARTNERSHIPS,
    FIELDS,
    HEADERS,
    TRAP_RULES,
    DemoPartnership,
    generate_rows,
    generate_statement,
    units_per_eur,
    write_statement,
)
from grants.eligibility.engine import audit_claim
from grants.eligibility.facts import ClaimFacts, InvoiceFacts, Parameters, RatePeriod, RateTable

YEAR = 2024
PARTNERSHIPS = {partnership.code: partnership for partnership in DEMO_PARTNERSHIPS}
# One partnership per currency (XOF twice: Benin and Senegal), KeMoPoDi for its three partners.
SAMPLE_CODES = ("BJ-ANZ-PER", "SN-DEI-KMP", "EC-BIE-SFO", "NI-STR-NGU")
# Never-eligible words in nl / fr / es / en, without accents, as the KEYWORDS rule compares.
NEVER_ELIGIBLE_WORDS = {
    "amende",
    "multa",
    "boete",
    "fine",
    "penalite",
    "penalidad",
    "interets",
    "intereses",
    "interest",
    "mora",
    "retard",
    "biere",
    "cerveza",
    "bier",
    "beer",
    "vin",
    "vino",
    "wijn",
    "wine",
    "alcool",
    "alcohol",
    "cadeau",
    "regalo",
    "geschenk",
    "gift",
}
ALL_MUNICIPALITY_NAMES = {
    name for partnership in DEMO_PARTNERSHIPS for name in partnership.flemish_names + partnership.partner_names
}
DAILY_SCALE_EUR = 60
PAYMENT_DEADLINE = date(YEAR + 1, 3, 31)


def make_statement(code="BJ-ANZ-PER", *, seed=1, count=60, traps=True):
    return generate_statement(
        partnership=PARTNERSHIPS[code], year=YEAR, count=count, rng=random.Random(seed), traps=traps
    )


def eur_of(row):
    return row["amount"] / units_per_eur(row["currency"], row["invoice_date"])


def plain(text):
    """Lower-case `text` without accents, as the rules compare words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def compact(text):
    return re.sub(r"[\W_]", "", plain(text))


def names_of(partnership):
    return partnership.flemish_names + partnership.partner_names


def is_allowance(row):
    return plain(row["description"]).startswith(("per diem", "indemnite journaliere", "viaticos"))


# Generation


def test_same_seed_gives_identical_rows():
    first = make_statement(seed=7)

    second = make_statement(seed=7)

    assert first == second


def test_different_seed_gives_different_rows():
    first = make_statement(seed=7)

    second = make_statement(seed=8)

    assert first.rows != second.rows


def test_generate_rows_returns_the_rows_of_the_statement():
    rows = generate_rows(partnership=PARTNERSHIPS["SN-ZEM-SOK"], year=YEAR, count=40, rng=random.Random(3))

    assert (
        rows
        == generate_statement(partnership=PARTNERSHIPS["SN-ZEM-SOK"], year=YEAR, count=40, rng=random.Random(3)).rows
    )


def test_lines_are_numbered_from_one_to_count():
    statement = make_statement(count=45)

    assert [row["line"] for row in statement.rows] == list(range(1, 46))


def test_rows_have_exactly_the_canonical_keys_in_file_order():
    statement = make_statement()

    assert all(tuple(row) == FIELDS for row in statement.rows)


def test_amounts_are_decimals_with_two_decimals():
    statement = make_statement(count=300)

    values = [row[name] for row in statement.rows for name in ("amount", "vat", "amount_eur")]

    assert all(isinstance(value, Decimal) and value.as_tuple().exponent == -2 for value in values if value is not None)


def test_demo_partnerships_are_the_eleven_city_partnerships_of_partnerships_demo():
    assert list(PARTNERSHIPS) == [
        "BJ-ANZ-PER",
        "BJ-MER-TOU",
        "BJ-ZOE-BOH",
        "BJ-ROE-DOG",
        "BJ-HOO-ZAK",
        "SN-ZEM-SOK",
        "SN-SNI-TAM",
        "SN-DEI-KMP",
        "EC-BIE-SFO",
        "NI-STR-NGU",
        "NI-MOL-STO",
    ]
    assert PARTNERSHIPS["SN-DEI-KMP"].partner_names == ("Keur Moussa", "Pout", "Diender")
    assert PARTNERSHIPS["EC-BIE-SFO"].currency == "USD"
    assert PARTNERSHIPS["EC-BIE-SFO"].language == "es"


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_most_lines_are_paid_by_the_partner_in_its_currency(code):
    statement = make_statement(code, count=1000, traps=False)

    partner = [row for row in statement.rows if row["paid_by"] == "partner"]
    flemish = [row for row in statement.rows if row["paid_by"] == "flemish"]

    assert 0.75 < len(partner) / 1000 < 0.92
    assert {row["currency"] for row in partner} == {PARTNERSHIPS[code].currency}
    assert {row["currency"] for row in flemish} == {"EUR"}


def test_unknown_partner_country_is_refused():
    rwanda = DemoPartnership("RW-SDG-KAR", "RW", "RWF", "en", ("Herzele",), ("Karongi",))

    with pytest.raises(ValueError, match="RW-SDG-KAR"):
        generate_rows(partnership=rwanda, year=YEAR, count=10, rng=random.Random(1))


# Traps


def trap_rows(statement, kind):
    return [statement.rows[line - 1] for line in statement.traps[kind]]


def earlier_rows(statement, row):
    return statement.rows[: row["line"] - 1]


def duplicates_an_earlier_line(row, statement):
    key = (compact(row["supplier"]), compact(row["invoice_number"]))
    return any(
        (compact(other["supplier"]), compact(other["invoice_number"])) == key for other in earlier_rows(statement, row)
    )


def declares_eur_about_five_percent_off(row, statement):
    return Decimal("0.04") < abs(row["amount_eur"] / eur_of(row) - 1) < Decimal("0.06")


def pays_allowance_above_the_scale(row, statement):
    days = int(re.search(r"\d+", row["description"]).group())
    return is_allowance(row) and eur_of(row) > 2 * DAILY_SCALE_EUR * days


def pays_allowance_without_days(row, statement):
    return is_allowance(row) and not re.search(r"\d", row["description"])


def names_an_invoice_of_the_statement(row, statement):
    numbers = {other["invoice_number"] for other in statement.rows if other["invoice_number"]}
    return any(number in row["description"] for number in numbers)


def is_an_outlier(row, statement):
    median = statistics.median(eur_of(other) for other in statement.rows)
    return eur_of(row) > 10 * median and eur_of(row) > 5000 and row["quotes"] == 3


def is_a_valid_credit_note(row, statement):
    return row["amount"] < 0 and any(
        other["supplier"] == row["supplier"] and other["amount"] > 0 and other["invoice_number"] in row["description"]
        for other in earlier_rows(statement, row)
    )


TRAP_CHECKS = {
    "PERIOD_INVOICE_DATE": lambda row, statement: row["invoice_date"].year == YEAR - 1,
    "PERIOD_PAYMENT_DEADLINE": lambda row, statement: row["payment_date"] > PAYMENT_DEADLINE,
    "PAYMENT_PROOF": lambda row, statement: row["payment_date"] is None and row["payment_proof"] is False,
    "DUPLICATE": duplicates_an_earlier_line,
    "CURRENCY": declares_eur_about_five_percent_off,
    "KEYWORDS": lambda row, statement: bool(set(re.findall(r"\w+", plain(row["description"]))) & NEVER_ELIGIBLE_WORDS),
    "PER_DIEM_EXCESS": pays_allowance_above_the_scale,
    "PER_DIEM_NO_DAYS": pays_allowance_without_days,
    "PROCUREMENT": lambda row, statement: 4000 < eur_of(row) < 5000 and row["quotes"] == 1,
    "TRAVEL_CLASS": lambda row, statement: "business class" in row["description"] and row["paid_by"] == "flemish",
    "BENEFICIARY": lambda row, statement: (
        row["addressed_to"] != "" and not any(name in row["addressed_to"] for name in ALL_MUNICIPALITY_NAMES)
    ),
    "AMOUNT_NEGATIVE": lambda row, statement: (
        row["amount"] < 0 and not names_an_invoice_of_the_statement(row, statement)
    ),
    "AMOUNT_ZERO": lambda row, statement: row["amount"] == 0,
    "AMOUNT_OUTLIER": is_an_outlier,
    "MISSING_SUPPLIER": lambda row, statement: row["supplier"] == "",
    "MISSING_INVOICE_NUMBER": lambda row, statement: row["invoice_number"] == "",
    "CATEGORY": lambda row, statement: row["category"] == "personnel" and row["paid_by"] == "flemish",
    "VAT": lambda row, statement: (
        row["paid_by"] == "flemish" and row["vat"] == (row["amount"] * 21 / 121).quantize(Decimal("0.01"))
    ),
    "CREDIT_NOTE": is_a_valid_credit_note,
}


def test_every_trap_kind_has_a_check():
    assert set(TRAP_CHECKS) == set(TRAP_RULES)


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_every_trap_kind_is_planted_on_its_own_lines(code):
    statement = make_statement(code, count=30)

    lines = [line for found in statement.traps.values() for line in found]

    assert set(statement.traps) == set(TRAP_RULES)
    assert all(statement.traps.values())
    assert len(lines) == len(set(lines))
    assert 1 not in lines


@pytest.mark.parametrize("seed", (1, 2, 3))
@pytest.mark.parametrize("kind", sorted(TRAP_CHECKS))
def test_trap_line_breaks_its_rule(kind, seed):
    statement = make_statement(SAMPLE_CODES[0], seed=seed)

    rows = trap_rows(statement, kind)

    assert rows
    assert all(TRAP_CHECKS[kind](row, statement) for row in rows)


@pytest.mark.parametrize("code", SAMPLE_CODES[1:])
def test_trap_lines_break_their_rules_in_every_currency(code):
    statement = make_statement(code, seed=5)

    broken = {kind: all(TRAP_CHECKS[kind](row, statement) for row in trap_rows(statement, kind)) for kind in TRAP_RULES}

    assert all(broken.values()), broken


def test_keyword_traps_are_written_by_the_partner_and_by_the_flemish_municipality():
    statement = make_statement("EC-BIE-SFO")

    payers = sorted(row["paid_by"] for row in trap_rows(statement, "KEYWORDS"))

    assert payers == ["flemish", "partner"]


def test_credit_note_is_in_the_language_of_its_supplier():
    statement = make_statement("NI-STR-NGU", seed=4)

    (row,) = trap_rows(statement, "CREDIT_NOTE")

    assert row["description"].startswith(("Nota de crédito factura", "Creditnota op factuur"))


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_only_the_currency_trap_declares_eur_more_than_one_percent_off(code):
    statement = make_statement(code, count=200)

    off = [
        row["line"]
        for row in statement.rows
        if row["amount_eur"] and abs(row["amount_eur"] / eur_of(row) - 1) > Decimal("0.01")
    ]

    assert off == statement.traps["CURRENCY"]


def engine_codes(statement, partnership):
    """Return {line: rule codes found} of the eligibility engine on the statement.

    Claim-level rules are kept quiet (allocations and tranches without limit) and the
    Flemish municipality recovers VAT, so only the line rules speak.
    """
    invoices = [
        InvoiceFacts(
            line=row["line"],
            invoice_date=row["invoice_date"],
            supplier=row["supplier"],
            invoice_number=row["invoice_number"],
            description=row["description"],
            category=row["category"],
            currency=row["currency"],
            amount=row["amount"],
            paid_by=row["paid_by"],
            payment_date=row["payment_date"],
            vat=row["vat"],
            declared_amount_eur=row["amount_eur"],
            has_payment_proof=row["payment_proof"],
            quotes=row["quotes"],
            addressed_to=row["addressed_to"],
        )
        for row in statement.rows
    ]
    unlimited = Decimal("1000000000")
    claim = ClaimFacts(
        label="%s/%s" % (partnership.code, YEAR),
        year=YEAR,
        country=partnership.country,
        beneficiary_names=names_of(partnership),
        flemish_recovers_vat=True,
        allocations_eur={"operational": unlimited, "management": unlimited},
        received_by_partner_eur=unlimited,
    )
    params = Parameters(
        programme_start=date(2022, 1, 1),
        programme_end=date(2026, 12, 31),
        per_diem_scale_eur=dict.fromkeys(("BJ", "SN", "EC", "NI"), Decimal(DAILY_SCALE_EUR)),
    )
    rates = RateTable(
        periods={
            currency: tuple(RatePeriod(*period) for period in monthly_rates(currency)) for currency in RATE_ANCHORS
        }
    )
    result = audit_claim(claim, invoices, params, rates)
    return {line.line: {finding.code for finding in line.findings} for line in result.invoices}


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_eligibility_engine_finds_each_trap_rule_and_nothing_on_ordinary_lines(code):
    statement = make_statement(code, seed=11, count=120)
    trap_of = {line: kind for kind, lines in statement.traps.items() for line in lines}

    found = engine_codes(statement, PARTNERSHIPS[code])

    expected = {line: {TRAP_RULES[trap_of[line]]} - {None} if line in trap_of else set() for line in found}
    assert found == expected


def test_short_statement_has_no_traps():
    statement = make_statement(count=29)

    assert statement.traps == {}


# A statement without traps passes every line rule.


@pytest.fixture(scope="module")
def clean_rows():
    return {code: make_statement(code, count=400, traps=False).rows for code in SAMPLE_CODES}


def all_clean_rows(clean_rows):
    return [row for rows in clean_rows.values() for row in rows]


def test_clean_statement_has_no_trap_index():
    assert make_statement(traps=False).traps == {}


def test_clean_invoices_are_dated_in_the_claim_year(clean_rows):
    assert all(row["invoice_date"].year == YEAR for row in all_clean_rows(clean_rows))


def test_clean_invoices_are_paid_with_proof_after_invoicing_and_before_the_deadline(clean_rows):
    assert all(
        row["payment_proof"] is True and row["invoice_date"] < row["payment_date"] <= PAYMENT_DEADLINE
        for row in all_clean_rows(clean_rows)
    )


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_clean_statement_has_no_duplicates(clean_rows, code):
    rows = clean_rows[code]

    numbers = {(compact(row["supplier"]), compact(row["invoice_number"])) for row in rows}
    purchases = {(compact(row["supplier"]), row["invoice_date"], row["amount"], row["currency"]) for row in rows}

    assert len(numbers) == len(rows)
    assert len(purchases) == len(rows)


def test_clean_amounts_are_positive(clean_rows):
    assert all(row["amount"] > 0 for row in all_clean_rows(clean_rows))


def test_clean_descriptions_name_no_never_eligible_cost(clean_rows):
    words = {word for row in all_clean_rows(clean_rows) for word in re.findall(r"\w+", plain(row["description"]))}

    assert words & NEVER_ELIGIBLE_WORDS == set()


def test_clean_allowances_give_their_days_and_stay_under_the_daily_scale(clean_rows):
    allowances = [row for row in all_clean_rows(clean_rows) if is_allowance(row)]

    assert allowances
    for row in allowances:
        days = int(re.search(r"(\d+) (jours|días)", row["description"]).group(1))
        assert eur_of(row) <= DAILY_SCALE_EUR * days


def test_clean_lines_above_the_quotes_threshold_have_three_quotes_and_none_is_an_outlier(
    clean_rows,
):
    rows = all_clean_rows(clean_rows)

    assert all(row["quotes"] == 3 for row in rows if eur_of(row) > 3000)
    assert max(eur_of(row) for row in rows) < 5000


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_clean_lines_are_addressed_to_the_partnership_or_to_no_one(clean_rows, code):
    names = names_of(PARTNERSHIPS[code])

    assert all(
        row["addressed_to"] == "" or any(name in row["addressed_to"] for name in names) for row in clean_rows[code]
    )


def test_clean_flemish_lines_have_no_vat_no_staff_cost_and_no_business_class(clean_rows):
    flemish = [row for row in all_clean_rows(clean_rows) if row["paid_by"] == "flemish"]

    assert flemish
    assert all(row["vat"] is None for row in flemish)
    assert all(row["category"] != "personnel" for row in flemish)
    assert all("business" not in row["description"] for row in flemish)


def test_clean_lines_have_every_required_text(clean_rows):
    assert all(
        row["supplier"] and row["invoice_number"] and row["description"] and row["category"]
        for row in all_clean_rows(clean_rows)
    )


# Statement files

FRENCH_CATEGORIES = {"investissement", "fonctionnement", "personnel", "gestion"}


def test_french_csv_uses_semicolons_french_headers_and_french_values(tmp_path):
    rows = make_statement("BJ-ANZ-PER").rows
    path = tmp_path / "releve.csv"

    write_statement(rows, path, language="fr", fmt="csv")

    text = path.read_text(encoding="utf-8")
    header, *lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert text.splitlines()[0] == ";".join(HEADERS["fr"])
    assert header[:4] == ["n°", "date facture", "date paiement", "fournisseur"]
    assert len(lines) == len(rows)
    cells = [dict(zip(FIELDS, line)) for line in lines]
    assert all(re.fullmatch(r"-?\d+,\d\d", cell["amount"]) for cell in cells)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", cell["invoice_date"]) for cell in cells)
    assert {cell["category"] for cell in cells} <= FRENCH_CATEGORIES
    assert {cell["paid_by"] for cell in cells} == {"flamand", "partenaire"}
    assert {cell["payment_proof"] for cell in cells} == {"oui", "non"}
    assert "" in {cell["payment_date"] for cell in cells}


def test_french_csv_writes_the_amount_with_a_decimal_comma(tmp_path):
    rows = [{**make_statement().rows[0], "amount": Decimal("1234.50"), "vat": None}]
    path = tmp_path / "releve.csv"

    write_statement(rows, path, language="fr", fmt="csv")

    (line,) = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))[1:]
    assert line[FIELDS.index("amount")] == "1234,50"
    assert line[FIELDS.index("vat")] == ""


def test_english_csv_uses_commas_iso_dates_and_a_decimal_point(tmp_path):
    rows = make_statement("EC-BIE-SFO").rows
    path = tmp_path / "statement.csv"

    write_statement(rows, path, language="en", fmt="csv")

    header, first, *_ = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert header == list(FIELDS)
    assert first[FIELDS.index("invoice_date")] == rows[0]["invoice_date"].isoformat()
    assert first[FIELDS.index("amount")] == str(rows[0]["amount"])


def test_xlsx_has_spanish_headers_date_cells_and_number_cells(tmp_path):
    rows = make_statement("NI-STR-NGU").rows
    path = tmp_path / "gastos.xlsx"

    write_statement(rows, path, language="es", fmt="xlsx")

    sheet = load_workbook(path).active
    header, *lines = list(sheet.iter_rows())
    assert [cell.value for cell in header] == list(HEADERS["es"])
    assert len(lines) == len(rows)
    for row, cells in zip(rows, lines):
        cell = dict(zip(FIELDS, cells))
        assert cell["invoice_date"].is_date
        assert cell["invoice_date"].value.date() == row["invoice_date"]
        assert isinstance(cell["amount"].value, (int, float))
        assert Decimal(str(cell["amount"].value)) == row["amount"]
        assert cell["paid_by"].value in {"flamenco", "socio"}
        assert cell["payment_proof"].value in {"sí", "no"}
        assert (cell["vat"].value is None) == (row["vat"] is None)


@pytest.mark.parametrize("language, fmt", [("de", "csv"), ("fr", "ods")])
def test_unknown_language_or_format_is_refused(tmp_path, language, fmt):
    with pytest.raises(ValueError, match="Unknown"):
        write_statement([], tmp_path / "x", language=language, fmt=fmt)


def test_hundred_thousand_lines_are_generated_and_written_as_csv(tmp_path):
    rows = generate_rows(partnership=PARTNERSHIPS["NI-MOL-STO"], year=YEAR, count=100_000, rng=random.Random(9))
    path = tmp_path / "grande.csv"

    write_statement(rows, path, language="es", fmt="csv")

    with path.open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 100_001


# Attachments


def test_scan_pdf_starts_with_the_pdf_magic_bytes():
    assert scan_pdf("Facture", ["ligne"]).startswith(b"%PDF-")


def test_scan_pdf_cross_reference_points_at_every_object():
    pdf = scan_pdf("Factura 0042/2024", ["Ferretería El Progreso", "Total: 1.250,00 USD"])

    xref = int(re.search(rb"startxref\s+(\d+)", pdf).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n", pdf[xref:])

    assert pdf[xref:].startswith(b"xref")
    assert entries
    for number, offset in enumerate(entries, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_scan_pdf_text_is_extractable(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf("Facture FV24-00123", ["Quincaillerie du Zou", "Pèrèrè (Borgou)"]))

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    assert "Facture FV24-00123" in text
    assert "Pèrèrè (Borgou)" in text


def test_photo_png_starts_with_the_png_magic_bytes():
    assert photo_png().startswith(b"\x89PNG\r\n\x1a\n")


def test_photo_png_has_the_requested_size(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(photo_png(width=80, height=30, seed=2))

    width, height = struct.unpack(">II", path.read_bytes()[16:24])

    assert (width, height) == (80, 30)
    assert matplotlib.image.imread(path).shape == (30, 80, 3)


def test_photo_png_depends_only_on_its_seed():
    assert photo_png(seed=1) == photo_png(seed=1)
    assert photo_png(seed=1) != photo_png(seed=2)
