"""Properties of the engine over random claims: money is conserved, line order does not matter."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.eligibility.engine import audit_claim
from grants.eligibility.facts import INVOICE_CATEGORIES, EarlierInvoice, TrancheTransfer
from grants.eligibility.findings import Verdict

# The builder fixtures are plain functions without state: sharing them across examples is safe.
PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def mostly(common, rare):
    """Draw from `common` three times in four, else from `rare`."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda is_common: common if is_common else rare)


# Random lines, mostly plausible, with few suppliers, numbers and dates so that duplicates
# are frequent.
SUPPLIERS = mostly(
    st.sampled_from(["Quincaillerie du Plateau", "QUINCAILLERIE  du plateau.", "Hôtel Kilimandjaro"]),
    st.sampled_from(["Sonatel", ""]),
)
NUMBERS = st.integers(1, 40).map(lambda number: "F-%s" % number) | st.sampled_from(["f 1", "F1", "CN-1", ""])
DESCRIPTIONS = mostly(
    st.just("Ciment"),
    st.sampled_from(
        [
            "Bière et cadeaux",
            "Per diem 3 jours",
            "Viáticos",
            "Hébergement 2 nuits",
            "Hôtel de la délégation",
            "Avoir sur facture F-1",
            "Vol Bruxelles-Cotonou en classe affaires",
            "",
        ]
    ),
)
DATES = mostly(st.dates(date(2024, 1, 1), date(2024, 12, 31)), st.dates(date(2023, 11, 1), date(2025, 5, 31)))
AMOUNTS = mostly(
    st.decimals(min_value="0.01", max_value=40000, places=2),
    st.sampled_from([Decimal("0"), Decimal("-500.00")]) | st.decimals(min_value=-5000, max_value=0, places=2),
)
OPTIONAL_AMOUNTS = mostly(st.none(), st.decimals(min_value=-100, max_value=5000, places=3))

RANDOM_INVOICE_FIELDS = st.fixed_dictionaries(
    {
        "invoice_date": DATES,
        "payment_date": mostly(DATES, st.none()),
        "supplier": SUPPLIERS,
        "invoice_number": NUMBERS,
        "description": DESCRIPTIONS,
        "category": mostly(st.sampled_from(INVOICE_CATEGORIES), st.sampled_from(["management", "", "catering"])),
        "currency": st.sampled_from(["EUR", "XOF", "USD"]),
        "amount": AMOUNTS,
        "paid_by": st.sampled_from(["flemish", "partner"]),
        "vat": OPTIONAL_AMOUNTS,
        "declared_amount_eur": OPTIONAL_AMOUNTS,
        "has_payment_proof": mostly(st.just(True), st.booleans()),
        "quotes": st.none() | st.integers(0, 4),
        "addressed_to": mostly(st.sampled_from(["", "Commune de Pèrèrè"]), st.just("Hôtel du Lac")),
        "procedure_reference": mostly(st.just(""), st.just("PN-2024-07")),
        "destination": st.sampled_from(["", "BJ", "BE", "MA"]),
        "days": st.none() | st.sampled_from([Decimal("1"), Decimal("2.5"), Decimal("4")]),
        "lunches_provided": st.integers(0, 5),
        "dinners_provided": st.integers(0, 5),
        "other_funding_source": mostly(st.just(""), st.sampled_from(["Provincie", " "])),
        "other_funding_eur": mostly(st.none(), st.decimals(min_value=-100, max_value=50000, places=3)),
        "activity": mostly(st.just(""), st.sampled_from(["R1", "r 2", "R9", "-"])),
    }
)
# A line of EUR 100 to 3,000 that passes, unless a duplicate or beyond a budget or the tranches.
CLEAN_AMOUNTS = st.sampled_from(["EUR", "USD"]).flatmap(
    lambda currency: st.tuples(st.just(currency), st.decimals(min_value=100, max_value=3000, places=2))
) | st.tuples(st.just("XOF"), st.integers(65596, 1967871).map(Decimal))
CLEAN_INVOICE_FIELDS = st.builds(
    lambda fields, currency_amount: {
        **fields,
        "currency": currency_amount[0],
        "amount": currency_amount[1],
    },
    st.fixed_dictionaries(
        {
            "invoice_date": st.dates(date(2024, 1, 1), date(2024, 12, 31)),
            "supplier": st.sampled_from(["Quincaillerie du Plateau", "Hôtel Kilimandjaro"]),
            "invoice_number": NUMBERS,
            "category": st.sampled_from(INVOICE_CATEGORIES),
            "paid_by": st.just("partner"),
        }
    ),
    CLEAN_AMOUNTS,
)
INVOICE_FIELDS = CLEAN_INVOICE_FIELDS | RANDOM_INVOICE_FIELDS

