"""Edge cases of a statement's way through import, audit and export: a file with only the
required columns or an empty first column, a number too large for an amount, a racing
import, XOF without a rate row, a decision that follows a new rate, a draft checked, a
line awaiting information, an uploader deleted, text that looks like a formula."""

import io
from decimal import Decimal

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from grants.exports import claim_audit_workbook
from grants.models import AttachmentKind, ClaimStatus, ExchangeRate, ExpenseClaim, Invoice, InvoiceAttachment, Verdict
from grants.services.audit import claim_audit, rate_table
from grants.services.decisions import invoice_decide
from grants.services.imports import claim_import, statement_parse
from partnerships.models import Partnership, User

pytestmark = pytest.mark.django_db

REQUIRED_ONLY = "line;invoice_date;supplier;invoice_number;description;category;currency;amount;paid_by\n"


def parse(text, name="statement.csv"):
    return statement_parse(File(io.BytesIO(text.encode("utf-8")), name=name))


def import_2026(text, code="BJ-ANZ-PER"):
    preview = parse(text)
    assert preview.is_valid, preview.errors
    return claim_import(partnership=Partnership.objects.get(code=code), year=2026, preview=preview)[0]


def test_a_file_with_only_the_required_columns_imports_with_empty_optional_values():
    claim = import_2026(REQUIRED_ONLY + "1;15/03/2026;Ets. Dossou;F-1;Formation;operating;XOF;125000;partner\n")

    invoice = claim.invoices.get()
    assert (invoice.addressed_to, invoice.has_payment_proof, invoice.payment_date, invoice.quotes) == (
        "",
        False,
        None,
        None,
    )


def test_an_empty_leading_column_is_not_taken_for_the_line_number():
    preview = parse(
        ";" + REQUIRED_ONLY.replace("\n", "") + "\n;1;15/03/2026;X;F-1;Formation;operating;EUR;10;partner\n"
    )

    assert preview.is_valid
    assert preview.rows[0]["line"] == 1


def test_a_huge_number_cell_in_a_workbook_is_refused_as_an_amount():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(REQUIRED_ONLY.strip().split(";"))
    sheet.append([1, "15/03/2026", "X", "F-1", "Formation", "operating", "EUR", 1e15, "partner"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = statement_parse(File(io.BytesIO(buffer.getvalue()), name="statement.xlsx"))

    assert [error.column for error in preview.errors] == ["amount"]


def test_xof_converts_at_the_fixed_parity_even_without_a_rate_row():
    ExchangeRate.objects.filter(currency="XOF").delete()

    assert rate_table().fixed["XOF"] == Decimal("655.957")


def test_an_acceptance_follows_the_amount_when_a_new_rate_changes_it():
    claim = import_2026(REQUIRED_ONLY + "1;15/03/2026;Ets. Dossou;F-1;Formation;operating;GBP;100;partner\n")
    claim.status = ClaimStatus.SUBMITTED
    claim.save()
    claim_audit(claim)
    invoice = claim.invoices.get()
    invoice_decide(
        invoice=invoice, auditor=User.objects.get(username="auditor"), verdict=Verdict.ELIGIBLE, comment="Vérifié."
    )
    ExchangeRate.objects.create(
        currency="GBP",
        valid_from="2026-01-01",
        valid_to="2026-12-31",
        units_per_eur=Decimal("0.8"),
        source="monthly_reference",
    )

    claim_audit(claim)

    invoice.refresh_from_db()
    assert (invoice.amount_eur, invoice.accepted_eur, invoice.rejected_eur) == (
        Decimal("125.00"),
        Decimal("125.00"),
        Decimal("0.00"),
    )


@pytest.mark.parametrize(("declared", "expected"), [("12.34", Decimal("12.34")), ("", Decimal("0.00"))])
def test_a_line_without_a_rate_imports_at_the_eur_the_audit_gives_it(declared, expected):
    claim = import_2026(
        REQUIRED_ONLY.replace("\n", ";amount_eur\n")
        + f"1;15/03/2026;Ets. Dossou;F-1;Formation;operating;GHS;100;partner;{declared}\n"
    )
    imported = claim.invoices.get()

    claim_audit(claim)
    claim.refresh_from_db()

    audited = claim.invoices.get()
    assert (imported.amount_eur, imported.units_per_eur, imported.pending_eur) == (expected, None, expected)
    assert (audited.amount_eur, claim.claimed_eur, claim.pending_eur) == (expected, expected, expected)


def test_checking_a_draft_leaves_it_a_draft_that_takes_lines():
    claim = import_2026(REQUIRED_ONLY + "1;15/03/2026;X;F-1;Formation;operating;EUR;10;partner\n")

    claim_audit(claim)
    claim.refresh_from_db()

    assert claim.status == ClaimStatus.DRAFT
    assert import_2026(REQUIRED_ONLY + "2;16/03/2026;Y;F-2;Atelier;operating;EUR;20;partner\n").invoices.count() == 2


def test_a_claim_with_a_line_awaiting_information_is_not_called_audited():
    claim = import_2026(REQUIRED_ONLY + "1;15/03/2026;X;F-1;Formation;operating;ABC;10;partner\n")
    ExpenseClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED)

    claim_audit(claim)
    claim.refresh_from_db()

    assert claim.invoices.get().verdict == Verdict.NEEDS_INFO
    assert claim.status == ClaimStatus.IN_AUDIT


def test_invoice_page_shows_an_attachment_whose_uploader_is_gone(client, sign_in):
    invoice = Invoice.objects.filter(claim__partnership__code="BJ-ANZ-PER", attachments__isnull=False).first()
    InvoiceAttachment.objects.create(
        claim_id=invoice.claim_id,
        invoice=invoice,
        kind=AttachmentKind.ANSWER,
        comment="Réponse",
        uploaded_by=None,
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
    )
    sign_in("auditor")

    response = client.get(reverse("grants:invoice-detail", kwargs={"pk": invoice.claim_id, "line": invoice.line}))

    assert response.status_code == 200


def test_text_that_looks_like_a_formula_stays_text_in_the_export(tmp_path):
    claim = import_2026(REQUIRED_ONLY + '1;15/03/2026;=HYPERLINK("http://x");F-1;+cmd;operating;EUR;10;partner\n')
    path = tmp_path / "audit.xlsx"

    claim_audit_workbook(claim, "fr", path)

    row = list(load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True))[0]
    assert row[3] == '\'=HYPERLINK("http://x")'
    assert row[5] == "'+cmd"


def test_an_import_racing_another_for_the_same_new_claim_is_refused_with_a_message(monkeypatch):
    from grants.services import imports

    preview = parse(REQUIRED_ONLY + "1;15/03/2026;X;F-1;Formation;operating;EUR;10;partner\n")
    partnership = Partnership.objects.get(code="BJ-ROE-DOG")
    real_filter = imports.ExpenseClaim.objects.select_for_update

    def racing_lookup(**kwargs):
        # The other import commits its claim right after ours looked and found none.
        ExpenseClaim.objects.create(programme=claim_programme(), partnership=partnership, year=2026)
        return real_filter(**kwargs).none()

    monkeypatch.setattr(imports.ExpenseClaim.objects, "select_for_update", racing_lookup)

    with pytest.raises(imports.ImportRefused, match="Another import created the claim"):
        claim_import(partnership=partnership, year=2026, preview=preview)


def claim_programme():
    from grants.models import Programme

    return Programme.objects.get(code="GLOBE-2022-2026")
