"""Pages of expense claims with the test client: lists, claim, invoice, buttons, answers, uploads, exports.

Built on the demo: BJ-ANZ-PER/2025, SN-ZEM-SOK/2025 and EC-BIE-SFO/2025 are in audit,
NI-MOL-STO/2025 is a draft, every other claim is signed off.
"""

import csv
import io
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from core.formatting import format_money
from demo.documents import scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_statement, write_statement
from grants.models import (
    AttachmentKind,
    AuditDecision,
    ClaimStatus,
    ExchangeRateMethod,
    ExpenseClaim,
    Finding,
    Invoice,
    InvoiceAttachment,
    InvoiceCategory,
    ReasonCode,
    Verdict,
)
from grants.services.audit import claim_audit
from grants.services.decisions import invoice_decide
from partnerships.models import User
from tests.browsers import html_lang, messages_of, signed_in_client, translated
from tests.claims import claim_of, settle_pending, undecided_line

pytestmark = pytest.mark.django_db

IN_AUDIT = ("BJ-ANZ-PER/2025", "SN-ZEM-SOK/2025", "EC-BIE-SFO/2025", "SN-ZEM-SOK/2026")
UPLOAD_YEAR = 2026
DEMO = {partnership.code: partnership for partnership in DEMO_PARTNERSHIPS}


def url(name, *args):
    return reverse(f"grants:{name}", args=args)


def invoice_url(invoice):
    return url("invoice-detail", invoice.claim_id, invoice.line)


def listed_claims(response):
    return [str(claim) for claim in response.context["page"]]


def listed_lines(response):
    return [invoice.line for invoice in response.context["invoices"]]


def download(response):
    return b"".join(response.streaming_content)


# Claim list


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"status": "in_audit"}, lambda claims: claims.filter(status="in_audit"), id="status"),
        pytest.param({"status": "draft"}, lambda claims: claims.filter(status="draft"), id="draft"),
        pytest.param({"year": "2025"}, lambda claims: claims.filter(year=2025), id="year"),
        pytest.param({"country": "SN"}, lambda claims: claims.filter(partnership__country__code="SN"), id="country"),
        pytest.param(
            {"partnership": "BJ-ANZ-PER"},
            lambda claims: claims.filter(partnership__code="BJ-ANZ-PER"),
            id="partnership",
        ),
        pytest.param(
            {"programme": "GLOBE-2022-2026", "country": "BJ", "year": "2024"},
            lambda claims: claims.filter(programme__code="GLOBE-2022-2026", partnership__country__code="BJ", year=2024),
            id="programme-country-year",
        ),
    ],
)
def test_claim_list_filters_show_the_matching_claims(client, sign_in, query, expected):
    sign_in("auditor")

    response = client.get(url("claim-list"), query)

    claims = expected(ExpenseClaim.objects.order_by("-year", "partnership__code", "budget_line__code"))
    assert listed_claims(response) == [str(claim) for claim in claims]
    assert 0 < len(claims) < 25


def test_claim_list_filters_by_status_find_the_demo_claims_in_audit_and_in_draft(client, sign_in):
    sign_in("auditor")

    in_audit = client.get(url("claim-list"), {"status": "in_audit"})
    draft = client.get(url("claim-list"), {"status": "draft"})

    assert sorted(listed_claims(in_audit)) == sorted(IN_AUDIT)
    assert listed_claims(draft) == ["NI-MOL-STO/2025"]


def test_claim_list_shows_every_claim_to_the_auditor_with_its_totals_on_pages(client, sign_in):
    sign_in("auditor")
    total = ExpenseClaim.objects.count()

    first = client.get(url("claim-list"))
    second = client.get(url("claim-list"), {"page": 2})
    third = client.get(url("claim-list"), {"page": 3})

    # 45 claims of partnerships (SN-ZEM-SOK/2026 with its scans) and 28 of the association's own head-office lines.
    assert first.context["page"].paginator.count == total == 73
    assert len(listed_claims(first)) == len(listed_claims(second)) == 25
    assert len(listed_claims(third)) == total - 50
    listed = listed_claims(first) + listed_claims(second) + listed_claims(third)
    assert set(listed) == {str(c) for c in ExpenseClaim.objects.all()}
    assert 'rel="next"' in first.content.decode() and "page=2" in first.content.decode()
    content = first.content.decode()
    shown = claim_of("BJ-ANZ-PER/2025")
    for amount in (shown.claimed_eur, shown.accepted_eur, shown.rejected_eur, shown.pending_eur):
        assert format_money(amount, "EUR", "nl") in content


def test_claim_list_pages_keep_the_filters(client, sign_in):
    sign_in("auditor")

    response = client.get(url("claim-list"), {"programme": "GLOBE-2022-2026", "page": 1})

    assert "programme=GLOBE-2022-2026&amp;page=2" in response.content.decode()