# Tranches the partner received in the year, by date: in USD (a floating currency) or XOF.
TRANSFERS = st.lists(
    st.builds(
        TrancheTransfer,
        received_on=DATES,
        currency=st.sampled_from(["USD", "USD", "XOF"]),
        units_per_eur=st.decimals(min_value="1.01", max_value="1.20", places=4),
        amount_eur=st.sampled_from([Decimal("0.00"), Decimal("15000.00"), Decimal("32500.50")]),
    ),
    max_size=3,
).map(lambda transfers: tuple(sorted(transfers, key=lambda transfer: transfer.received_on)))

CLAIM_FIELDS = st.fixed_dictionaries(
    {
        "flemish_recovers_vat": st.booleans(),
        "partner_recovers_vat": st.booleans(),
        "allocations_eur": st.fixed_dictionaries(
            {
                "operational": st.sampled_from([Decimal("5000"), Decimal("80000")]),
                "management": st.sampled_from([Decimal("500"), Decimal("8000")]),
            }
        ),
        "received_by_partner_eur": st.sampled_from([Decimal("2000"), Decimal("50000")]),
        "transfers": TRANSFERS,
        "earlier_invoices": st.sampled_from(
            [
                (),
                (
                    EarlierInvoice(
                        "BJ-ANZ-PER/2023",
                        4,
                        "Quincaillerie du Plateau",
                        "F-2",
                        date(2023, 12, 1),
                        Decimal("1000"),
                        "XOF",
                    ),
                ),
            ]
        ),
        "activity_codes": st.sampled_from([(), ("R1", "R2")]),
    }
)


@st.composite
def claims(draw):
    """Return (claim fields, invoice fields) of a random claim of 1 to 40 lines."""
    fields = draw(st.lists(INVOICE_FIELDS, min_size=1, max_size=40))
    numbers = draw(st.lists(st.integers(1, 500), min_size=len(fields), max_size=len(fields), unique=True))
    invoices = [{"line": number, **invoice} for number, invoice in zip(numbers, fields)]
    return draw(CLAIM_FIELDS), invoices


METHODS = ["monthly_reference", "tranche_transfer", "weighted_average"]
PARAMETER_FIELDS = st.fixed_dictionaries(
    {
        "claim_year_basis": st.sampled_from(["invoice_date", "invoice_or_payment"]),
        "quotes_shortfall_outcome": st.sampled_from(["needs_info", "warn", "fail"]),
        "split_purchase_days": st.sampled_from([0, 30]),
        "partner_procurement_thresholds_eur": st.sampled_from([{}, {"BJ": (Decimal("1000"), Decimal("10000"))}]),
        "exchange_rate_method": st.sampled_from(METHODS),
    }
)


def run(claim_fields, invoice_fields, make_claim, make_invoice, make_params, make_rates, parameter_fields=None):
    invoices = [make_invoice(**fields) for fields in invoice_fields]
    return audit_claim(make_claim(**claim_fields), invoices, make_params(**(parameter_fields or {})), make_rates())


