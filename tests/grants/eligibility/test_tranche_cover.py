from dataclasses import replace
from datetime import date
from decimal import Decimal

from grants.eligibility.findings import Outcome, Verdict


def eur_lines(make_invoice, *specs):
    return [
        make_invoice(
            line=number,
            invoice_number="T-%s" % number,
            supplier="Fournisseur %s" % number,
            invoice_date=date(2024, 6, number),
            currency="EUR",
            amount=amount,
            paid_by=paid_by,
            quotes=3,
        )
        for number, (amount, paid_by) in enumerate(specs, start=1)
    ]


def test_partner_expenses_within_its_tranches_pass(audit, make_invoice, finding_of):
    lines = eur_lines(make_invoice, (Decimal("30000"), "partner"), (Decimal("20000"), "partner"))

    result = audit(*lines)

    assert [finding_of(invoice, "TRANCHE_COVER") for invoice in result.invoices] == [None, None]


def test_partner_lines_beyond_its_tranches_warn_in_line_order(audit, make_invoice, finding_of):
    lines = eur_lines(
        make_invoice,
        (Decimal("30000"), "partner"),
        (Decimal("25000"), "partner"),
        (Decimal("5000"), "partner"),
    )

    first, second, third = audit(*reversed(lines)).invoices

    assert finding_of(first, "TRANCHE_COVER") is None
    assert finding_of(second, "TRANCHE_COVER").outcome == Outcome.WARN
    assert finding_of(second, "TRANCHE_COVER").params == {
        "amount_spent": "55000.00",
        "amount_received": "50000.00",
        "year": "2024",
    }
    assert finding_of(third, "TRANCHE_COVER") is not None
    assert second.verdict == Verdict.TO_REVIEW


def test_lines_paid_by_the_flemish_municipality_do_not_use_the_partner_tranches(audit, make_invoice, finding_of):
    lines = eur_lines(make_invoice, (Decimal("45000"), "flemish"), (Decimal("20000"), "partner"))

    result = audit(*lines)

    assert finding_of(result.invoices[1], "TRANCHE_COVER") is None


def test_rejected_lines_spend_nothing_of_the_tranches(audit, make_invoice, finding_of):
    first, duplicate, last = eur_lines(
        make_invoice,
        (Decimal("30000"), "partner"),
        (Decimal("30000"), "partner"),
        (Decimal("15000"), "partner"),
    )
    duplicate = replace(duplicate, invoice_number=first.invoice_number, supplier=first.supplier)

    result = audit(first, duplicate, last)

    assert result.invoices[1].verdict == Verdict.INELIGIBLE
    assert finding_of(result.invoices[2], "TRANCHE_COVER") is None