def test_claim_list_runs_the_same_number_of_queries_however_many_claims_it_shows(client, sign_in):
    sign_in("auditor")
    counts = {}

    # Same filter, different numbers of rows: only the rows may change, not the queries.
    for country in ("EC", "SN", "BJ"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("claim-list"), {"country": country})
        counts[len(listed_claims(response))] = len(queries)

    assert len(counts) == 3
    assert len(set(counts.values())) == 1


# Claim page


def lines_of(claim):
    return Invoice.objects.filter(claim=claim)


CLAIM_FILTERS = [
    pytest.param({"verdict": "needs_info"}, lambda lines: lines.filter(verdict="needs_info"), id="verdict"),
    pytest.param({"verdict": "eligible"}, lambda lines: lines.filter(verdict="eligible"), id="verdict-over-pages"),
    pytest.param(
        {"rule": "PER_DIEM"},
        lambda lines: lines.filter(Exists(Finding.objects.filter(invoice=OuterRef("pk"), rule_code="PER_DIEM"))),
        id="rule",
    ),
    pytest.param({"category": "investment"}, lambda lines: lines.filter(category="investment"), id="category"),
    pytest.param({"paid_by": "flemish"}, lambda lines: lines.filter(paid_by="flemish"), id="paid-by"),
    pytest.param(
        {"verdict": "to_review", "category": "operating"},
        lambda lines: lines.filter(verdict="to_review", category="operating"),
        id="verdict-and-category",
    ),
    pytest.param({"sort": "amount"}, lambda lines: lines.order_by("amount_eur", "line"), id="amount-ascending"),
    pytest.param({"sort": "-amount"}, lambda lines: lines.order_by("-amount_eur", "line"), id="amount-descending"),
]


@pytest.mark.parametrize(("query", "expected"), CLAIM_FILTERS)
def test_claim_page_filters_and_sorts_its_lines(client, sign_in, claim, query, expected):
    sign_in("auditor")

    response = client.get(url("claim-detail", claim.pk), query)

    lines = list(expected(lines_of(claim).order_by("line")).values_list("line", flat=True))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == len(lines) > 0
    assert listed_lines(response) == lines[:50]


def test_claim_page_runs_the_same_number_of_queries_for_a_small_and_a_large_claim(client, sign_in):
    sign_in("auditor")
    closed = (
        ExpenseClaim.objects.filter(status=ClaimStatus.CLOSED).annotate(lines=Count("invoices")).order_by("lines", "pk")
    )
    small, large = closed.first(), closed.last()

    with CaptureQueriesContext(connection) as few:
        small_page = client.get(url("claim-detail", small.pk))
    with CaptureQueriesContext(connection) as many:
        large_page = client.get(url("claim-detail", large.pk))

    assert len(listed_lines(small_page)) < len(listed_lines(large_page))
    assert len(many) == len(few)


def test_claim_page_shows_the_findings_in_the_readers_language(client, sign_in, claim):
    sign_in("auditor")
    finding = Finding.objects.filter(invoice__claim=claim, rule_code="MISSING_DATA").order_by("invoice__line").first()

    response = client.get(url("claim-detail", claim.pk), {"rule": "MISSING_DATA"})

    expected = translated(finding.message, "nl") % finding.message_params
    assert escape(expected) in response.content.decode()


def test_claim_page_shows_no_exchange_difference_under_the_monthly_reference_rate(client, sign_in, claim):
    sign_in("auditor")

    response = client.get(url("claim-detail", claim.pk))

    assert response.context["exchange_difference"] is None
    assert "exchange-difference" not in response.content.decode()


def test_claim_page_shows_the_exchange_difference_of_the_programmes_method(client, sign_in):
    sign_in("auditor")
    claim = claim_of("EC-BIE-SFO/2025")
    claim.programme.exchange_rate_method = ExchangeRateMethod.TRANCHE_TRANSFER
    claim.programme.save()
    difference = claim_audit(claim).exchange_difference_eur

    response = client.get(url("claim-detail", claim.pk))

    assert response.context["exchange_difference"] == difference != 0
    assert format_money(difference, "EUR", "nl") in response.content.decode()


# Invoice page: the auditor decides


def decision_post(version=0, **fields):
    return {"form": "decision", "comment": "", "accepted_eur": "", "version": version, **fields}


def test_auditor_decides_through_the_form_and_goes_on_to_the_next_line(client, sign_in, claim):
    auditor = sign_in("auditor")
    invoice = undecided_line(claim, Verdict.TO_REVIEW)
    following = claim.invoices.filter(line__gt=invoice.line).order_by("line").first()

    response = client.post(
        invoice_url(invoice),
        decision_post(verdict="eligible", comment="Nagekeken: in orde.", next="1"),
    )

    assert response.status_code == 302
    assert response["Location"] == invoice_url(following)
    decision = AuditDecision.objects.get(invoice=invoice)
    assert (decision.verdict, decision.auditor, decision.version, decision.accepted_eur) == (
        Verdict.ELIGIBLE,
        auditor,
        1,
        invoice.amount_eur,
    )
    invoice.refresh_from_db()
    assert invoice.verdict == Verdict.ELIGIBLE


