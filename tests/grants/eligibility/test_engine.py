from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.engine import line_result
from grants.eligibility.facts import RatePeriod, RateTable
from grants.eligibility.findings import Finding, Outcome, Verdict
from grants.eligibility.rules.base import Line


def finding(outcome, amount="0.00", code="X"):
    return Finding(1, code, outcome, Decimal(amount), "message", {})


def findings_of(outcomes):
    """Return findings written as "fail:200.00 warn": outcomes, with the amount of a failure."""
    return [finding(*item.split(":")) for item in outcomes.split()]


@pytest.mark.parametrize(
    ("amount", "outcomes", "verdict", "accepted", "rejected", "pending"),
    [
        ("1000.00", "", Verdict.ELIGIBLE, "1000.00", "0.00", "0.00"),
        ("1000.00", "fail:1000.00", Verdict.INELIGIBLE, "0.00", "1000.00", "0.00"),
        ("1000.00", "fail:1000.00 needs_info warn", Verdict.INELIGIBLE, "0.00", "1000.00", "0.00"),
        ("1000.00", "fail:700.00 fail:700.00", Verdict.INELIGIBLE, "0.00", "1000.00", "0.00"),
        ("1000.00", "fail:200.00 needs_info", Verdict.NEEDS_INFO, "0.00", "200.00", "800.00"),
        ("1000.00", "needs_info warn", Verdict.NEEDS_INFO, "0.00", "0.00", "1000.00"),
        ("1000.00", "fail:200.00 warn", Verdict.TO_REVIEW, "0.00", "200.00", "800.00"),
        ("1000.00", "warn", Verdict.TO_REVIEW, "0.00", "0.00", "1000.00"),
        ("1000.00", "fail:200.00 fail:50.00", Verdict.PARTIAL, "750.00", "250.00", "0.00"),
        ("0.00", "fail:0.00", Verdict.INELIGIBLE, "0.00", "0.00", "0.00"),
        ("-100.00", "fail:-100.00", Verdict.INELIGIBLE, "0.00", "-100.00", "0.00"),
        ("-100.00", "fail:-30.00", Verdict.PARTIAL, "-70.00", "-30.00", "0.00"),
        ("-100.00", "", Verdict.ELIGIBLE, "-100.00", "0.00", "0.00"),
    ],
)
def test_findings_combine_into_the_verdict_and_split_of_the_line(
    make_invoice, amount, outcomes, verdict, accepted, rejected, pending
):
    line = Line(make_invoice(), Decimal(amount), Decimal("1"), "")

    result = line_result(line, findings_of(outcomes))

    assert result.verdict == verdict
    assert (result.accepted_eur, result.rejected_eur, result.pending_eur) == (
        Decimal(accepted),
        Decimal(rejected),
        Decimal(pending),
    )


def test_findings_of_a_line_are_sorted_by_code(make_invoice):
    line = Line(make_invoice(), Decimal("1000.00"), Decimal("1"), "")

    result = line_result(line, [finding(Outcome.WARN, code="TRAVEL_CLASS"), finding(Outcome.WARN, code="KEYWORDS")])

    assert [item.code for item in result.findings] == ["KEYWORDS", "TRAVEL_CLASS"]


@pytest.mark.parametrize(
    ("currency", "amount", "invoice_date", "rate", "amount_eur"),
    [
        ("EUR", Decimal("10.005"), date(2024, 3, 15), Decimal("1"), Decimal("10.01")),
        ("XOF", Decimal("1000000"), date(2024, 3, 15), Decimal("655.957"), Decimal("1524.49")),
        ("XOF", Decimal("328"), date(2024, 3, 15), Decimal("655.957"), Decimal("0.50")),
        ("USD", Decimal("1000"), date(2024, 3, 31), Decimal("1.0872"), Decimal("919.79")),
        ("USD", Decimal("1000"), date(2024, 4, 1), Decimal("1.0728"), Decimal("932.14")),
        # After the last published month: the latest earlier rate (June).
        ("USD", Decimal("1000"), date(2024, 9, 10), Decimal("1.0759"), Decimal("929.45")),
    ],
)
def test_eur_amount_uses_the_rate_of_the_invoice_date_rounded_half_up(
    audit_line, currency, amount, invoice_date, rate, amount_eur
):
    result = audit_line(currency=currency, amount=amount, invoice_date=invoice_date)

    assert (result.units_per_eur, result.amount_eur) == (rate, amount_eur)


def test_xof_keeps_its_fixed_parity_whatever_the_rate_table_says(audit_line):
    rates = RateTable(periods={"XOF": (RatePeriod(date(2024, 1, 1), None, Decimal("600")),)})

    result = audit_line(rates=rates, currency="XOF", amount=Decimal("655957"))

    assert (result.units_per_eur, result.amount_eur) == (Decimal("655.957"), Decimal("1000.00"))


@pytest.mark.parametrize(
    ("invoice_date", "rate"),
    [
        (date(2024, 2, 15), Decimal("25.00")),  # in the gap: January's rate
        (date(2024, 3, 15), Decimal("24.00")),  # open-ended period
        (date(2025, 1, 15), Decimal("24.00")),
    ],
)
def test_rate_of_a_date_without_its_own_period_is_the_latest_earlier_one(audit_line, invoice_date, rate):
    periods = (
        RatePeriod(date(2024, 1, 1), date(2024, 1, 31), Decimal("25.00")),
        RatePeriod(date(2024, 3, 1), None, Decimal("24.00")),
    )

    result = audit_line(
        rates=RateTable(periods={"HNL": periods}),
        currency="HNL",
        amount=Decimal("100"),
        invoice_date=invoice_date,
    )

    assert result.units_per_eur == rate


