"""Uploads are recognised by content, kept under their type's extension, images re-encoded and
their pixels counted before decoding; downloads never reach a browser as a page.

The attacks of issue 13 (an authorised test on the production server) are replayed here
through the pages they used: evidence of a partner report, the programme team's evidence,
a municipality's answer to the auditor.
"""

import io
import random
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from PIL import Image, ImageFile, PngImagePlugin

from core.uploaded_files import (
    CSV,
    DOCX,
    JPEG,
    MAX_IMAGE_PIXELS,
    ODT,
    PDF,
    PNG,
    PROOF_TYPES,
    STATEMENT_TYPES,
    XLSX,
    FileRefused,
    accepted_upload,
    detected_type,
    reencoded_image,
    stored_name,
)
from demo.documents import photo_png, scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_statement, write_statement
from grants.models import AttachmentKind, InvoiceAttachment, Programme, Verdict
from grants.services.decisions import DecisionRefused, invoice_answer
from partnerships.models import User
from reporting.models import (
    AnnualReport,
    EvidenceFile,
    GenerationStatus,
    Indicator,
    ProgrammeIndicatorValue,
)
from tests.browsers import messages_of
from tests.claims import claim_of
from tests.hostile_files import HTA, PAGE, SVG, pixel_bomb_png
from tests.reports import demo_draft

GLOBE = "GLOBE-2022-2026"
LIMIT = 10 * 1_048_576


@pytest.fixture(scope="module")
def bomb():
    """The attack's picture: 13000 x 13000 pixels in a small PNG."""
    return pixel_bomb_png(13_000, 13_000)


@pytest.fixture
def no_decoding(monkeypatch):
    """Make decoding an image's pixels fail the test: a refusal must come from the header alone."""

    def decoded(image):
        raise AssertionError(f"{image.size[0]} x {image.size[1]} pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decoded)


def add_evidence(client, name, content):
    return client.post(
        reverse("reporting:report-evidence", kwargs={"pk": demo_draft().pk}),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def evidence_download(client, evidence):
    return client.get(
        reverse("reporting:evidence-download", kwargs={"pk": evidence.report_id, "evidence_id": evidence.pk})
    )


def attachment_download(client, attachment):
    return client.get(
        reverse(
            "grants:attachment-download", kwargs={"pk": attachment.invoice.claim_id, "attachment_id": attachment.pk}
        )
    )


def served(response):
    return b"".join(response.streaming_content)


def served_name(response):
    return response["Content-Disposition"].split('filename="', 1)[1].rstrip('"')


def in_french(message, **values):
    with translation.override("fr"):
        return translation.gettext(message) % values


def png(size=(60, 40), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, 90).save(buffer, format="PNG", **save)
    return buffer.getvalue()


def jpeg(size=(60, 40), **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", **save)
    return buffer.getvalue()


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def refused_types():
    return in_french("This kind of file is not accepted here. Accepted: %(types)s.", types="PDF, JPEG, PNG")


# What a file is: by content only


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (scan_pdf("Liste", ["Présents: 32"]), PDF),
        (photo_png(), PNG),
        (jpeg(), JPEG),
        (workbook(), XLSX),
        (zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), DOCX),
        (zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}), ODT),
        ("\ufeffLigne;Date;Montant\n1;15/03/2026;12,50\n".encode(), CSV),
        (b"line,amount\n1,10\n", CSV),
    ],
)
def test_an_accepted_type_is_recognised_by_its_content(content, expected):
    assert detected_type(content) == expected


@pytest.mark.parametrize(
    "content",
    [
        PAGE,
        SVG,
        b'<?xml version="1.0"?>' + SVG,
        HTA,
        b"%PDF-1.4\n" + HTA,  # a signature, then a page: no PDF ends like that
        b"%PDF-1.4\n" + SVG,
        b"date;amount\n" + PAGE,  # a CSV line over a page
        "date;amount\n1;2\n".encode("utf-16"),
        b"date;amount\n1;\x002\n",
        b"just some words\n",
        zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>", "xl/vbaProject.bin": "macros"}),
        zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "word/vbaProject.bin": "macros"}),
        zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        zipped({"index.html": PAGE}),
        b"PK\x03\x04 not a zip",
        b"MZ\x90\x00",
        b"",
    ],
)
def test_anything_else_is_recognised_as_nothing(content):
    assert detected_type(content) is None