def test_auditor_who_saves_without_next_stays_on_the_line(client, sign_in, claim):
    sign_in("auditor")
    invoice = undecided_line(claim, Verdict.TO_REVIEW)

    response = client.post(
        invoice_url(invoice),
        decision_post(verdict="ineligible", reason_codes=["KEYWORDS", "OTHER"], comment="Niet subsidiabel.", next="0"),
    )

    assert response["Location"] == invoice_url(invoice)
    assert AuditDecision.objects.get(invoice=invoice).reason_codes == ["KEYWORDS", "OTHER"]


def test_auditor_accepts_part_of_a_line_with_a_dutch_decimal_comma(client, sign_in, claim):
    sign_in("auditor")
    invoice = undecided_line(claim, Verdict.TO_REVIEW, amount_eur__gt=1000)

    client.post(
        invoice_url(invoice),
        decision_post(verdict="partial", accepted_eur="1000,50", reason_codes=["OTHER"], comment="Deels aanvaard."),
    )

    invoice.refresh_from_db()
    assert (invoice.verdict, invoice.accepted_eur) == (Verdict.PARTIAL, Decimal("1000.50"))
    assert invoice.rejected_eur == invoice.amount_eur - Decimal("1000.50")


def test_refused_decision_shows_why_on_the_form_and_saves_nothing(client, sign_in, claim):
    sign_in("auditor")
    invoice = undecided_line(claim, Verdict.TO_REVIEW)

    response = client.post(invoice_url(invoice), decision_post(verdict="eligible"))

    assert response.status_code == 200
    message = translated("This decision differs from the rules' verdict: explain why in a comment.", "nl")
    assert message in response.context["decision_form"].non_field_errors()
    assert not AuditDecision.objects.filter(invoice=invoice).exists()


def test_decision_on_a_stale_version_shows_the_conflict_and_changes_nothing(client, sign_in, claim):
    sign_in("auditor")
    invoice = undecided_line(claim, Verdict.TO_REVIEW)
    coordinator = User.objects.get(username="coordinator")
    # The coordinator decides while the auditor has the page (version 0) open.
    invoice_decide(invoice=invoice, auditor=coordinator, verdict=Verdict.NEEDS_INFO, comment="Ticket opvragen.")

    response = client.post(
        invoice_url(invoice),
        decision_post(verdict="eligible", comment="In orde.", version=0),
        follow=True,
    )

    with translation.override("nl"):
        expected = translation.gettext(
            "%(auditor)s decided this invoice meanwhile (%(verdict)s). Nothing of yours was saved: "
            "check their decision and decide again if needed."
        ) % {"auditor": coordinator.get_full_name(), "verdict": translation.gettext("Needs information")}
    assert response.redirect_chain == [(invoice_url(invoice), 302)]
    assert expected in messages_of(response)
    decision = AuditDecision.objects.get(invoice=invoice)
    assert (decision.verdict, decision.auditor, decision.version) == (Verdict.NEEDS_INFO, coordinator, 1)


def test_invoice_page_offers_the_keyboard_and_the_neighbour_lines_to_the_auditor(client, sign_in, claim):
    sign_in("auditor")
    invoice = undecided_line(claim, Verdict.TO_REVIEW)

    response = client.get(invoice_url(invoice))

    content = response.content.decode()
    assert f'src="{static("js/invoice-keys.js")}"' in content
    assert 'id="decision-form"' in content
    assert 'id="next-invoice"' in content


def test_invoice_page_shows_the_history_of_the_decision(client, sign_in, claim):
    sign_in("auditor")
    invoice = undecided_line(claim, Verdict.TO_REVIEW)
    coordinator = User.objects.get(username="coordinator")
    invoice_decide(invoice=invoice, auditor=coordinator, verdict=Verdict.NEEDS_INFO, comment="Ticket opvragen.")

    response = client.get(invoice_url(invoice))

    assert [record.history_user for record in response.context["history"]] == [coordinator]
    assert "Ticket opvragen." in response.content.decode()


# Buttons of the claim page

CLAIM_ACTIONS = ("claim-audit", "claim-accept-clean", "claim-sign-off")


