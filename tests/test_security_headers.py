"""Every page carries the security headers, and its HTML runs under the Content-Security-Policy.

The policy refuses inline scripts, event handler attributes and inline styles, so the
walk reads the HTML of every page that takes no parameter, plus representative pages
that do, as the programme team and as a partner: anything inline would be silently
blocked in the browser. Downloads are attachments with a name that cannot escape its quotes.
"""

import random
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from demo.documents import scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_statement, write_statement
from grants.models import ExpenseClaim, InvoiceAttachment, Programme
from partnerships.models import Partnership, User
from reporting.models import AnnualReport, EvidenceFile, GenerationStatus, PartnerReport

pytestmark = pytest.mark.django_db

BENIN = "BJ-ANZ-PER"
GLOBE = "GLOBE-2022-2026"
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Pages every signed-in person of the walk must really see, so that a walk that only
# met the sign-in page cannot pass. (A partner's home page sends him to his partnership.)
SEEN_BY_EVERYONE = {"partnerships:partnership-list", "grants:claim-list", "reporting:report-list"}


def patterns_without_parameters(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            # The admin has its own list below: its catch-all pages are not worth walking.
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns_without_parameters(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            yield f"{namespace}{pattern.name}"


def pages_with_parameters(username):
    """Representative pages naming an object, each one the user may open."""
    claim = ExpenseClaim.objects.get(partnership__code=BENIN, year=2025)
    draft = PartnerReport.objects.get(partnership__code=BENIN, year=2026, period="h1")
    pages = {
        "partnership": reverse("partnerships:partnership-detail", kwargs={"code": BENIN}),
        "programme": reverse("grants:programme-detail", kwargs={"code": GLOBE}),
        "claim": reverse("grants:claim-detail", kwargs={"pk": claim.pk}),
        "invoice": reverse("grants:invoice-detail", kwargs={"pk": claim.pk, "line": 1}),
        "report": reverse("reporting:report-detail", kwargs={"pk": draft.pk}),
        "results framework": reverse("reporting:framework-detail", kwargs={"code": BENIN}),
    }
    if username == "coordinator":
        partnership = Partnership.objects.get(code=BENIN)
        pages.update(
            {
                "annual report": reverse("reporting:annual-report-page", kwargs={"code": GLOBE, "year": 2025})
                + "?lang=fr",
                "admin index": reverse("admin:index"),
                "admin changelist": reverse("admin:partnerships_partnership_changelist"),
                "admin change form": reverse("admin:partnerships_partnership_change", args=[partnership.pk]),
                "admin changelist with filters": reverse("admin:grants_invoice_changelist") + "?q=a",
            }
        )
    return pages


class InlineCodeFinder(HTMLParser):
    """Collect what the policy would block: inline scripts, handlers, javascript: URLs, inline styles."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # A JSON data block is not run, so the policy does not concern it.
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")

    handle_startendtag = handle_starttag


def inline_code(response):
    return inline_code_in(response.content.decode(response.charset or "utf-8"))


def inline_code_in(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def policy(response):
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: values for name, *values in directives}


def header_problems(response):
    problems = []
    if "Content-Security-Policy" not in response:
        return ["no Content-Security-Policy"]
    directives = policy(response)
    if directives.get("script-src") != ["'self'"]:
        problems.append(f"script-src is {directives.get('script-src')}")
    if "'unsafe-inline'" in response["Content-Security-Policy"]:
        problems.append("'unsafe-inline' allowed")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options is {response.get('X-Content-Type-Options')}")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')}")
    return problems


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html") and not response.streaming


def served_name(response):
    """The file name a browser would save, read from Content-Disposition."""
    disposition = response["Content-Disposition"]
    encoded = re.search(r"filename\*=utf-8''(\S+)", disposition)
    if encoded:
        return unquote(encoded.group(1))
    return re.search(r'filename="((?:[^"\\]|\\.)*)"', disposition).group(1)


def test_the_policy_allows_scripts_and_styles_from_our_own_files_only(client):
    response = client.get(reverse("login"))

    assert policy(response) == POLICY


@pytest.mark.parametrize("username", [None, "coordinator", "perere"])
def test_every_page_without_parameters_has_the_headers_and_no_inline_code(client, sign_in, username):
    if username:
        sign_in(username)

    problems, answered = {}, set()
    for name in patterns_without_parameters():
        response = client.get(reverse(name))
        found = header_problems(response) + (inline_code(response) if is_html(response) else [])
        if found:
            problems[name] = found
        if response.status_code == 200:
            answered.add(name)

    assert problems == {}
    assert username is None or SEEN_BY_EVERYONE <= answered


@pytest.mark.parametrize("username", ["coordinator", "perere"])
def test_pages_naming_an_object_have_the_headers_and_no_inline_code(client, sign_in, username):
    sign_in(username)

    answers = {}
    for page, url in pages_with_parameters(username).items():
        response = client.get(url)
        answers[page] = (response.status_code, header_problems(response) + inline_code(response))

    assert answers == {page: (200, []) for page in answers}


def test_the_server_error_page_needs_neither_inline_code_nor_static_files():
    html = render_to_string("500.html")

    assert inline_code_in(html) == []
    assert "/static/" not in html


def test_the_annual_report_page_links_its_style_sheet_instead_of_inlining_it(client, sign_in):
    sign_in("coordinator")

    response = client.get(reverse("reporting:annual-report-page", kwargs={"code": GLOBE, "year": 2025}), {"lang": "fr"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<style" not in content
    assert re.search(r'<link rel="stylesheet" href="[^"]*annual-report[^"]*\.css">', content)


def claim_audit(client, settings, tmp_path):
    claim = ExpenseClaim.objects.get(partnership__code=BENIN, year=2025)
    return "coordinator", reverse("grants:claim-export", kwargs={"pk": claim.pk}) + "?lang=fr"


def invoice_attachment(client, settings, tmp_path):
    claim = ExpenseClaim.objects.get(partnership__code=BENIN, year=2025)
    attachment = InvoiceAttachment.objects.filter(invoice__claim=claim).exclude(file="").first()
    return "perere", reverse("grants:attachment-download", kwargs={"pk": claim.pk, "attachment_id": attachment.pk})


def evidence(client, settings, tmp_path):
    file = EvidenceFile.objects.filter(report__partnership__code=BENIN).first()
    return "perere", reverse("reporting:evidence-download", kwargs={"pk": file.report_id, "evidence_id": file.pk})


def annual_report(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = AnnualReport.objects.create(
        programme=Programme.objects.get(code=GLOBE),
        year=2025,
        language="fr",
        format="pdf",
        status=GenerationStatus.DONE,
    )
    report.file.save(report.download_name, ContentFile(scan_pdf("Rapport", ["2025"])))
    return "coordinator", reverse("reporting:annual-report-download", kwargs={"pk": report.pk})


def iati_file(client, settings, tmp_path):
    return "coordinator", reverse("reporting:iati-export", kwargs={"code": GLOBE})


def statement_errors(client, settings, tmp_path):
    """The errors file of a statement whose name, from the uploader's computer, has quotes and accents."""
    settings.MEDIA_ROOT = tmp_path
    benin = next(p for p in DEMO_PARTNERSHIPS if p.code == BENIN)
    rows = generate_statement(partnership=benin, year=2026, count=3, rng=random.Random(1), traps=False).rows
    path = tmp_path / 'état "mai".csv'
    write_statement(rows, path, language="fr", fmt="csv")
    # The upload waits in the uploader's session: sign in on the client that downloads.
    client.force_login(User.objects.get(username="anzegem"))
    with open(path, "rb") as handle:
        uploaded = client.post(reverse("grants:claim-upload"), {"partnership": BENIN, "year": 2026, "file": handle})
    token = uploaded["Location"].rstrip("/").rsplit("/", 1)[-1]
    return "anzegem", reverse("grants:claim-upload-errors", kwargs={"token": token})


@pytest.mark.parametrize(
    "download", [claim_audit, invoice_attachment, evidence, annual_report, iati_file, statement_errors]
)
def test_a_download_is_an_attachment_with_a_plain_ascii_name(client, sign_in, settings, tmp_path, download):
    username, url = download(client, settings, tmp_path)
    sign_in(username)

    response = client.get(url)

    name = served_name(response)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert name.isascii() and name.isprintable()
    assert not set(name) & set("/\\\"'")
    assert header_problems(response) == []


def test_an_uploaded_file_with_a_hostile_name_is_served_under_a_harmless_one(client, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sign_in("perere")
    draft = PartnerReport.objects.get(partnership__code=BENIN, year=2026, period="h1")
    upload = SimpleUploadedFile('..\\"réunion" du 3-4 mai.pdf', scan_pdf("Liste", ["Présents: 32"]))
    client.post(reverse("reporting:report-evidence", kwargs={"pk": draft.pk}), {"file": upload})
    stored = EvidenceFile.objects.filter(report=draft).latest("pk")

    response = client.get(reverse("reporting:evidence-download", kwargs={"pk": draft.pk, "evidence_id": stored.pk}))

    assert response["Content-Disposition"] == 'attachment; filename="reunion_du_3-4_mai.pdf"'
