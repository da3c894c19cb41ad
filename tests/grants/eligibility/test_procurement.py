from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.procurement import ProcurementRule


@pytest.mark.parametrize(
    ("amount", "vat", "quotes"),
    [
        (Decimal("3000.00"), None, None),
        (Decimal("3500.00"), Decimal("600.00"), None),  # EUR 2,900 excl. VAT
        (Decimal("3500.00"), None, 3),
        (Decimal("45000.00"), None, 3),
    ],
)
def test_purchase_below_the_threshold_or_with_enough_quotes_passes(audit_line, finding_of, amount, vat, quotes):
    result = audit_line(currency="EUR", amount=amount, vat=vat, quotes=quotes)

    assert finding_of(result, "PROCUREMENT") is None


def test_purchase_above_the_formal_threshold_with_too_few_quotes_and_no_procedure_fails_whole(audit_line, finding_of):
    result = audit_line(currency="EUR", amount=Decimal("30000.01"), quotes=2)

    finding = finding_of(result, "PROCUREMENT")
    assert finding.outcome == Outcome.FAIL
    assert finding.amount_eur == Decimal("30000.01")
    assert finding.message == ProcurementRule.FORMAL_PROCEDURE
    assert finding.params == {
        "amount_excl_vat": "30000.01",
        "amount_threshold": "30000.00",
        "quotes_required": "3",
        "quotes": "2",
    }
    assert result.verdict == Verdict.INELIGIBLE


def test_purchase_above_the_formal_threshold_with_a_procedure_reference_passes(audit_line, finding_of):
    result = audit_line(currency="EUR", amount=Decimal("45000.00"), quotes=1, procedure_reference="PN-2024-07")

    assert finding_of(result, "PROCUREMENT") is None


def test_purchase_above_the_formal_threshold_without_quotes_or_reference_asks_for_the_reference(audit_line, finding_of):
    result = audit_line(currency="EUR", amount=Decimal("45000.00"), quotes=None)

    finding = finding_of(result, "PROCUREMENT")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == ProcurementRule.PROCEDURE_UNKNOWN
    assert result.verdict == Verdict.NEEDS_INFO


@pytest.mark.parametrize("quotes", [0, 1, 2])
def test_below_the_formal_threshold_too_few_quotes_ask_for_information_not_a_rejection(audit_line, finding_of, quotes):
    # EUR 4,355 of fish-pond material with one quote was rejected in full in 2025.
    result = audit_line(currency="EUR", amount=Decimal("4355.00"), quotes=quotes)

    finding = finding_of(result, "PROCUREMENT")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == ProcurementRule.TOO_FEW_QUOTES
    assert finding.params["quotes"] == str(quotes)
    assert (result.verdict, result.rejected_eur, result.pending_eur) == (
        Verdict.NEEDS_INFO,
        Decimal("0.00"),
        Decimal("4355.00"),
    )


@pytest.mark.parametrize(
    ("outcome", "verdict", "rejected"),
    [("warn", Verdict.TO_REVIEW, Decimal("0.00")), ("fail", Verdict.INELIGIBLE, Decimal("4355.00"))],
)
def test_the_outcome_of_too_few_quotes_below_the_formal_threshold_is_a_programme_parameter(
    audit_line, make_params, outcome, verdict, rejected
):
    params = make_params(quotes_shortfall_outcome=outcome)

    result = audit_line(params=params, currency="EUR", amount=Decimal("4355.00"), quotes=1)

    assert (result.verdict, result.rejected_eur) == (verdict, rejected)


def test_thresholds_and_quotes_are_programme_parameters(audit_line, make_params, finding_of):
    params = make_params(quotes_threshold_eur=Decimal("5000"), quotes_required=2)

    below = audit_line(params=params, currency="EUR", amount=Decimal("4000"), quotes=0)
    above = audit_line(params=params, currency="EUR", amount=Decimal("6000"), quotes=2)

    assert finding_of(below, "PROCUREMENT") is None
    assert finding_of(above, "PROCUREMENT") is None


def test_partner_paid_purchases_follow_the_thresholds_of_the_partner_country(audit_line, make_params, finding_of):
    params = make_params(partner_procurement_thresholds_eur={"BJ": (Decimal("15000.00"), Decimal("60000.00"))})

    partner = audit_line(params=params, currency="EUR", amount=Decimal("45000.00"), quotes=1, paid_by="partner")
    flemish = audit_line(params=params, currency="EUR", amount=Decimal("45000.00"), quotes=1, paid_by="flemish")

    assert finding_of(partner, "PROCUREMENT").message == ProcurementRule.TOO_FEW_QUOTES
    assert finding_of(partner, "PROCUREMENT").params["amount_threshold"] == "15000.00"
    assert finding_of(flemish, "PROCUREMENT").message == ProcurementRule.FORMAL_PROCEDURE


def split_purchase(make_invoice, days_apart=10, **overrides):
    return [
        make_invoice(
            **{
                "line": number,
                "invoice_number": f"F-{number}",
                "invoice_date": date(2024, 3, 1) + timedelta(days=days_apart * (number - 1)),
                "currency": "EUR",
                "amount": Decimal("12000.00"),
                "quotes": 1,
                "supplier": "Etablissements Agbo",
                **overrides,
            }
        )
        for number in (1, 2, 3)
    ]


def test_a_purchase_split_over_invoices_of_one_supplier_is_judged_whole(audit, make_invoice, finding_of):
    result = audit(*split_purchase(make_invoice))

    middle = finding_of(result.invoices[1], "PROCUREMENT")
    # The fewer quotes are asked about anyway; the split is named where nothing else is found.
    assert middle.message == ProcurementRule.TOO_FEW_QUOTES
    only_split = audit(*split_purchase(make_invoice, quotes=3)).invoices
    assert {finding_of(line, "PROCUREMENT").message for line in only_split} == {ProcurementRule.SPLIT}
    assert finding_of(only_split[1], "PROCUREMENT").params == {
        "others": "2",
        "supplier": "Etablissements Agbo",
        "days": "30",
        "amount_excl_vat": "36000.00",
        "amount_threshold": "30000.00",
    }
    assert {line.verdict for line in only_split} == {Verdict.NEEDS_INFO}


def test_invoices_of_one_supplier_further_apart_than_the_window_are_separate_purchases(audit, make_invoice, finding_of):
    result = audit(*split_purchase(make_invoice, days_apart=31, quotes=3))

    assert [finding_of(line, "PROCUREMENT") for line in result.invoices] == [None, None, None]


def test_a_split_purchase_with_a_procedure_reference_on_one_invoice_passes(audit, make_invoice, finding_of):
    lines = split_purchase(make_invoice, quotes=3)
    lines[0] = replace(lines[0], procedure_reference="PN-2024-03")

    result = audit(*lines)

    assert [finding_of(line, "PROCUREMENT") for line in result.invoices] == [None, None, None]