def test_auditor_runs_the_checks_and_keeps_the_decisions(client, sign_in, claim):
    sign_in("auditor")
    decisions = list(
        AuditDecision.objects.filter(invoice__claim=claim).order_by("pk").values_list("pk", "verdict", "version")
    )

    response = client.post(url("claim-audit", claim.pk), follow=True)

    assert response.redirect_chain == [(url("claim-detail", claim.pk), 302)]
    with translation.override("nl"):
        count = claim.invoices.count()
        expected = translation.ngettext(
            "The rules checked %(count)s line. Your decisions were kept.",
            "The rules checked %(count)s lines. Your decisions were kept.",
            count,
        ) % {"count": count}
    assert expected in messages_of(response)
    assert (
        list(AuditDecision.objects.filter(invoice__claim=claim).order_by("pk").values_list("pk", "verdict", "version"))
        == decisions
    )


def test_auditor_accepts_all_clean_lines_from_the_claim_page(client, sign_in):
    sign_in("auditor")
    draft = claim_of("NI-MOL-STO/2025")
    client.post(url("claim-audit", draft.pk))
    clean = draft.invoices.filter(engine_verdict=Verdict.ELIGIBLE).count()

    response = client.post(url("claim-accept-clean", draft.pk), follow=True)

    with translation.override("nl"):
        expected = translation.ngettext("%(count)s clean line accepted.", "%(count)s clean lines accepted.", clean) % {
            "count": clean
        }
    assert expected in messages_of(response)
    assert AuditDecision.objects.filter(invoice__claim=draft, verdict=Verdict.ELIGIBLE).count() == clean > 0


def test_sign_off_button_refuses_a_claim_with_pending_lines_with_a_message(client, sign_in, claim):
    sign_in("auditor")

    response = client.post(url("claim-sign-off", claim.pk), {"confirm": "1"}, follow=True)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_AUDIT
    assert response.redirect_chain == [(url("claim-detail", claim.pk), 302)]
    assert len(messages_of(response)) == 1
    assert str(claim.invoices.pending_audit().count()) in messages_of(response)[0]


def test_sign_off_button_closes_a_settled_claim_and_hides_the_buttons(client, sign_in, claim):
    auditor = sign_in("auditor")
    settle_pending(claim, auditor)

    response = client.post(url("claim-sign-off", claim.pk), {"confirm": "1"}, follow=True)

    claim.refresh_from_db()
    assert (claim.status, claim.signed_off_by) == (ClaimStatus.CLOSED, auditor)
    assert response.context["can_audit"] is False
    assert url("claim-sign-off", claim.pk) not in response.content.decode()


@pytest.mark.parametrize("action", CLAIM_ACTIONS)
def test_auditor_cannot_act_on_a_signed_off_claim(client, sign_in, action):
    sign_in("auditor")
    closed = claim_of("BJ-ANZ-PER/2024")

    response = client.post(url(action, closed.pk))

    assert response.status_code == 403


@pytest.mark.parametrize("username", ["perere", "anzegem"])
@pytest.mark.parametrize("action", CLAIM_ACTIONS)
def test_municipalities_cannot_use_the_auditor_buttons(client, sign_in, claim, username, action):
    sign_in(username)
    before = list(claim.invoices.order_by("line").values_list("verdict", "accepted_eur"))

    response = client.post(url(action, claim.pk))

    claim.refresh_from_db()
    assert response.status_code == 403
    assert claim.status == ClaimStatus.IN_AUDIT
    assert list(claim.invoices.order_by("line").values_list("verdict", "accepted_eur")) == before


# Sign-off and submission answer GET with their confirmation page (tests/reporting/test_forgiving_forms.py).
@pytest.mark.parametrize("action", ["claim-audit", "claim-accept-clean"])
def test_claim_buttons_answer_only_to_post(client, sign_in, claim, action):
    sign_in("auditor")

    response = client.get(url(action, claim.pk))

    assert response.status_code == 405


def test_claim_page_shows_the_buttons_to_the_auditor_only(client, sign_in, claim):
    sign_in("perere")

    content = client.get(url("claim-detail", claim.pk)).content.decode()

    for action in CLAIM_ACTIONS:
        assert url(action, claim.pk) not in content


# The municipality side


def test_partner_lists_only_the_claims_of_its_partnership(client, sign_in):
    sign_in("perere")

    response = client.get(url("claim-list"))

    assert sorted(listed_claims(response)) == [f"BJ-ANZ-PER/{year}" for year in range(2022, 2026)]


def test_partner_filtering_on_another_partnership_still_sees_only_its_own_claims(client, sign_in):
    sign_in("perere")

    response = client.get(url("claim-list"), {"partnership": "EC-BIE-SFO"})

    assert all(claim.startswith("BJ-ANZ-PER/") for claim in listed_claims(response))
    assert url("claim-detail", claim_of("EC-BIE-SFO/2025").pk) not in response.content.decode()


def test_a_partners_claim_filter_offers_only_the_partnerships_it_sees(client, sign_in):
    sign_in("perere")

    form = client.get(url("claim-list")).context["filter"].form

    assert [partnership.code for partnership in form.fields["partnership"].queryset] == ["BJ-ANZ-PER"]


