from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.period import PeriodRule


def test_invoice_dated_and_paid_within_the_claim_year_passes(audit_line, finding_of):
    result = audit_line(invoice_date=date(2024, 12, 31), payment_date=date(2025, 1, 10))

    assert finding_of(result, "PERIOD") is None
    assert result.verdict == Verdict.ELIGIBLE


def test_invoice_dated_after_the_claim_year_fails_whole(audit_line, finding_of):
    result = audit_line(invoice_date=date(2025, 1, 1), payment_date=date(2025, 1, 5))

    finding = finding_of(result, "PERIOD")
    assert finding.outcome == Outcome.FAIL
    assert finding.message == PeriodRule.OUTSIDE_YEAR
    assert finding.params == {"date_invoice": "2025-01-01", "year": "2024"}
    assert result.verdict == Verdict.INELIGIBLE
    assert result.rejected_eur == Decimal("1000.00")


def test_invoice_of_an_earlier_programme_year_paid_in_the_claim_year_belongs_to_it(audit_line, finding_of):
    result = audit_line(invoice_date=date(2023, 12, 28), payment_date=date(2024, 1, 8))

    assert finding_of(result, "PERIOD") is None
    assert result.verdict == Verdict.ELIGIBLE


@pytest.mark.parametrize("payment_date", [None, date(2023, 12, 30)])
def test_invoice_of_an_earlier_year_not_paid_in_the_claim_year_fails_whole_saying_so(
    audit_line, finding_of, payment_date
):
    result = audit_line(invoice_date=date(2023, 12, 28), payment_date=payment_date)

    finding = finding_of(result, "PERIOD")
    assert finding.outcome == Outcome.FAIL
    assert finding.message == PeriodRule.OUTSIDE_YEAR_UNPAID
    assert finding.params == {"date_invoice": "2023-12-28", "year": "2024"}


def test_by_invoice_date_alone_an_invoice_of_an_earlier_year_fails_whole(audit_line, make_params, finding_of):
    params = make_params(claim_year_basis="invoice_date")

    result = audit_line(params=params, invoice_date=date(2023, 12, 28), payment_date=date(2024, 1, 8))

    finding = finding_of(result, "PERIOD")
    assert finding.message == PeriodRule.OUTSIDE_YEAR
    assert result.verdict == Verdict.INELIGIBLE


def test_an_earlier_year_before_the_programme_fails_on_the_programme_period(audit_line, make_params, finding_of):
    params = make_params(programme_start=date(2024, 1, 1), programme_end=date(2028, 12, 31))

    result = audit_line(params=params, invoice_date=date(2023, 12, 28), payment_date=date(2024, 1, 8))

    assert finding_of(result, "PERIOD").message == PeriodRule.OUTSIDE_PROGRAMME


def test_invoice_dated_before_the_programme_start_fails_whole(audit_line, make_params, finding_of):
    params = make_params(programme_start=date(2024, 7, 1), programme_end=date(2028, 12, 31))

    result = audit_line(params=params, invoice_date=date(2024, 6, 30))

    finding = finding_of(result, "PERIOD")
    assert finding.outcome == Outcome.FAIL
    assert finding.params["date_start"] == "2024-07-01"
    assert result.verdict == Verdict.INELIGIBLE


def test_payment_on_the_deadline_passes(audit_line, finding_of):
    result = audit_line(payment_date=date(2025, 3, 31))

    assert finding_of(result, "PERIOD") is None


def test_payment_after_the_deadline_fails_whole(audit_line, finding_of):
    result = audit_line(payment_date=date(2025, 4, 1))

    finding = finding_of(result, "PERIOD")
    assert finding.outcome == Outcome.FAIL
    assert finding.params == {"date_payment": "2025-04-01", "date_deadline": "2025-03-31"}
    assert result.verdict == Verdict.INELIGIBLE


@pytest.mark.parametrize(
    ("month", "day", "payment_date", "fails"),
    [
        (6, 30, date(2025, 6, 30), False),
        (6, 30, date(2025, 7, 1), True),
        (6, 31, date(2025, 6, 30), False),  # a day 31 in June means its last day
        (2, 31, date(2025, 3, 1), True),
    ],
)
def test_payment_deadline_follows_the_programme_parameters(
    audit_line, make_params, finding_of, month, day, payment_date, fails
):
    params = make_params(payment_deadline_month=month, payment_deadline_day=day)

    result = audit_line(params=params, payment_date=payment_date)

    assert (finding_of(result, "PERIOD") is not None) is fails
