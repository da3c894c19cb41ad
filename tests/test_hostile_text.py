"""Characters pasted from Word or PDFs (Shift+Enter is a vertical tab) never break a file the application writes."""

import csv
import io
import random
from pathlib import Path

import pytest
import xmlschema
from defusedxml import ElementTree as SafeET
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from core.printable import printable_text, safe_text
from demo.statements import DEMO_PARTNERSHIPS, generate_statement, write_statement
from grants.exports import claim_audit_workbook
from grants.models import ExpenseClaim, Invoice, Programme
from partnerships.models import Partnership
from reporting.annual.build import build_annual_report
from reporting.models import Indicator, IndicatorValue, PartnerReport
from reporting.selectors import COUNTED_REPORTS

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
IATI_DIR = Path(__file__).resolve().parent / "data" / "iati-2.03"
# A line break typed with Shift+Enter in Word, the other control characters XML 1.0
# forbids, and a non-character.
HOSTILE = "Puits\x0bcreusés\x00\x01\x02\x03\x04\x05\x06\x07\x08 au\x1f village\ufffe, \x0cfin"
CLEANED = "Puits\ncreusés au village, \nfin"
# What of it reaches the database through a form or an import: Django's forms refuse a
# NUL byte, and PostgreSQL could not store one.
STORABLE = HOSTILE.replace("\x00", "")


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(IATI_DIR / "schemas" / "iati-activities-schema.xsd"))


@pytest.fixture
def hostile_partner_text():
    """Partners' narratives, indicator answers and comments, and names full of pasted control characters."""
    reports = PartnerReport.objects.filter(partnership__allocations__programme__code=GLOBE).distinct()
    PartnerReport.objects.filter(pk__in=reports.values("pk")).update(context=STORABLE, results=STORABLE)
    values = IndicatorValue.objects.filter(report__in=reports, report__status__in=COUNTED_REPORTS)
    assert values.exists()
    values.update(text=STORABLE, comment=STORABLE)
    Indicator.objects.filter(outcome__partnership__allocations__programme__code=GLOBE).update(
        name_en=STORABLE, unit_en=STORABLE
    )
    Partnership.objects.filter(code="BJ-ANZ-PER").update(name=STORABLE)


def test_printable_text_turns_page_and_line_breaks_into_newlines_and_drops_what_xml_forbids():
    assert printable_text(HOSTILE) == CLEANED
    assert printable_text("tab\tnewline\ncarriage return\r") == "tab\tnewline\ncarriage return\r"
    assert printable_text("\ud800\uffff") == ""
    assert printable_text(None) is None
    assert printable_text(12) == 12


def test_spreadsheet_text_is_cleaned_before_a_formula_is_guarded():
    assert safe_text("\x00=SUM(A1:A9)") == "'=SUM(A1:A9)"


def test_the_iati_file_of_hostile_partner_text_is_valid_xml_against_the_schema(hostile_partner_text, schema, tmp_path):
    path = tmp_path / "iati.xml"

    call_command("export_iati", "--programme", GLOBE, "-o", str(path), stdout=io.StringIO())

    root = SafeET.parse(path).getroot()
    schema.validate(str(path))
    comments = {narrative.text for narrative in root.iterfind(".//actual/comment/narrative")}
    assert comments == {CLEANED}
    assert f"City partnership {CLEANED}" in {n.text for n in root.iterfind("iati-activity/title/narrative")}


def test_the_downloaded_iati_file_of_hostile_partner_text_is_valid(hostile_partner_text, schema, client, sign_in):
    sign_in("coordinator")

    response = client.get(reverse("reporting:iati-export", args=[GLOBE]))

    assert response.status_code == 200
    SafeET.fromstring(response.content)
    schema.validate(response.content.decode())


def test_the_annual_report_workbook_of_hostile_partner_text_loads(hostile_partner_text):
    built = build_annual_report(Programme.objects.get(code=GLOBE), 2025, "en", "xlsx")

    workbook = load_workbook(io.BytesIO(built.content))

    cells = {cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row}
    assert CLEANED in cells


def test_the_claim_audit_workbook_of_hostile_invoice_text_loads(tmp_path):
    claim = ExpenseClaim.objects.filter(invoices__isnull=False).first()
    Invoice.objects.filter(claim=claim).update(supplier=STORABLE, description=STORABLE)
    path = tmp_path / "audit.xlsx"

    claim_audit_workbook(claim, "fr", path)

    sheet = load_workbook(path).worksheets[0]
    assert CLEANED in {cell for row in sheet.iter_rows(values_only=True) for cell in row}


def test_the_errors_file_of_a_statement_with_control_characters_in_a_bad_row_opens(client, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in("anzegem")
    partnership = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_statement(
        partnership=partnership, year=2026, count=6, rng=random.Random("hostile"), traps=False
    ).rows
    path = tmp_path / "etat.csv"
    write_statement(rows, path, language="fr", fmt="csv")
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    table[2][table[0].index("montant")] = "douze\x0bmille\x01"
    # A CSV file with a NUL byte is refused whole (grants.statement_files): the others stay.
    table[2][table[0].index("libellé")] = STORABLE
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    with open(path, "rb") as handle:
        uploaded = client.post(
            reverse("grants:claim-upload"), {"partnership": "BJ-ANZ-PER", "year": 2026, "file": handle}
        )
    token = uploaded["Location"].rstrip("/").rsplit("/", 1)[-1]

    response = client.get(reverse("grants:claim-upload-errors", args=[token]))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = [cell.value for cell in sheet[3]]
    assert CLEANED in row
    assert row[-1]