def test_line_in_an_unknown_currency_is_not_converted(audit_line):
    result = audit_line(currency="ZAR", amount=Decimal("1000"))

    assert (result.units_per_eur, result.amount_eur, result.verdict) == (
        None,
        Decimal("0.00"),
        Verdict.NEEDS_INFO,
    )


def mixed_claim(make_invoice):
    """Lines of every verdict, in several currencies."""
    return [
        make_invoice(line=1),
        make_invoice(
            line=2,
            invoice_number="F-2",
            currency="USD",
            amount=Decimal("333.33"),
            description="Bière",
        ),
        make_invoice(
            line=3,
            invoice_number="F-3",
            currency="EUR",
            amount=Decimal("1210.01"),
            vat=Decimal("210.01"),
            paid_by="flemish",
        ),
        make_invoice(line=4, invoice_number="F-4", invoice_date=date(2023, 12, 1), payment_date=date(2023, 12, 5)),
        make_invoice(line=5, invoice_number="F-5", currency="XOF", amount=Decimal("12345"), payment_date=None),
        make_invoice(
            line=6,
            invoice_number="F-6",
            currency="EUR",
            amount=Decimal("-20.00"),
            description="Avoir F-2",
        ),
        make_invoice(
            line=7,
            invoice_number="F-7",
            currency="EUR",
            amount=Decimal("250.00"),
            description="Per diem 3 jours",
        ),
        make_invoice(
            line=8,
            invoice_number="F-8",
            currency="GHS",
            amount=Decimal("999"),
            declared_amount_eur=Decimal("61.115"),
        ),
    ]


def test_money_is_conserved_to_the_cent_per_line_and_per_claim(audit, make_invoice, make_claim):
    result = audit(*mixed_claim(make_invoice), claim=make_claim(flemish_recovers_vat=True))

    assert {invoice.verdict for invoice in result.invoices} == {
        Verdict.ELIGIBLE,
        Verdict.TO_REVIEW,
        Verdict.PARTIAL,
        Verdict.INELIGIBLE,
        Verdict.NEEDS_INFO,
    }
    for invoice in result.invoices:
        assert invoice.amount_eur == invoice.accepted_eur + invoice.rejected_eur + invoice.pending_eur
    assert result.claimed_eur == sum(invoice.amount_eur for invoice in result.invoices)
    assert result.accepted_eur == sum(invoice.accepted_eur for invoice in result.invoices)
    assert result.rejected_eur == sum(invoice.rejected_eur for invoice in result.invoices)
    assert result.pending_eur == sum(invoice.pending_eur for invoice in result.invoices)
    assert result.claimed_eur == result.accepted_eur + result.rejected_eur + result.pending_eur


def test_result_does_not_depend_on_the_order_of_the_lines(audit, make_invoice):
    lines = mixed_claim(make_invoice)

    assert audit(*lines) == audit(*reversed(lines))
    assert [invoice.line for invoice in audit(*reversed(lines)).invoices] == list(range(1, 9))


def test_budget_takes_its_excess_after_the_verdicts_of_the_other_rules(audit, make_invoice, make_claim, finding_of):
    claim = make_claim(allocations_eur={"operational": Decimal("900.00"), "management": Decimal("8000.00")})
    lines = [
        make_invoice(line=1, invoice_number="F-1", currency="EUR", amount=Decimal("1000.00")),
        make_invoice(
            line=2,
            invoice_number="F-2",
            currency="EUR",
            amount=Decimal("500.00"),
            description="Vin",
        ),
        make_invoice(line=3, invoice_number="F-3", currency="EUR", amount=Decimal("150.00")),
        make_invoice(
            line=4,
            invoice_number="F-4",
            currency="EUR",
            amount=Decimal("50.00"),
            invoice_date=date(2023, 1, 1),
            payment_date=date(2023, 1, 5),
        ),
    ]

    result = audit(*lines, claim=claim)

    assert [invoice.verdict for invoice in result.invoices] == [
        Verdict.PARTIAL,
        Verdict.TO_REVIEW,
        Verdict.INELIGIBLE,
        Verdict.INELIGIBLE,
    ]
    assert [invoice.accepted_eur for invoice in result.invoices] == [Decimal("990.00"), 0, 0, 0]
    assert finding_of(result.invoices[0], "BUDGET").amount_eur == Decimal("10.00")
    assert finding_of(result.invoices[2], "BUDGET").amount_eur == Decimal("150.00")
    assert finding_of(result.invoices[3], "BUDGET") is None


def test_two_lines_with_one_line_number_are_refused(audit, make_invoice):
    with pytest.raises(ValueError, match="same line number"):
        audit(make_invoice(line=3), make_invoice(line=3, invoice_number="F-9"))


def test_claim_without_lines_totals_zero(audit):
    result = audit()

    assert result.invoices == ()
    assert (result.claimed_eur, result.accepted_eur, result.rejected_eur, result.pending_eur) == (
        0,
        0,
        0,
        0,
    )
