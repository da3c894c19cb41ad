"""Invoice scans sent to a claim: checked all-or-nothing, matched by file name, paired by hand, shown on the claim page."""

import hashlib
import io
import random
import zipfile

import pypdfium2
import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from PIL import Image

from demo.documents import scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_statement, write_statement
from grants.models import (
    AttachmentKind,
    ClaimStatus,
    ExpenseClaim,
    Finding,
    InvoiceAttachment,
    MatchedBy,
    ReadingStatus,
)
from grants.pending_uploads import scans_keep, scans_kept
from grants.services.scans import SCAN_MAX_SIDE_PIXELS, ScansRefused, claim_scans_add, claim_scans_progress, scan_pair
from partnerships.models import Role
from tests.claims import claim_of, make_checked_claim
from tests.factories import make_claim, make_user
from tests.hostile_files import pixel_bomb_png

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"grants:{name}", args=args)


def invoice_scan(number):
    return scan_pdf("FACTURE", [f"Facture n° {number}", "Total TTC : 1 500,00 EUR"])


def jpeg(width=800, height=600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


def pdf_of_pages(count):
    pdf = pypdfium2.PdfDocument.new()
    for _ in range(count):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def named(data, name):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def three_scans(claim):
    """A ZIP of two PDFs named after lines 1 and 2 and a phone photo named after nothing."""
    first, second = claim.invoices.order_by("line")[:2]
    return zipped(
        [
            (f"scans/{first.invoice_number}.pdf", invoice_scan(first.invoice_number)),
            (f"scans/facture {second.invoice_number}.pdf", invoice_scan(second.invoice_number)),
            ("scans/IMG_2041.jpg", jpeg()),
        ]
    )


@pytest.fixture
def draft(db):
    return make_claim(lines=3)


@pytest.fixture
def officer(draft):
    return make_user(role=Role.FLEMISH_OFFICER, partnership=draft.partnership)


# The service


def test_zip_of_three_scans_matches_two_by_name_and_leaves_the_photo_unmatched(draft, officer, media_root):
    first, second, _third = draft.invoices.order_by("line")

    added = claim_scans_add(draft, [("scans.zip", three_scans(draft))], officer)

    by_name = {attachment.original_name: attachment for attachment in added}
    assert by_name[f"{first.invoice_number}.pdf"].invoice == first
    assert by_name[f"facture {second.invoice_number}.pdf"].invoice == second
    assert by_name["IMG_2041.jpg"].invoice is None
    assert [a.matched_by for a in added] == [MatchedBy.FILE_NAME, MatchedBy.FILE_NAME, ""]
    assert {a.kind for a in added} == {AttachmentKind.SCAN}
    assert {a.reading_status for a in added} == {ReadingStatus.WAITING}
    for attachment in added:
        with attachment.file.open("rb") as handle:
            assert attachment.sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert by_name[f"{first.invoice_number}.pdf"].pages == 1
    assert by_name["IMG_2041.jpg"].file.name.endswith(".jpg")


def test_file_named_as_a_proof_of_payment_is_kept_as_one_and_not_read(draft, officer, media_root):
    first = draft.invoices.order_by("line").first()

    (proof,) = claim_scans_add(draft, [(f"paiement {first.invoice_number}.pdf", invoice_scan("x"))], officer)

    assert proof.kind == AttachmentKind.PAYMENT_PROOF
    assert proof.invoice == first
    assert proof.reading_status == ""


def test_scans_added_ask_the_worker_to_read_them_once_stored(
    draft, officer, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim_scans_add(draft, [("scans.zip", three_scans(draft))], officer)

    task = DBTaskResult.objects.get()
    assert task.task_path == "grants.tasks.read_claim_scans"
    assert task.args_kwargs["args"] == [draft.pk]


def test_one_bad_file_refuses_the_whole_batch_and_names_every_bad_file(draft, officer, media_root):
    files = [
        ("good.pdf", invoice_scan("T-1")),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("statement.xlsx", b"PK\x03\x04not a workbook"),
    ]

    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, files, officer)

    assert [refusal.name for refusal in refused.value.refusals] == ["page.pdf", "statement.xlsx"]
    assert all("not accepted" in refusal.reason for refusal in refused.value.refusals[:1])
    assert not InvoiceAttachment.objects.filter(claim=draft).exists()


def test_refusals_are_said_in_the_readers_language(draft, officer, media_root):
    with translation.override("fr"), pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("page.pdf", b"<html></html>")], officer)

    assert "Accepted" not in refused.value.refusals[0].reason