@pytest.mark.parametrize(("fmt", "expected"), [("xlsx", XLSX), ("csv", CSV)])
def test_the_statements_municipalities_send_are_recognised(tmp_path, fmt, expected):
    benin = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_statement(partnership=benin, year=2026, count=20, rng=random.Random(3)).rows
    path = tmp_path / f"etat.{fmt}"
    write_statement(rows, path, language="fr", fmt=fmt)

    assert detected_type(path.read_bytes()) == expected
    assert expected in STATEMENT_TYPES


def test_an_upload_point_takes_only_its_own_part_of_the_list():
    with pytest.raises(FileRefused) as refused:
        accepted_upload(SimpleUploadedFile("etat.xlsx", workbook()), PROOF_TYPES, LIMIT)

    assert str(refused.value) == "This kind of file is not accepted here. Accepted: PDF, JPEG, PNG."


@pytest.mark.parametrize(
    ("name", "file_type", "expected"),
    [
        ("attendance.hta", PDF, "attendance.pdf"),
        ("x.html", PNG, "x.png"),
        ("photo.svg", JPEG, "photo.jpg"),
        ("scan.final.v2.pdf", PDF, "scan_final_v2.pdf"),
        ('..\\"réunion" du 3-4 mai.pdf', PDF, "reunion_du_3-4_mai.pdf"),
        (".htaccess", PDF, "file.pdf"),
        ("", PNG, "file.png"),
        ("a" * 200 + ".jpeg", JPEG, "a" * 60 + ".jpg"),
    ],
)
def test_the_stored_name_is_plain_and_ends_in_the_detected_types_extension(name, file_type, expected):
    assert stored_name(name, file_type) == expected


# Images: counted before decoding, always re-encoded


def test_a_png_with_a_page_appended_is_written_again_without_it():
    original = png(mode="P", transparency=0)

    kept = reencoded_image(original + PAGE, PNG)

    assert b"<script" not in kept
    assert kept.startswith(b"\x89PNG") and kept.endswith(b"IEND\xaeB`\x82")
    again = Image.open(io.BytesIO(kept))
    assert (again.size, again.mode, again.info.get("transparency")) == ((60, 40), "P", 0)
    assert again.tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_a_photo_is_turned_upright_and_loses_its_metadata():
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone on its side
    exif[0x010F] = "PhoneMaker"
    original = jpeg((60, 40), exif=exif.tobytes(), comment=b"GPS 6.37N 2.39E", icc_profile=b"\0" * 64)

    kept = Image.open(io.BytesIO(reencoded_image(original, JPEG)))

    assert kept.size == (40, 60)
    assert not kept.getexif()
    assert not {"exif", "comment", "icc_profile"} & set(kept.info)


def test_a_png_keeps_no_text_nor_colour_profile():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "<script>alert(1)</script>")

    kept = reencoded_image(png(pnginfo=text, icc_profile=b"\0" * 64), PNG)

    assert b"tEXt" not in kept and b"iCCP" not in kept


def test_an_image_that_is_not_what_its_signature_says_cannot_be_read():
    with pytest.raises(FileRefused) as refused:
        accepted_upload(SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + SVG), PROOF_TYPES, LIMIT)

    assert str(refused.value) == "The image cannot be read."


def test_a_picture_of_13000_by_13000_pixels_is_refused_from_its_header(bomb, no_decoding):
    with pytest.raises(FileRefused) as refused:
        accepted_upload(SimpleUploadedFile("plan.png", bomb), PROOF_TYPES, LIMIT)

    assert str(refused.value) == ("The image has more than 40 million pixels: make it smaller and send it again.")


