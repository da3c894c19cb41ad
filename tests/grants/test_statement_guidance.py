"""The statement upload's guidance (columns, template) and what it does to a draft claim."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import ClaimStatus, ExpenseClaim
from grants.resources import COLUMNS, HEADER_LOOKUP, normalize
from grants.services.audit import claim_audit
from grants.statement_template import CHOICES
from partnerships.models import User
from tests.claims import claim_of

pytestmark = pytest.mark.django_db

CODE = "BJ-ANZ-PER"
# Allocations exist for 2026 but no claim yet: the first import creates one.
YEAR = 2026
LANGUAGES = ("en", "nl", "fr", "es")
FILE_COLUMNS = (
    "line",
    "invoice_date",
    "supplier",
    "invoice_number",
    "description",
    "category",
    "currency",
    "amount",
    "paid_by",
)


def url(name, *args):
    return reverse(f"grants:{name}", args=args)


def statement_csv(lines, header=FILE_COLUMNS):
    """A statement of XOF lines paid by the partner, numbered `lines`, as CSV bytes."""
    rows = [";".join(header)]
    for number in lines:
        rows.append(
            f"{number};1{number % 9}/03/2026;Papeterie Le Savoir;FV26-{number:05d};Fournitures;"
            f"fonctionnement;XOF;{number * 65595.70:.2f};partenaire".replace(".", ",")
        )
    return ("\n".join(rows) + "\n").encode()


def upload(client, content, *, name="etat.csv", mode=None, partnership=CODE, year=YEAR):
    handle = io.BytesIO(content)
    handle.name = name
    data = {"partnership": partnership, "year": year, "file": handle}
    if mode:
        data["mode"] = mode
    response = client.post(url("claim-upload"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def claim_2026():
    return ExpenseClaim.objects.get(partnership__code=CODE, year=YEAR)


def as_user_in(username, language):
    user = User.objects.get(username=username)
    user.language = language
    user.save(update_fields=["language"])
    return user


def preview_of(response):
    return response.context["preview"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_upload_page_lists_the_parsers_columns_titled_in_the_readers_language(client, language):
    client.force_login(as_user_in("anzegem", language))

    columns = client.get(url("claim-upload")).context["columns"]

    assert [HEADER_LOOKUP[normalize(column["title"])] for column in columns] == list(COLUMNS)
    assert [column["required"] for column in columns] == [required for required, _w, _t in COLUMNS.values()]
    assert [column["title"] for column in columns] == [
        titles[LANGUAGES.index(language)] for _r, _w, titles in COLUMNS.values()
    ]
    assert all(column["help"] for column in columns)


def test_upload_page_shows_the_columns_and_the_template_link(client, sign_in):
    sign_in("anzegem")

    content = client.get(url("claim-upload")).content.decode()

    assert url("claim-upload-template") in content
    assert "<code>factuurdatum</code>" in content and "<code>betaald door</code>" in content


def template_sheet(response):
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def choice_lists(sheet):
    """The words of each column's choice list, by column number."""
    return {
        next(iter(validation.sqref.ranges)).min_col: validation.formula1.strip('"').split(",")
        for validation in sheet.data_validations.dataValidation
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_template_is_an_xlsx_with_the_readers_titles_and_choice_lists(client, language):
    client.force_login(as_user_in("anzegem", language))
    titles = [column["title"] for column in client.get(url("claim-upload")).context["columns"]]

    response = client.get(url("claim-upload-template"))
    sheet = template_sheet(response)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    assert [cell.value for cell in sheet[1]] == titles
    assert sheet.max_row == 1
    lists = choice_lists(sheet)
    for name in CHOICES:
        column = list(COLUMNS).index(name) + 1
        widget = COLUMNS[name][1]
        words = lists[column]
        assert len(words) == len(CHOICES[name])
        assert [widget.clean(word) for word in words] == list(CHOICES[name])


@pytest.mark.parametrize("username", ["perere", "sokone"])
def test_template_is_refused_to_who_imports_nothing(client, sign_in, username):
    sign_in(username)

    assert client.get(url("claim-upload-template")).status_code == 403


def filled_template(client):
    """The template downloaded by the signed-in user, with one line filled in as a person would."""
    response = client.get(url("claim-upload-template"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    lists = choice_lists(sheet)
    names = list(COLUMNS)
    values = {
        "line": 1,
        "invoice_date": "15/03/2026",
        "supplier": "Papeterie Le Savoir",
        "invoice_number": "FV26-1",
        "description": "Fournitures de bureau",
        "currency": "XOF",
        "amount": 131191.40,
        "category": lists[names.index("category") + 1][1],
        "paid_by": lists[names.index("paid_by") + 1][1],
        "payment_proof": lists[names.index("payment_proof") + 1][0],
    }
    sheet.append([values.get(name) for name in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("language", LANGUAGES)
def test_template_filled_with_one_line_imports_cleanly(client, media_root, language):
    client.force_login(as_user_in("anzegem", language))
    preview_url = upload(client, filled_template(client), name="template.xlsx")

    preview = client.get(preview_url)
    confirmed = client.post(preview_url, {"mode": "add"})

    assert preview_of(preview).is_valid and preview.context["lines_read"] == 1
    assert confirmed.status_code == 302
    line = claim_2026().invoices.get()
    assert (line.category, line.paid_by, line.has_payment_proof) == ("operating", "partner", True)
    assert line.amount_eur == Decimal("200.00")


def test_reimport_into_a_draft_previews_the_errors_the_confirmation_would_give(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 5))), {"mode": "add"})
    dutch_header = ("nr", *FILE_COLUMNS[1:])
    again = upload(client, statement_csv(range(1, 5), header=dutch_header))

    preview = client.get(again)
    confirmed = client.post(again, {"mode": "add"})

    for response in (preview, confirmed):
        errors = preview_of(response).errors
        assert [(error.row, error.line, error.column) for error in errors] == [
            (2, 1, "nr"),
            (3, 2, "nr"),
            (4, 3, "nr"),
            (5, 4, "nr"),
        ]
        assert response.context["lines_read"] == 4
        assert preview_of(response).bad_row_count == 4
    assert '<input type="hidden" name="mode"' not in preview.content.decode()
    assert claim_2026().invoices.count() == 4


def test_reimport_of_new_line_numbers_into_a_draft_adds_them(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 5))), {"mode": "add"})
    again = upload(client, statement_csv(range(5, 7)))

    preview = client.get(again)
    confirmed = client.post(again, {"mode": "add"})

    assert preview_of(preview).is_valid and preview.context["draft_lines"] == 4
    assert confirmed.status_code == 302
    assert sorted(claim_2026().invoices.values_list("line", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_errors_name_the_files_row_and_its_column_title(client, sign_in, media_root):
    sign_in("anzegem")
    french = (
        "n°",
        "date facture",
        "fournisseur",
        "n° facture",
        "libellé",
        "catégorie",
        "devise",
        "montant",
        "payé par",
    )
    content = statement_csv(range(1, 4), header=french).replace(
        b"FV26-00002;Fournitures;fonctionnement;XOF;", b"FV26-00002;Fournitures;fonctionnement;XOF;douze mille"
    )

    errors = preview_of(client.get(upload(client, content))).errors

    assert [(error.row, error.line, error.column) for error in errors] == [(3, 2, "montant")]


def test_missing_column_is_named_by_its_title_in_the_readers_language(client, sign_in, media_root):
    sign_in("anzegem")
    without_amount = tuple(name for name in FILE_COLUMNS if name != "amount")
    content = statement_csv([], header=without_amount)

    errors = preview_of(client.get(upload(client, content))).errors

    assert [(error.row, error.column) for error in errors] == [(1, "bedrag")]


def test_replacing_a_drafts_lines_leaves_only_the_new_ones_and_their_total(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 5))), {"mode": "add"})
    again = upload(client, statement_csv(range(1, 3)), mode="replace")

    preview = client.get(again)
    confirmed = client.post(again, {"mode": "replace"})

    assert preview_of(preview).is_valid and preview.context["mode"] == "replace"
    assert confirmed.status_code == 302
    claim = claim_2026()
    assert sorted(claim.invoices.values_list("line", flat=True)) == [1, 2]
    assert claim.claimed_eur == Decimal("300.00") == claim.pending_eur


