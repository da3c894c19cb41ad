from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.facts import EarlierInvoice
from grants.eligibility.findings import Outcome, Verdict


def test_different_invoices_of_one_supplier_pass(audit, make_invoice, finding_of):
    first = make_invoice(line=1, invoice_number="F-1", invoice_date=date(2024, 3, 1))
    second = make_invoice(line=2, invoice_number="F-2", invoice_date=date(2024, 3, 2))

    result = audit(first, second)

    assert [finding_of(invoice, "DUPLICATE") for invoice in result.invoices] == [None, None]


@pytest.mark.parametrize(
    ("supplier", "invoice_number"),
    [
        ("Quincaillerie du Plateau", "F-2024-017"),
        ("QUINCAILLERIE DU PLATEAU", "f 2024/017"),
        ("Quincaillerie  du Plateau.", "F2024017"),
    ],
)
def test_same_supplier_and_number_fails_the_later_line_whole(audit, make_invoice, finding_of, supplier, invoice_number):
    first = make_invoice(line=1, invoice_date=date(2024, 3, 1))
    later = make_invoice(line=2, supplier=supplier, invoice_number=invoice_number, invoice_date=date(2024, 5, 2))

    first_result, later_result = audit(first, later).invoices

    assert first_result.verdict == Verdict.ELIGIBLE
    finding = finding_of(later_result, "DUPLICATE")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == Decimal("1000.00")
    assert finding.params == {"other_line": "1"}
    assert later_result.verdict == Verdict.INELIGIBLE


def test_same_supplier_date_amount_and_currency_fails_the_later_line(audit, make_invoice, finding_of):
    first = make_invoice(line=4, invoice_number="F-1")
    later = make_invoice(line=9, invoice_number="REC-77")

    first_result, later_result = audit(later, first).invoices

    assert finding_of(first_result, "DUPLICATE") is None
    assert finding_of(later_result, "DUPLICATE").params == {"other_line": "4"}


@pytest.mark.parametrize(
    "change",
    [
        {"currency": "USD"},
        {"amount": Decimal("1000.01")},
        {"invoice_date": date(2024, 3, 16)},
        {"supplier": "Boulangerie du Plateau"},
    ],
)
def test_same_day_lines_that_differ_in_supplier_amount_or_currency_pass(audit, make_invoice, finding_of, change):
    first = make_invoice(line=1, invoice_number="F-1", currency="EUR", amount=Decimal("1000"))
    second = make_invoice(line=2, invoice_number="F-2", **{"currency": "EUR", "amount": Decimal("1000"), **change})

    result = audit(first, second)

    assert finding_of(result.invoices[1], "DUPLICATE") is None


def test_invoice_of_an_earlier_claim_fails_whole(audit, make_invoice, make_claim, finding_of):
    earlier = EarlierInvoice(
        claim_label="BJ-ANZ-PER/2023",
        line=12,
        supplier="Quincaillerie du Plateau",
        invoice_number="F 2024 017",
        invoice_date=date(2023, 12, 20),
        amount=Decimal("100000"),
        currency="XOF",
    )

    result = audit(make_invoice(), claim=make_claim(earlier_invoices=(earlier,))).invoices[0]

    finding = finding_of(result, "DUPLICATE")
    assert finding.outcome == Outcome.FAIL
    assert finding.params == {"other_claim": "BJ-ANZ-PER/2023", "other_line": "12"}
    assert result.verdict == Verdict.INELIGIBLE


def test_lines_without_invoice_number_are_not_duplicates_by_number(audit, make_invoice, finding_of):
    first = make_invoice(line=1, invoice_number="", invoice_date=date(2024, 3, 1))
    second = make_invoice(line=2, invoice_number="", invoice_date=date(2024, 3, 2))

    result = audit(first, second)

    assert finding_of(result.invoices[1], "DUPLICATE") is None