def test_a_picture_just_over_the_limit_is_refused_before_pillow_would_refuse_it(no_decoding):
    over = pixel_bomb_png(8_000, MAX_IMAGE_PIXELS // 8_000 + 1)

    with pytest.warns(Image.DecompressionBombWarning), pytest.raises(FileRefused) as refused:
        reencoded_image(over, PNG)

    assert "40 million pixels" in str(refused.value)


def test_pillow_everywhere_in_the_process_refuses_what_uploads_refuse():
    assert Image.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS


# The attacks, through the pages they used


@pytest.mark.django_db
def test_evidence_named_hta_that_is_a_pdf_is_stored_and_served_as_a_pdf(client, sign_in, media_root):
    sign_in("perere")
    pdf = scan_pdf("Liste de présence", ["Présents: 32"])

    add_evidence(client, "attendance.hta", pdf)

    evidence = EvidenceFile.objects.get(report=demo_draft())
    response = evidence_download(client, evidence)
    assert Path(evidence.file.name).suffix == ".pdf" and evidence.content_type == "application/pdf"
    assert [path.suffix for path in Path(media_root).rglob("*.*")] == [".pdf"]
    assert served_name(response) == "attendance.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert served(response) == pdf


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [("attendance.hta", b"%PDF-1.4\n" + HTA), ("photo.svg", SVG)])
def test_evidence_that_is_a_page_behind_a_signature_or_an_svg_is_refused(client, sign_in, media_root, name, content):
    sign_in("perere")

    response = add_evidence(client, name, content)

    assert refused_types() in messages_of(response)
    assert not EvidenceFile.objects.filter(report=demo_draft()).exists()
    assert not Path(media_root).exists() or not any(Path(media_root).rglob("*.*"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["page.html", "photo.svg"])
def test_evidence_that_is_a_png_with_a_page_appended_is_kept_as_a_clean_png(client, sign_in, media_root, name):
    sign_in("perere")
    picture = png()

    add_evidence(client, name, picture + PAGE)

    evidence = EvidenceFile.objects.get(report=demo_draft())
    stored = evidence.file.open("rb").read()
    assert Path(evidence.file.name).name == Path(name).stem + ".png"
    assert b"<script" not in stored
    assert Image.open(io.BytesIO(stored)).tobytes() == Image.open(io.BytesIO(picture)).tobytes()
    assert evidence_download(client, evidence)["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_evidence_of_13000_by_13000_pixels_is_refused_in_the_readers_language(
    client, sign_in, media_root, bomb, no_decoding
):
    sign_in("perere")

    response = add_evidence(client, "plan.png", bomb)

    message = in_french(
        "The image has more than %(limit)s million pixels: make it smaller and send it again.", limit=40
    )
    assert message in messages_of(response)
    assert not EvidenceFile.objects.filter(report=demo_draft()).exists()


@pytest.mark.django_db
def test_the_programme_teams_evidence_follows_the_same_rules(client, sign_in, media_root):
    indicator = Indicator.objects.get(
        outcome__partnership__isnull=True, outcome__objective__programme__code=GLOBE, code="P4.3.2"
    )
    sign_in("coordinator")
    url = reverse("reporting:programme-value", kwargs={"code": GLOBE, "pk": indicator.pk, "year": 2026})
    picture = png()

    client.post(
        url,
        {
            "value": "450",
            "value_women": "260",
            "value_men": "190",
            "evidence": SimpleUploadedFile("lijst.html", picture + PAGE),
        },
    )

    saved = ProgrammeIndicatorValue.objects.get(indicator=indicator, year=2026)
    response = client.get(reverse("reporting:programme-evidence", kwargs={"code": GLOBE, "pk": saved.pk}))
    assert (Path(saved.evidence.name).name, saved.evidence_type) == ("lijst.png", "image/png")
    assert (served_name(response), response["Content-Type"]) == ("lijst.png", "image/png")
    assert b"<script" not in served(response)


@pytest.fixture
def asked_line():
    """A line of BJ-ANZ-PER/2025 on which the auditor waits for the municipality's answer."""
    invoices = claim_of("BJ-ANZ-PER/2025").invoices
    return invoices.filter(verdict=Verdict.NEEDS_INFO, findings__rule_code="MISSING_DATA").order_by("line").first()


@pytest.mark.django_db
def test_an_answer_named_html_is_stored_and_served_as_what_it_is(client, sign_in, media_root, asked_line):
    sign_in("perere")
    picture = png()

    client.post(
        reverse("grants:invoice-detail", kwargs={"pk": asked_line.claim_id, "line": asked_line.line}),
        {"form": "answer", "comment": "Voici le reçu.", "document": SimpleUploadedFile("x.html", picture + PAGE)},
    )

    answer = InvoiceAttachment.objects.get(invoice=asked_line, kind=AttachmentKind.ANSWER)
    response = attachment_download(client, answer)
    assert Path(answer.file.name).name == "x.png"
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="x.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"<script" not in served(response)


@pytest.mark.django_db
def test_an_answer_that_is_too_large_or_a_page_is_refused_beside_the_document(
    client, sign_in, media_root, asked_line, settings
):
    settings.ANSWER_UPLOAD_MAX_BYTES = 1_048_576
    sign_in("perere")
    url = reverse("grants:invoice-detail", kwargs={"pk": asked_line.claim_id, "line": asked_line.line})

    for name, content, message in [
        ("x.html", PAGE, refused_types()),
        (
            "grand.pdf",
            b"%PDF-1.4\n" + bytes(1_048_576) + b"%%EOF",
            in_french("The file is larger than %(limit)s MB.", limit=1),
        ),
    ]:
        response = client.post(url, {"form": "answer", "comment": "", "document": SimpleUploadedFile(name, content)})

        assert response.context["answer_form"].errors["document"] == [message]
    assert not InvoiceAttachment.objects.filter(invoice=asked_line, kind=AttachmentKind.ANSWER).exists()


@pytest.mark.django_db
def test_an_answer_stored_by_any_caller_is_checked_and_named_by_its_type(asked_line, media_root):
    perere = User.objects.get(username="perere")

    with pytest.raises(DecisionRefused):
        invoice_answer(invoice=asked_line, user=perere, comment="", upload=ContentFile(PAGE, name="x.html"))
    answer = invoice_answer(invoice=asked_line, user=perere, comment="", upload=ContentFile(png(), name="x.html"))

    assert Path(answer.file.name).name == "x.png"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored_as", "content", "name", "content_type"),
    [
        ("x.html", png(), "x.png", "image/png"),
        ("attendance.hta", scan_pdf("Liste", ["32"]), "attendance.pdf", "application/pdf"),
        ("page.html", PAGE, "page.bin", "application/octet-stream"),
        ("releve.xlsx", workbook(), "releve.xlsx", XLSX.content_type),
    ],
)
def test_a_file_stored_before_uploads_were_renamed_leaves_under_its_contents_type(
    client, sign_in, media_root, stored_as, content, name, content_type
):
    """Attachments keep no type: it is read from the file's content at each download."""
    invoice = claim_of("BJ-ANZ-PER/2025").invoices.order_by("line").first()
    attachment = InvoiceAttachment.objects.create(
        claim_id=invoice.claim_id,
        invoice=invoice,
        kind=AttachmentKind.ANSWER,
        file=ContentFile(content, name=stored_as),
    )
    sign_in("auditor")

    response = attachment_download(client, attachment)

    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_annual_report_as_a_web_page_is_downloaded_as_a_file_not_shown(client, sign_in, media_root):
    report = AnnualReport.objects.create(
        programme=Programme.objects.get(code=GLOBE),
        year=2025,
        language="fr",
        format="html",
        status=GenerationStatus.DONE,
    )
    report.file.save(report.download_name, ContentFile(b"<!doctype html><html><body>Rapport 2025</body></html>"))
    sign_in("coordinator")

    response = client.get(reverse("reporting:annual-report-download", kwargs={"pk": report.pk}))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="GLOBE-2022-2026-2025-fr.html"'