def test_deleting_a_drafts_lines_asks_first_then_deletes_them_all(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 5))), {"mode": "add"})
    claim = claim_2026()
    claim_audit(claim)

    asked = client.get(url("claim-lines-delete", claim.pk))
    lines_after_asking = claim.invoices.count()
    deleted = client.post(url("claim-lines-delete", claim.pk))

    assert asked.status_code == 200 and lines_after_asking == 4
    assert deleted.status_code == 302
    claim.refresh_from_db()
    assert not claim.invoices.exists() and not claim.findings.exists()
    assert claim.claimed_eur == Decimal("0.00")


def test_claim_page_offers_the_draft_actions_to_its_importer_only(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 3))), {"mode": "add"})
    claim = claim_2026()
    delete_url = url("claim-lines-delete", claim.pk)

    for_officer = client.get(url("claim-detail", claim.pk)).content.decode()
    sign_in("perere")
    for_reporter = client.get(url("claim-detail", claim.pk)).content.decode()

    assert delete_url in for_officer and f"?claim={claim.pk}&amp;mode=replace" in for_officer
    assert delete_url not in for_reporter


def test_lines_of_a_submitted_claim_can_be_neither_deleted_nor_replaced(client, sign_in, media_root):
    sign_in("anzegem")
    claim = claim_of(f"{CODE}/2025")
    assert claim.status != ClaimStatus.DRAFT
    lines = claim.invoices.count()

    deleted = client.post(url("claim-lines-delete", claim.pk))
    replace = upload(client, statement_csv(range(1, 3)), mode="replace", year=2025)
    previewed = client.get(replace)
    confirmed = client.post(replace, {"mode": "replace"})

    assert deleted.status_code == 403
    assert str(claim) in previewed.context["claim_error"]
    assert confirmed.context["claim_refused"]
    assert '<input type="hidden" name="mode"' not in previewed.content.decode() + confirmed.content.decode()
    assert url("claim-lines-delete", claim.pk) not in client.get(url("claim-detail", claim.pk)).content.decode()
    assert claim.invoices.count() == lines