@PROPERTY_SETTINGS
@given(claim=claims(), parameters=PARAMETER_FIELDS)
def test_money_is_conserved_per_line_and_per_claim(
    make_claim, make_invoice, make_params, make_rates, claim, parameters
):
    result = run(*claim, make_claim, make_invoice, make_params, make_rates, parameters)

    for invoice in result.invoices:
        assert invoice.amount_eur == invoice.accepted_eur + invoice.rejected_eur + invoice.pending_eur
    assert result.claimed_eur == sum(invoice.amount_eur for invoice in result.invoices)
    assert result.accepted_eur == sum(invoice.accepted_eur for invoice in result.invoices)
    assert result.rejected_eur == sum(invoice.rejected_eur for invoice in result.invoices)
    assert result.pending_eur == sum(invoice.pending_eur for invoice in result.invoices)
    assert result.claimed_eur == result.accepted_eur + result.rejected_eur + result.pending_eur


@PROPERTY_SETTINGS
@given(claim=claims())
def test_only_lines_waiting_for_information_or_review_are_pending(
    make_claim, make_invoice, make_params, make_rates, claim
):
    result = run(*claim, make_claim, make_invoice, make_params, make_rates)

    for invoice in result.invoices:
        if invoice.verdict in (Verdict.NEEDS_INFO, Verdict.TO_REVIEW):
            assert invoice.accepted_eur == 0
        else:
            assert invoice.pending_eur == 0
        if invoice.verdict == Verdict.INELIGIBLE:
            assert invoice.accepted_eur == 0


@PROPERTY_SETTINGS
@given(claim=claims(), parameters=PARAMETER_FIELDS, data=st.data())
def test_result_is_the_same_whatever_the_order_of_the_lines(
    make_claim, make_invoice, make_params, make_rates, claim, parameters, data
):
    claim_fields, invoice_fields = claim
    shuffled = data.draw(st.permutations(invoice_fields))

    in_order = run(claim_fields, invoice_fields, make_claim, make_invoice, make_params, make_rates, parameters)
    in_other_order = run(claim_fields, shuffled, make_claim, make_invoice, make_params, make_rates, parameters)

    assert in_other_order == in_order


@PROPERTY_SETTINGS
@given(claim=claims(), parameters=PARAMETER_FIELDS)
def test_every_finding_message_fills_in_with_its_params(
    make_claim, make_invoice, make_params, make_rates, claim, parameters
):
    result = run(*claim, make_claim, make_invoice, make_params, make_rates, parameters)

    for invoice in result.invoices:
        for finding in invoice.findings:
            assert "%(" not in finding.message % finding.params
            assert all(isinstance(value, str) for value in finding.params.values())


@PROPERTY_SETTINGS
@given(claim=claims(), parameters=PARAMETER_FIELDS)
def test_nothing_is_rejected_below_zero_except_a_credit_note(
    make_claim, make_invoice, make_params, make_rates, claim, parameters
):
    result = run(*claim, make_claim, make_invoice, make_params, make_rates, parameters)

    for invoice in result.invoices:
        if invoice.rejected_eur < 0:
            # Only a credit note (accepted by AMOUNT) that another rule rejects has a negative part.
            assert invoice.amount_eur < 0 and not any(
                finding.code == "AMOUNT" and finding.outcome == "needs_info" for finding in invoice.findings
            )


@PROPERTY_SETTINGS
@given(claim=claims(), method=st.sampled_from(METHODS))
def test_exchange_difference_is_what_the_method_changes_to_the_lines_with_a_reference_rate(
    make_claim, make_invoice, make_params, make_rates, claim, method
):
    by_method = run(*claim, make_claim, make_invoice, make_params, make_rates, {"exchange_rate_method": method})
    by_reference = run(*claim, make_claim, make_invoice, make_params, make_rates)

    assert by_method.exchange_difference_eur == sum(
        (
            line.amount_eur - reference.amount_eur
            for line, reference in zip(by_method.invoices, by_reference.invoices)
            if reference.units_per_eur is not None
        ),
        Decimal("0.00"),
    )
    assert by_reference.exchange_difference_eur == 0
    # Only what the partner paid in a floating currency changes.
    declared = {fields["line"]: fields for fields in claim[1]}
    for line, reference in zip(by_method.invoices, by_reference.invoices):
        if line.amount_eur != reference.amount_eur:
            assert (declared[line.line]["currency"], declared[line.line]["paid_by"]) == ("USD", "partner")