def test_a_zip_of_more_files_than_the_limit_is_refused(draft, officer, media_root, settings):
    settings.SCAN_ZIP_MAX_FILES = 2

    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("scans.zip", three_scans(draft))], officer)

    assert refused.value.refusals[0].name == "scans.zip"
    assert "more than 2 files" in refused.value.refusals[0].reason


def test_files_larger_in_all_than_the_limit_are_refused(draft, officer, media_root, settings):
    settings.SCAN_UPLOAD_MAX_BYTES = 1000

    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("a.pdf", invoice_scan("A-1")), ("b.pdf", invoice_scan("B-1"))], officer)

    assert "larger than" in refused.value.refusals[0].reason


def test_a_pixel_bomb_is_refused_before_it_is_decoded(draft, officer, media_root):
    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("plan.png", pixel_bomb_png())], officer)

    assert refused.value.refusals[0].name == "plan.png"
    assert "million pixels" in refused.value.refusals[0].reason


def test_a_pdf_of_too_many_pages_is_refused(draft, officer, media_root):
    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("dossier.pdf", pdf_of_pages(21))], officer)

    assert "21 pages" in refused.value.refusals[0].reason


@pytest.mark.parametrize(
    ("limit", "reason"),
    [("SCAN_ZIP_MAX_FILES", "More than 3 files were sent"), ("SCAN_ZIP_MAX_BYTES", "larger than 0 MB in all")],
)
def test_zips_each_within_the_limits_but_over_them_together_are_refused_before_the_second_is_unpacked(
    draft, officer, media_root, settings, monkeypatch, limit, reason
):
    first, second = (zipped([(f"{zip_}-{n}.pdf", invoice_scan(f"{zip_}-{n}")) for n in (1, 2)]) for zip_ in "AB")
    # Room for one ZIP's two scans, not for the second's.
    setattr(settings, limit, 3 if limit == "SCAN_ZIP_MAX_FILES" else 3 * len(invoice_scan("A-1")))
    read, unpacked = zipfile.ZipFile.read, []

    def counted_read(archive, member, *args, **kwargs):
        unpacked.append(member.filename if isinstance(member, zipfile.ZipInfo) else member)
        return read(archive, member, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "read", counted_read)

    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("a.zip", first), ("b.zip", second)], officer)

    assert unpacked == ["A-1.pdf", "A-2.pdf"]
    assert [(r.name, reason in r.reason) for r in refused.value.refusals] == [("", True)]
    assert not InvoiceAttachment.objects.filter(claim=draft).exists()


def test_a_pdf_whose_page_cannot_be_loaded_is_refused_at_upload(draft, officer, media_root):
    broken = invoice_scan("F-12").replace(b"/Kids [3 0 R]", b"/Kids [9 0 R]")

    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("F-12.pdf", broken)], officer)

    assert refused.value.refusals[0].name == "F-12.pdf"
    assert "damaged" in refused.value.refusals[0].reason


def test_scans_kept_under_a_hidden_or_dotted_name_come_back_rather_than_being_left_out(tmp_path):
    path = tmp_path / "token-scans.upload"

    scans_keep(path, [(".F-12.pdf", b"%PDF-a"), ("...", b"%PDF-b"), ("F-13.pdf", b"%PDF-c")])

    assert scans_kept(path) == [("F-12.pdf", b"%PDF-a"), ("0001", b"%PDF-b"), ("F-13.pdf", b"%PDF-c")]


