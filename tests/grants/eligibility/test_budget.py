from dataclasses import replace
from datetime import date
from decimal import Decimal

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.budget import BudgetRule


def management_lines(make_invoice, *amounts):
    return [
        make_invoice(
            line=number,
            invoice_number="G-%s" % number,
            invoice_date=date(2024, 5, number),
            category="management",
            currency="EUR",
            amount=amount,
            quotes=3,
        )
        for number, amount in enumerate(amounts, start=1)
    ]


def test_accepted_costs_within_the_allocation_plus_flexibility_pass(audit, make_invoice, finding_of):
    lines = management_lines(make_invoice, Decimal("4400.00"), Decimal("4400.00"))

    result = audit(*lines)

    assert [finding_of(invoice, "BUDGET") for invoice in result.invoices] == [None, None]
    assert result.accepted_eur == Decimal("8800.00")


def test_excess_over_the_allocation_is_taken_off_the_highest_lines_first(audit, make_invoice, finding_of):
    lines = management_lines(make_invoice, Decimal("5000.00"), Decimal("4000.00"), Decimal("1500.00"))

    first, second, third = audit(*lines).invoices

    assert (first.verdict, first.accepted_eur) == (Verdict.ELIGIBLE, Decimal("5000.00"))
    assert (second.verdict, second.accepted_eur) == (Verdict.PARTIAL, Decimal("3800.00"))
    assert (third.verdict, third.accepted_eur) == (Verdict.INELIGIBLE, Decimal("0.00"))
    assert finding_of(third, "BUDGET").amount_eur == Decimal("1500.00")
    assert finding_of(second, "BUDGET").outcome == Outcome.FAIL
    assert finding_of(second, "BUDGET").params == {
        "amount_accepted": "10500.00",
        "amount_allocation": "8000.00",
        "year": "2024",
        "flexibility_pct": "10.00",
        "amount_taken": "200.00",
    }
    assert finding_of(second, "BUDGET").message == BudgetRule.ABOVE_ALLOCATION["management"]


def test_lines_not_accepted_by_other_rules_neither_count_nor_lose_to_the_budget(audit, make_invoice, finding_of):
    accepted, to_review = management_lines(make_invoice, Decimal("8000.00"), Decimal("4000.00"))
    to_review = replace(to_review, description="Cadeau pour le maire")

    result = audit(accepted, to_review)

    assert [invoice.verdict for invoice in result.invoices] == [Verdict.ELIGIBLE, Verdict.TO_REVIEW]
    assert [finding_of(invoice, "BUDGET") for invoice in result.invoices] == [None, None]
    assert result.pending_eur == Decimal("4000.00")


def test_accepted_credit_notes_lower_the_total_of_the_category(audit, make_invoice, finding_of):
    first, second = management_lines(make_invoice, Decimal("5000.00"), Decimal("4000.00"))
    credit = make_invoice(
        line=3,
        invoice_number="CN-1",
        description="Avoir sur facture G-2",
        category="management",
        currency="EUR",
        amount=Decimal("-500.00"),
    )

    result = audit(first, second, credit)

    assert [finding_of(invoice, "BUDGET") for invoice in result.invoices] == [None, None, None]
    assert result.accepted_eur == Decimal("8500.00")


def test_excess_of_one_cost_category_leaves_the_other_untouched(audit, make_invoice, finding_of):
    management = management_lines(make_invoice, Decimal("9000.00"))[0]
    operational = make_invoice(line=2, invoice_number="O-1", currency="EUR", amount=Decimal("900.00"))

    result = audit(management, operational)

    assert result.invoices[0].accepted_eur == Decimal("8800.00")
    assert finding_of(result.invoices[1], "BUDGET") is None


def test_budget_flexibility_is_a_programme_parameter(audit, make_invoice, make_params):
    lines = management_lines(make_invoice, Decimal("8500.00"))

    result = audit(*lines, params=make_params(budget_flexibility_pct=Decimal("0")))

    assert result.accepted_eur == Decimal("8000.00")
    assert result.rejected_eur == Decimal("500.00")
