from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict


def test_line_in_a_currency_with_a_rate_passes(audit_line, finding_of):
    result = audit_line(currency="USD", amount=Decimal("1087.20"), invoice_date=date(2024, 3, 5))

    assert finding_of(result, "CURRENCY") is None
    assert result.amount_eur == Decimal("1000.00")


@pytest.mark.parametrize(
    ("declared", "amount_eur"),
    [(Decimal("1234.565"), Decimal("1234.57")), (None, Decimal("0.00"))],
)
def test_line_in_an_unknown_currency_needs_info_and_counts_its_declared_eur(
    audit_line, finding_of, declared, amount_eur
):
    result = audit_line(currency="GHS", amount=Decimal("20000"), declared_amount_eur=declared)

    finding = finding_of(result, "CURRENCY")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.params == {"currency": "GHS", "date_invoice": "2024-03-15"}
    assert result.verdict == Verdict.NEEDS_INFO
    assert result.units_per_eur is None
    assert (result.amount_eur, result.pending_eur) == (amount_eur, amount_eur)


def test_line_before_the_first_rate_of_its_currency_needs_info(audit_line, finding_of):
    result = audit_line(currency="USD", amount=Decimal("100"), invoice_date=date(2023, 12, 31))

    assert finding_of(result, "CURRENCY").outcome == Outcome.NEEDS_INFO


@pytest.mark.parametrize("declared", [Decimal("990.00"), Decimal("1010.00"), Decimal("1000.00")])
def test_declared_eur_within_the_tolerance_passes(audit_line, finding_of, declared):
    result = audit_line(declared_amount_eur=declared)

    assert finding_of(result, "CURRENCY") is None


@pytest.mark.parametrize("declared", [Decimal("989.99"), Decimal("1010.01")])
def test_declared_eur_beyond_the_tolerance_warns_and_the_recomputed_amount_counts(audit_line, finding_of, declared):
    result = audit_line(declared_amount_eur=declared)

    finding = finding_of(result, "CURRENCY")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {
        "amount_declared": str(declared),
        "tolerance_pct": "1.00",
        "amount_computed": "1000.00",
        "rate": "655.957",
        "currency": "XOF",
    }
    assert result.verdict == Verdict.TO_REVIEW
    assert result.pending_eur == Decimal("1000.00")


def test_tolerance_on_the_declared_eur_is_a_programme_parameter(audit_line, make_params, finding_of):
    result = audit_line(params=make_params(currency_tolerance_pct=Decimal("5")), declared_amount_eur=Decimal("960"))

    assert finding_of(result, "CURRENCY") is None


# Exchange-rate methods: the partner received USD 22,000 on 10 February (1.1000 per EUR)
# and USD 10,500 on 5 May (1.0500); the monthly reference rate is 1.0872 in March, 1.0728
# in April, 1.0905 in January.
@pytest.fixture
def usd_claim(make_claim, make_transfer):
    return make_claim(
        transfers=(
            make_transfer(),
            make_transfer(
                received_on=date(2024, 5, 5),
                units_per_eur=Decimal("1.0500"),
                amount_eur=Decimal("10000.00"),
            ),
        )
    )


@pytest.fixture
def usd_line(audit, make_invoice, make_params):
    """Return a function that audits one USD line the partner paid under a method: the claim's result."""

    def _usd_line(claim, method, **overrides):
        fields = {"currency": "USD", "amount": Decimal("1100"), **overrides}
        return audit(make_invoice(**fields), claim=claim, params=make_params(exchange_rate_method=method))

    return _usd_line


def test_monthly_reference_rate_is_the_default_and_shows_no_exchange_difference(usd_line, usd_claim, finding_of):
    result = usd_line(usd_claim, "monthly_reference")

    assert result.invoices[0].units_per_eur == Decimal("1.0872")
    assert result.invoices[0].amount_eur == Decimal("1011.77")
    assert result.exchange_difference_eur == Decimal("0.00")
    assert finding_of(result.invoices[0], "CURRENCY") is None


@pytest.mark.parametrize(
    ("invoice_date", "payment_date", "rate", "amount_eur"),
    [
        # Paid after the first tranche, before the second: the first financed it.
        (date(2024, 3, 15), date(2024, 3, 20), Decimal("1.1000"), Decimal("1000.00")),
        # Invoiced before the second tranche, paid after it: the payment date counts.
        (date(2024, 5, 2), date(2024, 5, 6), Decimal("1.0500"), Decimal("1047.62")),
        # A tranche received on the day of the payment financed it.
        (date(2024, 5, 2), date(2024, 5, 5), Decimal("1.0500"), Decimal("1047.62")),
        # Without a payment date, the invoice date.
        (date(2024, 5, 2), None, Decimal("1.1000"), Decimal("1000.00")),
    ],
)
def test_tranche_transfer_takes_the_rate_of_the_latest_tranche_received_before_the_payment(
    usd_line, usd_claim, finding_of, invoice_date, payment_date, rate, amount_eur
):
    result = usd_line(
        usd_claim,
        "tranche_transfer",
        invoice_date=invoice_date,
        payment_date=payment_date,
    )

    line = result.invoices[0]
    assert (line.units_per_eur, line.amount_eur) == (rate, amount_eur)
    assert finding_of(line, "CURRENCY") is None