def test_a_photographed_invoice_keeps_more_pixels_than_other_photos(draft, officer, media_root):
    (photo,) = claim_scans_add(draft, [("photo.jpg", jpeg(4000, 3000))], officer)

    with photo.file.open("rb") as handle:
        assert Image.open(handle).size == (SCAN_MAX_SIDE_PIXELS, 1800)


def test_officer_pairs_an_unmatched_scan_by_hand_and_unpairs_it(draft, officer, media_root):
    (photo,) = claim_scans_add(draft, [("IMG_2041.jpg", jpeg())], officer)
    third = draft.invoices.get(line=3)

    scan_pair(photo, third, officer)
    paired = InvoiceAttachment.objects.get(pk=photo.pk)
    scan_pair(photo, None, officer)
    unpaired = InvoiceAttachment.objects.get(pk=photo.pk)

    assert (paired.invoice, paired.matched_by) == (third, MatchedBy.HAND)
    assert (unpaired.invoice, unpaired.matched_by) == (None, "")


def test_progress_counts_scans_lines_without_one_and_unmatched_files(draft, officer, media_root):
    claim_scans_add(draft, [("scans.zip", three_scans(draft))], officer)

    progress = claim_scans_progress(draft)

    assert (progress.scans, progress.read, progress.waiting, progress.failed) == (3, 0, 3, 0)
    assert (progress.lines_without_scan, progress.unmatched) == (1, 1)


# The pages

CLAIM = "BJ-ANZ-PER/2025"


def test_flemish_officer_adds_a_zip_on_the_claim_page_and_pairs_the_photo_by_hand(client, sign_in, media_root):
    sign_in("anzegem")
    claim = claim_of(CLAIM)
    free = claim.invoices.exclude(attachments__kind=AttachmentKind.SCAN).order_by("line").first()
    archive = zipped([("IMG_2041.jpg", jpeg())])

    added = client.post(url("claim-scans-upload", claim.pk), {"scans": named(archive, "scans.zip")})
    photo = InvoiceAttachment.objects.get(claim=claim, original_name="IMG_2041.jpg")
    page = client.get(url("claim-detail", claim.pk))
    paired = client.post(url("claim-scan-pair", claim.pk, photo.pk), {"line": free.line})

    assert added.status_code == paired.status_code == 302
    assert added["Location"].endswith("#scans")
    assert photo in page.context["unmatched_files"]
    assert 'id="scans"' in page.content.decode()
    photo.refresh_from_db()
    assert (photo.invoice, photo.matched_by) == (free, MatchedBy.HAND)


def test_claim_page_filters_the_lines_without_a_scan(client, sign_in, media_root):
    sign_in("anzegem")
    claim = claim_of(CLAIM)
    without = list(
        claim.invoices.exclude(attachments__kind=AttachmentKind.SCAN).order_by("line").values_list("line", flat=True)
    )

    page = client.get(url("claim-detail", claim.pk), {"scan": "without"})

    assert page.context["page"].paginator.count == len(without) == page.context["scans"].lines_without_scan
    assert [invoice.line for invoice in page.context["invoices"]] == without[:50]


def test_a_file_paired_by_mistake_is_unpaired_with_no_line(client, sign_in, media_root):
    sign_in("anzegem")
    claim = claim_of(CLAIM)
    scan = InvoiceAttachment.objects.scans().filter(claim=claim).exclude(invoice=None).order_by("pk").first()

    response = client.post(url("claim-scan-pair", claim.pk, scan.pk), {"line": ""})

    scan.refresh_from_db()
    assert response.status_code == 302
    assert (scan.invoice, scan.matched_by) == (None, "")


