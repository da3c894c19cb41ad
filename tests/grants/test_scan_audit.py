"""SCAN on a stored claim: the audit reads the scans paired with its lines, and those of the
programme's earlier claims, in a fixed number of queries, and stores what SCAN finds."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.formatting import format_date, format_money
from grants.eligibility.rules.scan import ScanRule
from grants.finding_texts import finding_text
from grants.invoice_reading import InvoiceReading, ReadValue
from grants.models import (
    AttachmentKind,
    ClaimStatus,
    Finding,
    FindingOutcome,
    Invoice,
    InvoiceAttachment,
    PaidBy,
    ReadingStatus,
    Verdict,
)
from grants.services.audit import claim_audit, claim_audit_after_reading
from tests.factories import YEAR, make_allocation, make_claim, make_partnership, make_programme

pytestmark = pytest.mark.django_db

SUPPLIER = "T-Quincaillerie du Plateau"


def read(value, text=None):
    return ReadValue(value, text or str(value), 92.5, 1, (120, 80, 360, 110))


def reading(invoice, **overrides):
    """What the reading finds on a faithful scan of `invoice`, as the attachment stores it."""
    values = {
        "amount": read(invoice.amount, f"{invoice.amount} €"),
        "currency": read("EUR", "€"),
        "invoice_date": read(invoice.invoice_date, invoice.invoice_date.strftime("%d/%m/%Y")),
        "invoice_number": read(invoice.invoice_number),
        "supplier": read(invoice.supplier),
        "addressee": read(f"Commune de {invoice.claim.partnership.partner_municipalities.get().name}"),
    }
    return InvoiceReading(**(values | overrides)).to_json()


def attach_scan(invoice, *, claim=None, status=ReadingStatus.READ, sha256=None, **read_overrides):
    return InvoiceAttachment.objects.create(
        claim=claim or invoice.claim,
        invoice=invoice,
        kind=AttachmentKind.SCAN,
        sha256=sha256 or f"{invoice.claim_id:032x}{invoice.line:032x}",
        reading_status=status,
        reading=reading(invoice, **read_overrides) if status == ReadingStatus.READ else {},
    )


@pytest.fixture
def programme():
    return make_programme(scans_required_from_year=YEAR)


@pytest.fixture
def partnership(programme):
    partnership = make_partnership()
    make_allocation(programme=programme, partnership=partnership)
    return partnership


def claim_of(programme, partnership, lines, **overrides):
    """A claim in audit of `lines` lines the other rules pass: paid by the Flemish side, each its own amount."""
    fields = {"programme": programme, "partnership": partnership, "status": ClaimStatus.IN_AUDIT} | overrides
    return make_claim(
        lines=[{"paid_by": PaidBy.FLEMISH, "amount": Decimal("1500.00") + line} for line in range(lines)], **fields
    )


def lines_of(claim):
    return list(Invoice.objects.filter(claim=claim).select_related("claim__partnership").order_by("line"))


def scan_results(claim):
    """Each line's verdict and its SCAN findings as (outcome, message, params)."""
    findings = {}
    for line, outcome, message, params in Finding.objects.filter(claim=claim, rule_code="SCAN").values_list(
        "invoice__line", "outcome", "message", "message_params"
    ):
        findings.setdefault(line, []).append((outcome, message, params))
    return {
        line: (verdict, findings.get(line, []))
        for line, verdict in Invoice.objects.filter(claim=claim).values_list("line", "verdict")
    }


def test_audit_compares_each_lines_scans_with_the_line_and_with_the_programmes_earlier_scans(programme, partnership):
    earlier_claim = claim_of(programme, partnership, 1, year=YEAR - 1, status=ClaimStatus.CLOSED)
    (earlier_line,) = lines_of(earlier_claim)
    attach_scan(earlier_line)
    claim = claim_of(programme, partnership, 8)
    matching, missing, other_total, unreadable, waiting, same_file, same_invoice, someone_else = lines_of(claim)
    first_scan = attach_scan(matching)
    InvoiceAttachment.objects.create(claim=claim, invoice=missing, kind=AttachmentKind.PAYMENT_PROOF)
    attach_scan(other_total, amount=read(Decimal("1600.00")))
    attach_scan(unreadable, status=ReadingStatus.FAILED)
    attach_scan(waiting, status=ReadingStatus.WAITING)
    attach_scan(same_file, sha256=first_scan.sha256)
    attach_scan(same_invoice, supplier=read(SUPPLIER.upper()), invoice_number=read(earlier_line.invoice_number.lower()))
    attach_scan(someone_else, addressee=read("Hôtel du Lac"))
    # A file waiting to be paired is no line's scan: neither missing, nor a duplicate.
    InvoiceAttachment.objects.create(claim=claim, kind=AttachmentKind.SCAN, sha256=first_scan.sha256)

    claim_audit(claim)

    warn, fail, needs_info = FindingOutcome.WARN, FindingOutcome.FAIL, FindingOutcome.NEEDS_INFO
    assert scan_results(claim) == {
        1: (Verdict.ELIGIBLE, []),
        2: (Verdict.NEEDS_INFO, [(needs_info, ScanRule.NO_SCAN, {})]),
        3: (
            Verdict.TO_REVIEW,
            [
                (
                    warn,
                    ScanRule.AMOUNT_DIFFERS,
                    {"money_read": "1600.00 EUR", "money_declared": "1502.00 EUR", "tolerance_pct": "1.00"},
                )
            ],
        ),
        4: (Verdict.TO_REVIEW, [(warn, ScanRule.UNREADABLE, {})]),
        5: (Verdict.ELIGIBLE, []),
        6: (Verdict.INELIGIBLE, [(fail, ScanRule.SAME_FILE_IN_THIS_CLAIM, {"other_line": "1"})]),
        7: (
            Verdict.INELIGIBLE,
            [
                (
                    fail,
                    ScanRule.SAME_INVOICE_IN_EARLIER_CLAIM,
                    {
                        "other_claim": str(earlier_claim),
                        "other_line": "1",
                        "number_read": earlier_line.invoice_number.lower(),
                        "supplier_read": SUPPLIER.upper(),
                    },
                )
            ],
        ),
        8: (Verdict.TO_REVIEW, [(warn, ScanRule.ADDRESSEE, {"addressee_read": "Hôtel du Lac"})]),
    }