@pytest.fixture
def asked_line(claim):
    """A line of BJ-ANZ-PER/2025 on which the rules need information (missing data)."""
    return (
        claim.invoices.filter(verdict=Verdict.NEEDS_INFO, findings__rule_code="MISSING_DATA").order_by("line").first()
    )


def test_partner_reads_the_finding_in_french_and_gets_the_answer_form_not_the_decision_form(
    client, sign_in, asked_line
):
    sign_in("perere")
    finding = asked_line.findings.get(rule_code="MISSING_DATA")

    response = client.get(invoice_url(asked_line))

    content = response.content.decode()
    assert html_lang(response) == "fr"
    assert escape(translated(finding.message, "fr") % finding.message_params) in content
    assert 'name="form" value="answer"' in content
    assert 'id="decision-form"' not in content
    assert 'name="verdict"' not in content


def test_partner_answers_with_a_comment_and_a_pdf_that_the_auditor_then_sees(client, sign_in, asked_line, media_root):
    perere = sign_in("perere")
    pdf = scan_pdf("Reçu", ["Fournisseur : Quincaillerie du Zou", "Facture FV25-00042"])

    response = client.post(
        invoice_url(asked_line),
        {
            "form": "answer",
            "comment": "Voici la facture avec le nom du fournisseur.",
            "document": SimpleUploadedFile("facture.pdf", pdf, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    answer = InvoiceAttachment.objects.get(invoice=asked_line, kind=AttachmentKind.ANSWER)
    assert (answer.uploaded_by, answer.comment) == (perere, "Voici la facture avec le nom du fournisseur.")
    with answer.file.open("rb") as stored:
        assert stored.read() == pdf
    auditor_page = signed_in_client("auditor").get(invoice_url(asked_line)).content.decode()
    assert "Voici la facture avec le nom du fournisseur." in auditor_page
    assert url("attachment-download", asked_line.claim_id, answer.pk) in auditor_page


def test_auditor_sees_the_answer_the_demo_partner_already_gave(client, sign_in):
    sign_in("auditor")
    answer = InvoiceAttachment.objects.get(invoice__claim=claim_of("EC-BIE-SFO/2025"), kind=AttachmentKind.ANSWER)

    response = client.get(invoice_url(answer.invoice))

    assert answer.uploaded_by.username == "sanfelipe"
    assert escape(answer.comment) in response.content.decode()


def test_html_file_renamed_pdf_is_refused_with_a_message_and_nothing_stored(client, sign_in, asked_line, media_root):
    sign_in("perere")
    disguised = b"<!doctype html><html><body><script>alert(1)</script></body></html>"

    response = client.post(
        invoice_url(asked_line),
        {
            "form": "answer",
            "comment": "Voici le document.",
            "document": SimpleUploadedFile("preuve.pdf", disguised, content_type="application/pdf"),
        },
    )

    assert response.status_code == 200
    with translation.override("fr"):
        refusal = translation.gettext("This kind of file is not accepted here. Accepted: %(types)s.")
    assert escape(refusal % {"types": "PDF, JPEG, PNG"}) in response.content.decode()
    assert not InvoiceAttachment.objects.filter(invoice=asked_line, kind=AttachmentKind.ANSWER).exists()
    assert not list(Path(media_root).rglob("*.pdf"))


def test_partner_reads_the_reasons_of_a_rejection_in_french(client, sign_in):
    sign_in("perere")
    decision = (
        AuditDecision.objects.filter(invoice__claim=claim_of("BJ-ANZ-PER/2024"), verdict=Verdict.INELIGIBLE)
        .exclude(reason_codes=[])
        .select_related("invoice")
        .order_by("invoice__line")
        .first()
    )

    response = client.get(invoice_url(decision.invoice))

    content = response.content.decode()
    for code in decision.reason_codes:
        with translation.override("en"):
            msgid = str(ReasonCode(code).label)
        assert escape(translated(msgid, "fr")) in content


def test_partner_cannot_post_a_decision(client, sign_in, asked_line):
    sign_in("perere")

    response = client.post(invoice_url(asked_line), decision_post(verdict="eligible", comment="C'est bon."))

    assert response.status_code == 403
    assert not AuditDecision.objects.filter(invoice=asked_line).exists()


def test_partner_cannot_answer_on_a_line_the_auditor_asked_nothing_about(client, sign_in, claim, media_root):
    sign_in("perere")
    settled = claim.invoices.filter(verdict=Verdict.ELIGIBLE).order_by("line").first()

    response = client.post(invoice_url(settled), {"form": "answer", "comment": "Pour information."})

    assert response.status_code == 403
    assert not InvoiceAttachment.objects.filter(invoice=settled, kind=AttachmentKind.ANSWER).exists()


def test_spanish_partner_sees_its_claims_in_spanish(client, sign_in):
    sign_in("sanfelipe")

    listing = client.get(url("claim-list"))
    page = client.get(url("claim-detail", claim_of("EC-BIE-SFO/2025").pk))

    assert sorted(listed_claims(listing)) == [f"EC-BIE-SFO/{year}" for year in range(2022, 2026)]
    assert html_lang(listing) == html_lang(page) == "es"
    assert escape(translated("Expense claims", "es")) in listing.content.decode()
    assert escape(translated("Accepted", "es")) in page.content.decode()


# Isolation between partnerships


def first_attachment(claim):
    return InvoiceAttachment.objects.filter(invoice__claim=claim).order_by("invoice__line", "pk").first()


FOREIGN_URLS = {
    "claim": ("get", lambda claim: url("claim-detail", claim.pk)),
    "invoice": ("get", lambda claim: url("invoice-detail", claim.pk, 1)),
    "export": ("get", lambda claim: url("claim-export", claim.pk)),
    "attachment": ("get", lambda claim: url("attachment-download", claim.pk, first_attachment(claim).pk)),
    "decision": ("post", lambda claim: url("invoice-detail", claim.pk, 1)),
    "run-the-checks": ("post", lambda claim: url("claim-audit", claim.pk)),
    "accept-clean": ("post", lambda claim: url("claim-accept-clean", claim.pk)),
    "sign-off": ("post", lambda claim: url("claim-sign-off", claim.pk)),
    "submit": ("post", lambda claim: url("claim-submit", claim.pk)),
}
FOREIGN_CLAIMS = [
    ("perere", "EC-BIE-SFO/2025"),
    ("perere", "SN-ZEM-SOK/2024"),
    ("perere", "NI-MOL-STO/2025"),
    ("sanfelipe", "BJ-ANZ-PER/2025"),
    ("sanfelipe", "NI-STR-NGU/2023"),
    ("sanfelipe", "SN-ZEM-SOK/2025"),
]


@pytest.mark.parametrize("page", FOREIGN_URLS)
@pytest.mark.parametrize(("username", "reference"), FOREIGN_CLAIMS)
def test_partner_gets_404_on_every_url_of_another_partnership(client, sign_in, username, reference, page):
    sign_in(username)
    foreign = claim_of(reference)
    method, build = FOREIGN_URLS[page]

    response = getattr(client, method)(build(foreign), decision_post(verdict="eligible", comment="x"))

    assert response.status_code == 404


def test_partner_cannot_reach_another_partnerships_attachment_through_its_own_claim(client, sign_in, claim):
    sign_in("perere")
    foreign = first_attachment(claim_of("EC-BIE-SFO/2025"))

    response = client.get(url("attachment-download", claim.pk, foreign.pk))

    assert response.status_code == 404


# Attachment download


@pytest.mark.parametrize("username", ["auditor", "coordinator", "anzegem", "perere"])
def test_attachment_is_downloaded_as_a_file_by_those_who_see_the_claim(client, sign_in, username):
    sign_in(username)
    scan = (
        InvoiceAttachment.objects.filter(invoice__claim=claim_of("BJ-ANZ-PER/2024"), kind=AttachmentKind.SCAN)
        .order_by("invoice__line")
        .first()
    )

    response = client.get(url("attachment-download", scan.invoice.claim_id, scan.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert Path(scan.file.name).name in response["Content-Disposition"]
    assert download(response).startswith(b"%PDF-")


@pytest.mark.parametrize("username", ["sanfelipe", "sokone", "nuevaguinea"])
def test_attachment_answers_404_to_those_who_do_not_see_the_claim(client, sign_in, username):
    sign_in(username)
    scan = first_attachment(claim_of("BJ-ANZ-PER/2024"))

    response = client.get(url("attachment-download", scan.invoice.claim_id, scan.pk))

    assert response.status_code == 404


def test_attachment_download_requires_sign_in(client):
    scan = first_attachment(claim_of("BJ-ANZ-PER/2024"))

    response = client.get(url("attachment-download", scan.invoice.claim_id, scan.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Upload of a statement


def statement_rows(count=12, seed="upload"):
    return generate_statement(
        partnership=DEMO["BJ-ANZ-PER"], year=UPLOAD_YEAR, count=count, rng=random.Random(seed), traps=False
    ).rows


def write_csv(rows, path):
    write_statement(rows, path, language="fr", fmt="csv")
    return path


def break_cells(path, changes):
    """Overwrite cells of a written CSV statement: {(file row, header): text}."""
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    for (row, header), text in changes.items():
        table[row - 1][table[0].index(header)] = text
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    return path


def preview_figure(response, label):
    """Return the figure the preview shows under `label` (a msgid), in the reader's language (nl)."""
    shown = re.search(
        re.escape(escape(translated(label, "nl"))) + r"</div><strong>([^<]*)</strong>", response.content.decode()
    )
    return shown.group(1)


def upload(client, path, partnership="BJ-ANZ-PER", year=UPLOAD_YEAR):
    with open(path, "rb") as handle:
        return client.post(url("claim-upload"), {"partnership": partnership, "year": year, "file": handle})


def test_flemish_officer_uploads_a_statement_sees_the_preview_and_imports_it(client, sign_in, tmp_path, media_root):
    officer = sign_in("anzegem")
    rows = statement_rows()
    path = write_csv(rows, tmp_path / "etat-depenses-2026.csv")

    uploaded = upload(client, path)
    preview = client.get(uploaded["Location"])
    imported = client.post(uploaded["Location"])

    assert uploaded.status_code == 302
    assert preview.status_code == 200
    assert len(preview.context["preview"].rows) == len(rows)
    assert preview.context["preview"].errors == []
    totals = {}
    for row in rows:
        totals[row["currency"]] = totals.get(row["currency"], Decimal(0)) + row["amount"]
    assert preview.context["preview"].totals_by_currency == totals
    for currency, total in totals.items():
        assert format_money(total, currency, "nl") in preview.content.decode()
    claim = claim_of(f"BJ-ANZ-PER/{UPLOAD_YEAR}")
    assert imported.status_code == 302
    assert imported["Location"] == url("claim-detail", claim.pk)
    assert claim.status == ClaimStatus.DRAFT
    assert list(claim.invoices.order_by("line").values_list("line", "amount", "currency")) == [
        (row["line"], row["amount"], row["currency"]) for row in rows
    ]
    assert claim.submitted_by == officer


def test_preview_imports_nothing_before_confirmation(client, sign_in, tmp_path, media_root):
    sign_in("anzegem")
    path = write_csv(statement_rows(), tmp_path / "etat.csv")

    uploaded = upload(client, path)
    client.get(uploaded["Location"])

    assert not ExpenseClaim.objects.filter(partnership__code="BJ-ANZ-PER", year=UPLOAD_YEAR).exists()


def test_preview_names_the_cost_categories_in_the_readers_language(client, sign_in, tmp_path, media_root):
    sign_in("anzegem")
    path = write_csv(statement_rows(), tmp_path / "etat.csv")

    preview = client.get(upload(client, path)["Location"])

    content = preview.content.decode()
    for category in preview.context["preview"].totals_by_category:
        with translation.override("en"):
            msgid = str(InvoiceCategory(category).label)
        label = translated(msgid, "nl")
        assert f"<td>{escape(label)}</td>" in content


def test_statement_for_a_claim_in_audit_is_refused_with_a_message_and_imports_nothing(
    client, sign_in, tmp_path, media_root, claim
):
    sign_in("anzegem")
    rows = [dict(row, line=row["line"] + 1000) for row in statement_rows()]
    path = write_csv(rows, tmp_path / "etat-2025.csv")
    lines = claim.invoices.count()

    uploaded = upload(client, path, year=2025)
    response = client.post(uploaded["Location"], follow=True)

    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert str(claim) in messages_of(response)[0]
    assert claim.invoices.count() == lines


@pytest.fixture
def bad_statement(tmp_path):
    """A French statement whose file rows 3 and 6 hold an unreadable amount and date."""
    path = write_csv(statement_rows(), tmp_path / "etat-erreurs.csv")
    return break_cells(path, {(3, "montant"): "douze mille", (6, "date facture"): "31/02/2026"})


def test_statement_with_bad_rows_shows_the_errors_and_imports_nothing(client, sign_in, bad_statement, media_root):
    sign_in("anzegem")

    uploaded = upload(client, bad_statement)
    preview = client.get(uploaded["Location"])
    confirmed = client.post(uploaded["Location"])

    errors = preview.context["preview"].errors
    assert {(error.row, error.column) for error in errors} == {(3, "montant"), (6, "date facture")}
    content = preview.content.decode()
    assert escape(translated("Nothing will be imported: correct these rows and upload the file again", "nl")) in content
    assert url("claim-upload-errors", uploaded["Location"].rstrip("/").rsplit("/", 1)[-1]) in content
    assert confirmed.status_code == 200
    assert not ExpenseClaim.objects.filter(partnership__code="BJ-ANZ-PER", year=UPLOAD_YEAR).exists()


@pytest.mark.parametrize(
    ("broken", "bad_lines"),
    [
        pytest.param({}, 0, id="valid"),
        pytest.param({(3, "montant"): "douze mille", (6, "date facture"): "31/02/2026"}, 2, id="two-bad-rows"),
    ],
)
def test_preview_counts_the_lines_read_and_the_lines_with_errors(
    client, sign_in, tmp_path, media_root, broken, bad_lines
):
    sign_in("anzegem")
    path = break_cells(write_csv(statement_rows(count=12), tmp_path / "etat.csv"), broken)

    preview = client.get(upload(client, path)["Location"])

    assert preview_figure(preview, "Lines read") == "12"
    assert preview_figure(preview, "Lines with errors") == str(bad_lines)


def test_file_with_errors_marked_fills_the_bad_cells(client, sign_in, bad_statement, media_root):
    sign_in("anzegem")
    token = upload(client, bad_statement)["Location"].rstrip("/").rsplit("/", 1)[-1]

    response = client.get(url("claim-upload-errors", token))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(download(response))).active
    header = [cell.value for cell in sheet[1]]

    def fill(row, title):
        return sheet.cell(row=row, column=header.index(title) + 1).fill.fgColor.rgb

    assert fill(3, "montant").endswith("F8D7DA")
    assert fill(6, "date facture").endswith("F8D7DA")
    assert not fill(3, "date facture").endswith("F8D7DA")
    assert not fill(4, "montant").endswith("F8D7DA")
    assert sheet.cell(row=3, column=len(header)).value
    assert not sheet.cell(row=4, column=len(header)).value


@pytest.mark.parametrize("username", ["perere", "sanfelipe"])
def test_partner_reporters_cannot_open_the_upload_page(client, sign_in, tmp_path, media_root, username):
    sign_in(username)
    path = write_csv(statement_rows(), tmp_path / "etat.csv")

    page = client.get(url("claim-upload"))
    posted = upload(client, path, partnership="BJ-ANZ-PER")

    assert page.status_code == posted.status_code == 403
    assert not posted.wsgi_request.session.get("statement_uploads")
    assert not list(Path(media_root).rglob("*.upload"))


def test_flemish_officer_is_offered_only_the_partnerships_it_may_import_for(client, sign_in, tmp_path, media_root):
    sign_in("anzegem")
    path = write_csv(statement_rows(), tmp_path / "etat.csv")

    page = client.get(url("claim-upload"))
    refused = upload(client, path, partnership="EC-BIE-SFO")

    assert [code for code, _label in page.context["form"].fields["partnership"].choices] == ["BJ-ANZ-PER"]
    assert refused.status_code == 200
    assert "partnership" in refused.context["form"].errors
    assert not refused.wsgi_request.session.get("statement_uploads")


def test_partner_gets_404_on_the_preview_of_someone_elses_upload(client, sign_in, tmp_path, media_root):
    officer = signed_in_client("anzegem")
    path = write_csv(statement_rows(), tmp_path / "etat.csv")
    token = upload(officer, path)["Location"].rstrip("/").rsplit("/", 1)[-1]
    sign_in("sanfelipe")

    preview = client.get(url("claim-upload-preview", token))
    confirm = client.post(url("claim-upload-preview", token))
    errors = client.get(url("claim-upload-errors", token))

    assert preview.status_code == confirm.status_code == errors.status_code == 404
    assert not ExpenseClaim.objects.filter(partnership__code="BJ-ANZ-PER", year=UPLOAD_YEAR).exists()


def test_partner_cannot_import_for_another_partnership_even_with_its_upload_in_the_session(
    client, sign_in, tmp_path, media_root
):
    sign_in("sanfelipe")
    path = write_csv(statement_rows(), tmp_path / "etat.csv")
    token = "6f1c1a52-7a0e-4f0e-9a55-2d3b8c1f0a11"
    session = client.session
    session["statement_uploads"] = {
        token: {"path": str(path), "name": "etat.csv", "partnership": "BJ-ANZ-PER", "year": UPLOAD_YEAR}
    }
    session.save()

    preview = client.get(url("claim-upload-preview", token))
    confirm = client.post(url("claim-upload-preview", token))

    assert preview.status_code == confirm.status_code == 404
    assert not ExpenseClaim.objects.filter(partnership__code="BJ-ANZ-PER", year=UPLOAD_YEAR).exists()


# Export


@pytest.mark.parametrize(
    ("username", "reference", "lang"),
    [
        ("perere", "BJ-ANZ-PER/2025", "fr"),
        ("sanfelipe", "EC-BIE-SFO/2025", "es"),
        ("auditor", "SN-ZEM-SOK/2025", "nl"),
    ],
)
def test_export_button_gives_the_audit_as_xlsx_in_the_users_language(client, sign_in, username, reference, lang):
    sign_in(username)
    claim = claim_of(reference)

    response = client.get(url("claim-export", claim.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"audit-{claim.partnership.code}-{claim.year}-{lang}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(download(response)), read_only=True)
    assert workbook.sheetnames == [translated("Invoices", lang), translated("Summary", lang)]
    rows = list(workbook[translated("Invoices", lang)].iter_rows(values_only=True))
    assert rows[0][0] == translated("Line", lang)
    assert [row[0] for row in rows[1:]] == list(claim.invoices.order_by("line").values_list("line", flat=True))