def test_pairing_with_a_line_the_claim_does_not_have_changes_nothing(client, sign_in, media_root):
    sign_in("anzegem")
    claim = claim_of(CLAIM)
    scan = InvoiceAttachment.objects.scans().filter(claim=claim).exclude(invoice=None).order_by("pk").first()
    before = scan.invoice_id

    response = client.post(url("claim-scan-pair", claim.pk, scan.pk), {"line": 99_999})

    scan.refresh_from_db()
    assert response.status_code == 302
    assert scan.invoice_id == before


def test_a_refused_batch_is_listed_file_by_file_and_nothing_is_kept(client, sign_in, media_root):
    sign_in("anzegem")
    claim = claim_of(CLAIM)
    before = InvoiceAttachment.objects.filter(claim=claim).count()
    files = [named(invoice_scan("X-1"), "good.pdf"), named(b"<html></html>", "evil.pdf")]

    response = client.post(url("claim-scans-upload", claim.pk), {"scans": files})

    assert response.status_code == 400
    assert "evil.pdf" in response.content.decode()
    assert "good.pdf" not in response.content.decode()
    assert InvoiceAttachment.objects.filter(claim=claim).count() == before


def test_progress_answers_json_with_the_count_read(client, sign_in, media_root):
    sign_in("perere")
    claim = claim_of(CLAIM)

    response = client.get(url("claim-scans-progress", claim.pk))

    assert response.status_code == 200
    assert set(response.json()) == {"scans", "read", "waiting", "failed", "text"}


def test_progress_tells_a_signed_out_script_so_rather_than_sending_the_sign_in_page(client):
    response = client.get(url("claim-scans-progress", claim_of(CLAIM).pk), headers={"Accept": "application/json"})

    assert response.status_code == 401


def test_municipality_without_the_import_role_may_not_add_scans(client, sign_in, media_root):
    sign_in("perere")
    claim = claim_of(CLAIM)

    response = client.post(url("claim-scans-upload", claim.pk), {"scans": named(invoice_scan("X-1"), "a.pdf")})
    page = client.get(url("claim-detail", claim.pk))

    assert response.status_code == 403
    assert page.context["can_add_scans"] is False
    assert f'action="{url("claim-scans-upload", claim.pk)}"' not in page.content.decode()


NEW_URLS = {
    "upload": ("post", lambda claim, attachment: url("claim-scans-upload", claim.pk)),
    "pair": ("post", lambda claim, attachment: url("claim-scan-pair", claim.pk, attachment.pk)),
    "progress": ("get", lambda claim, attachment: url("claim-scans-progress", claim.pk)),
}


@pytest.mark.parametrize("page", NEW_URLS)
@pytest.mark.parametrize(("username", "reference"), [("sanfelipe", CLAIM), ("perere", "EC-BIE-SFO/2025")])
def test_partner_of_another_partnership_gets_404_on_every_scan_url(client, sign_in, username, reference, page):
    sign_in(username)
    foreign = claim_of(reference)
    attachment = InvoiceAttachment.objects.filter(claim=foreign).order_by("pk").first()
    method, build = NEW_URLS[page]

    response = getattr(client, method)(build(foreign, attachment), {"line": 1})

    assert response.status_code == 404


def test_pairing_a_file_of_another_claim_through_ones_own_answers_404(client, sign_in):
    sign_in("anzegem")
    foreign = InvoiceAttachment.objects.filter(claim=claim_of("EC-BIE-SFO/2025")).order_by("pk").first()

    response = client.post(url("claim-scan-pair", claim_of(CLAIM).pk, foreign.pk), {"line": 1})

    assert response.status_code == 404


# The statement with its scans

UPLOAD_YEAR = 2026