@pytest.mark.parametrize(("username", "status"), [("perere", 403), ("sokone", 404), ("sanfelipe", 404)])
def test_other_users_cannot_delete_a_drafts_lines(client, sign_in, media_root, username, status):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 3))), {"mode": "add"})
    claim = claim_2026()
    sign_in(username)

    response = client.post(url("claim-lines-delete", claim.pk))

    assert response.status_code == status
    assert claim.invoices.count() == 2


def test_imported_claim_declares_its_eur_total_before_any_audit_and_the_audit_agrees(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 5))), {"mode": "add"})
    claim = claim_2026()
    declared = claim.claimed_eur
    converted = list(claim.invoices.order_by("line").values_list("amount_eur", flat=True))

    claim_audit(claim)
    claim.refresh_from_db()

    assert declared == Decimal("1000.00")
    assert converted == [Decimal("100.00"), Decimal("200.00"), Decimal("300.00"), Decimal("400.00")]
    assert list(claim.invoices.order_by("line").values_list("amount_eur", flat=True)) == converted
    assert claim.claimed_eur == Decimal("1000.00")


def test_errors_workbook_marks_the_line_numbers_the_draft_already_has(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 3))), {"mode": "add"})
    token = upload(client, statement_csv(range(2, 4))).rstrip("/").rsplit("/", 1)[-1]

    response = client.get(url("claim-upload-errors", token))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active

    assert sheet.cell(row=2, column=1).fill.fgColor.rgb.endswith("F8D7DA")
    assert not sheet.cell(row=3, column=1).fill.fgColor.rgb.endswith("F8D7DA")


def test_replace_link_of_a_draft_opens_the_upload_form_filled_in_for_it(client, sign_in, media_root):
    sign_in("anzegem")
    client.post(upload(client, statement_csv(range(1, 3))), {"mode": "add"})
    claim = claim_2026()

    page = client.get(url("claim-upload"), {"claim": claim.pk, "mode": "replace"})

    assert page.context["form"].initial == {"partnership": CODE, "year": YEAR}
    assert page.context["mode"] == "replace"