def test_exchange_difference_is_the_eur_at_the_method_minus_the_eur_at_the_reference_rate(
    audit, usd_claim, make_invoice, make_params
):
    result = audit(
        make_invoice(line=1, currency="USD", amount=Decimal("1100")),
        make_invoice(
            line=2,
            currency="USD",
            amount=Decimal("1050"),
            invoice_date=date(2024, 4, 30),
            payment_date=date(2024, 5, 6),
        ),
        claim=usd_claim,
        params=make_params(exchange_rate_method="tranche_transfer"),
    )

    # Line 1: 1,000.00 at 1.1000 instead of 1,011.77 at March's 1.0872; line 2: 1,000.00 at
    # 1.0500 instead of 978.75 at April's 1.0728.
    assert result.exchange_difference_eur == Decimal("-11.77") + Decimal("21.25")
    assert result.claimed_eur == Decimal("2000.00")


def test_line_paid_before_the_first_tranche_takes_the_reference_rate_and_warns(usd_line, usd_claim, finding_of):
    result = usd_line(
        usd_claim,
        "tranche_transfer",
        invoice_date=date(2024, 1, 10),
        payment_date=date(2024, 2, 9),
    )

    line = result.invoices[0]
    assert line.units_per_eur == Decimal("1.0905")
    finding = finding_of(line, "CURRENCY")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {"date_spent": "2024-02-09", "currency": "USD", "rate": "1.0905"}
    assert (line.verdict, line.pending_eur) == (Verdict.TO_REVIEW, line.amount_eur)
    assert result.exchange_difference_eur == Decimal("0.00")


def test_weighted_average_weighs_the_transfer_rates_by_their_eur_amounts(
    audit, usd_claim, make_invoice, make_params, finding_of
):
    result = audit(
        make_invoice(line=1, currency="USD", amount=Decimal("1083.33")),
        make_invoice(
            line=2,
            currency="USD",
            amount=Decimal("2166.67"),
            invoice_date=date(2024, 4, 2),
            payment_date=date(2024, 1, 5),
        ),
        claim=usd_claim,
        params=make_params(exchange_rate_method="weighted_average"),
    )

    # (1.1000 x 20,000 + 1.0500 x 10,000) / 30,000 = 1.0833333..., kept to 6 decimals;
    # the date of a line does not matter, not even before the first tranche.
    assert {line.units_per_eur for line in result.invoices} == {Decimal("1.083333")}
    assert [line.amount_eur for line in result.invoices] == [Decimal("1000.00"), Decimal("2000.00")]
    assert all(finding_of(line, "CURRENCY") is None for line in result.invoices)
    # 996.44 at March's 1.0872 and 2,019.64 at April's 1.0728.
    assert result.exchange_difference_eur == Decimal("3.56") + Decimal("-19.64")


@pytest.mark.parametrize("method", ["tranche_transfer", "weighted_average"])
@pytest.mark.parametrize(
    ("overrides", "rate"),
    [
        # Paid by the Flemish municipality: no tranche financed it.
        ({"currency": "USD", "paid_by": "flemish"}, Decimal("1.0872")),
        # A fixed parity is the only right rate, whatever the tranches' rates.
        ({"currency": "XOF", "payment_date": date(2024, 1, 5)}, Decimal("655.957")),
        ({"currency": "EUR"}, Decimal("1")),
    ],
)
def test_the_method_concerns_only_what_the_partner_paid_in_a_floating_currency(
    usd_line, make_claim, make_transfer, finding_of, method, overrides, rate
):
    claim = make_claim(
        transfers=(
            make_transfer(),
            make_transfer(currency="XOF", units_per_eur=Decimal("650.000")),
        )
    )

    result = usd_line(claim, method, **overrides)

    assert result.invoices[0].units_per_eur == rate
    assert finding_of(result.invoices[0], "CURRENCY") is None
    assert result.exchange_difference_eur == Decimal("0.00")


@pytest.mark.parametrize("method", ["tranche_transfer", "weighted_average"])
def test_without_transfers_in_the_line_currency_the_reference_rate_applies(
    usd_line, make_claim, make_transfer, finding_of, method
):
    claim = make_claim(transfers=(make_transfer(currency="XOF", units_per_eur=Decimal("655.957")),))

    result = usd_line(claim, method)

    assert result.invoices[0].units_per_eur == Decimal("1.0872")
    assert finding_of(result.invoices[0], "CURRENCY") is None


def test_weighted_average_without_eur_transferred_falls_back_to_the_reference_rate(usd_line, make_claim, make_transfer):
    claim = make_claim(transfers=(make_transfer(amount_eur=Decimal("0.00")),))

    result = usd_line(claim, "weighted_average")

    assert result.invoices[0].units_per_eur == Decimal("1.0872")


def test_a_tranche_rate_converts_a_line_without_a_reference_rate(usd_line, make_claim, make_transfer, finding_of):
    claim = make_claim(transfers=(make_transfer(received_on=date(2023, 12, 1)),))

    result = usd_line(
        claim,
        "tranche_transfer",
        invoice_date=date(2023, 12, 20),
        payment_date=date(2023, 12, 22),
    )

    # No monthly rate before January 2024: nothing to compare the tranche's rate with.
    assert (result.invoices[0].units_per_eur, result.invoices[0].amount_eur) == (Decimal("1.1000"), Decimal("1000.00"))
    assert finding_of(result.invoices[0], "CURRENCY") is None
    assert result.exchange_difference_eur == Decimal("0.00")