def test_statement_uploaded_with_its_scans_imports_both_on_confirmation(client, sign_in, tmp_path, media_root):
    sign_in("anzegem")
    partnership = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_statement(
        partnership=partnership, year=UPLOAD_YEAR, count=4, rng=random.Random("scans"), traps=False
    ).rows
    path = tmp_path / "etat.csv"
    write_statement(rows, path, language="fr", fmt="csv")
    archive = named(
        zipped(
            [(f"{row['invoice_number']}.pdf", invoice_scan(row["invoice_number"])) for row in rows[:2]]
            + [("IMG_2041.jpg", jpeg())]
        ),
        "scans.zip",
    )

    with open(path, "rb") as statement:
        uploaded = client.post(
            url("claim-upload"),
            {"partnership": "BJ-ANZ-PER", "year": UPLOAD_YEAR, "file": statement, "scans": archive},
        )
    preview = client.get(uploaded["Location"])
    imported = client.post(uploaded["Location"])

    assert uploaded.status_code == 302
    assert (preview.context["scans_sent"], preview.context["scans_matched"]) == (3, 2)
    claim = claim_of(f"BJ-ANZ-PER/{UPLOAD_YEAR}")
    assert imported["Location"] == url("claim-detail", claim.pk)
    assert claim.invoices.count() == 4
    attachments = InvoiceAttachment.objects.filter(claim=claim)
    assert sorted(attachments.exclude(invoice=None).values_list("invoice__line", flat=True)) == [
        rows[0]["line"],
        rows[1]["line"],
    ]
    assert attachments.filter(invoice=None).count() == 1
    assert not list(media_root.glob("imports/*.upload"))


def test_statement_upload_with_a_bad_scan_keeps_nothing_and_says_which(client, sign_in, tmp_path, media_root):
    sign_in("anzegem")
    partnership = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_statement(
        partnership=partnership, year=UPLOAD_YEAR, count=2, rng=random.Random("x"), traps=False
    ).rows
    path = tmp_path / "etat.csv"
    write_statement(rows, path, language="fr", fmt="csv")
    bad = named(b"<html></html>", "evil.pdf")

    with open(path, "rb") as statement:
        response = client.post(
            url("claim-upload"), {"partnership": "BJ-ANZ-PER", "year": UPLOAD_YEAR, "file": statement, "scans": bad}
        )

    assert response.status_code == 400
    assert "evil.pdf" in response.content.decode()
    assert not response.wsgi_request.session.get("statement_uploads")


def test_files_are_refused_when_the_claim_was_signed_off_since_the_page_loaded_it(draft, officer, media_root):
    ExpenseClaim.objects.filter(pk=draft.pk).update(status=ClaimStatus.CLOSED)

    with pytest.raises(ScansRefused) as refused:
        claim_scans_add(draft, [("IMG_2041.jpg", jpeg())], officer)

    assert [refusal.reason for refusal in refused.value.refusals] == ["The claim is signed off and read-only."]
    assert not InvoiceAttachment.objects.filter(claim=draft).exists()


def test_pairing_is_refused_when_the_claim_was_signed_off_since_the_page_loaded_it(draft, officer, media_root):
    (photo,) = claim_scans_add(draft, [("IMG_2041.jpg", jpeg())], officer)
    assert photo.claim.status == ClaimStatus.DRAFT
    ExpenseClaim.objects.filter(pk=draft.pk).update(status=ClaimStatus.CLOSED)

    with pytest.raises(ScansRefused):
        scan_pair(photo, draft.invoices.get(line=3), officer)

    assert InvoiceAttachment.objects.get(pk=photo.pk).invoice is None


def test_pairing_a_read_scan_by_hand_checks_the_claim_in_audit_again(officer, django_capture_on_commit_callbacks):
    claim = make_checked_claim(status=ClaimStatus.SUBMITTED)
    Finding.objects.filter(claim=claim).delete()
    scan = InvoiceAttachment.objects.create(
        claim=claim, kind=AttachmentKind.SCAN, sha256="b" * 64, reading_status=ReadingStatus.READ
    )

    with django_capture_on_commit_callbacks(execute=True):
        scan_pair(scan, claim.invoices.order_by("line").first(), officer)

    assert Finding.objects.filter(claim=claim).exists()