def test_a_lines_several_scans_count_as_one_invoice(programme, partnership):
    """A photo a page: the total on one, the number on the other."""
    claim = claim_of(programme, partnership, 1)
    (line,) = lines_of(claim)
    attach_scan(line, sha256="1" * 64, amount=None, currency=None)
    attach_scan(line, sha256="2" * 64, invoice_number=None)

    claim_audit(claim)

    assert scan_results(claim) == {1: (Verdict.ELIGIBLE, [])}


def test_audit_reads_the_scans_in_the_same_number_of_queries_whatever_the_size_of_the_claim(
    programme, partnership, django_assert_num_queries
):
    def scanned_claim(lines, year):
        claim = claim_of(programme, partnership, lines, year=year)
        for invoice in lines_of(claim)[1:]:
            attach_scan(invoice, amount=read(Decimal("1.00")))
            attach_scan(invoice, sha256="f" * 63 + str(invoice.line % 10), status=ReadingStatus.FAILED)
        return claim

    make_allocation(programme=programme, partnership=partnership, year=YEAR + 1)
    small, large = scanned_claim(2, YEAR + 1), scanned_claim(12, YEAR)
    with CaptureQueriesContext(connection) as small_audit:
        claim_audit(small)

    with django_assert_num_queries(len(small_audit.captured_queries)):
        claim_audit(large)

    assert Finding.objects.filter(claim=large, rule_code="SCAN").count() == 12


def test_claims_before_the_programmes_year_of_scans_are_not_asked_for_scans(programme, partnership):
    make_allocation(programme=programme, partnership=partnership, year=YEAR - 1)
    claim = claim_of(programme, partnership, 2, year=YEAR - 1)

    claim_audit(claim)

    assert scan_results(claim) == {1: (Verdict.ELIGIBLE, []), 2: (Verdict.ELIGIBLE, [])}


def test_programme_without_a_year_of_scans_asks_for_none(partnership):
    programme = make_programme()
    make_allocation(programme=programme, partnership=partnership)
    claim = claim_of(programme, partnership, 1)

    claim_audit(claim)

    assert programme.scans_required_from_year is None
    assert scan_results(claim) == {1: (Verdict.ELIGIBLE, [])}


def test_the_audit_runs_again_once_the_claims_last_scan_is_read(programme, partnership):
    claim = claim_of(programme, partnership, 2)
    first, second = lines_of(claim)
    attach_scan(first)
    waiting = attach_scan(second, status=ReadingStatus.WAITING)

    while_waiting = claim_audit_after_reading(claim)
    InvoiceAttachment.objects.filter(pk=waiting.pk).update(
        reading_status=ReadingStatus.READ, reading=reading(second, invoice_date=read(date(YEAR, 1, 2)))
    )
    once_read = claim_audit_after_reading(claim)

    assert while_waiting is None
    assert [line.verdict for line in once_read.invoices] == [Verdict.ELIGIBLE, Verdict.TO_REVIEW]
    assert scan_results(claim)[2][1][0][1] == ScanRule.DATE_DIFFERS


@pytest.mark.parametrize("status", [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.CLOSED])
def test_a_claim_the_auditors_have_not_checked_or_have_signed_off_is_not_run_again(programme, partnership, status):
    claim = claim_of(programme, partnership, 1, status=status)
    attach_scan(lines_of(claim)[0])

    assert claim_audit_after_reading(claim) is None
    assert not Finding.objects.filter(claim=claim).exists()


def test_scan_findings_show_amounts_in_their_currency_and_dates_as_the_reader_writes_them():
    with translation.override("fr"):
        amounts = finding_text(
            ScanRule.AMOUNT_DIFFERS,
            {"money_read": "1250000 XOF", "money_declared": "1200000.00 EUR", "tolerance_pct": "1.00"},
        )
        dates = finding_text(ScanRule.DATE_DIFFERS, {"date_read": "2025-03-12", "date_declared": "2025-03-15"})

    assert format_money(Decimal("1250000"), "XOF", "fr") in amounts
    assert format_money(Decimal("1200000.00"), "EUR", "fr") in amounts
    assert format_date(date(2025, 3, 12), "fr") in dates
    assert "2025-03-12" not in dates
