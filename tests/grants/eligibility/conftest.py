"""Builders of eligibility facts with safe defaults: a 2024 claim of a Benin partnership.

The default invoice passes every rule: tests override only what their rule looks at.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from grants.eligibility.engine import audit_claim
from grants.eligibility.facts import (
    ClaimFacts,
    InvoiceFacts,
    Parameters,
    RatePeriod,
    RateTable,
    TrancheTransfer,
)

# 655,957 XOF is EUR 1,000.00 exactly at the fixed parity.
DEFAULT_INVOICE = InvoiceFacts(
    line=1,
    invoice_date=date(2024, 3, 15),
    supplier="Quincaillerie du Plateau",
    invoice_number="F-2024-017",
    description="Ciment pour le marché de Pèrèrè",
    category="investment",
    currency="XOF",
    amount=Decimal("655957"),
    paid_by="partner",
    payment_date=date(2024, 3, 20),
    has_payment_proof=True,
)

DEFAULT_CLAIM = ClaimFacts(
    label="BJ-ANZ-PER/2024",
    year=2024,
    country="BJ",
    beneficiary_names=("Anzegem", "Pèrèrè"),
    allocations_eur={"operational": Decimal("80000.00"), "management": Decimal("8000.00")},
    received_by_partner_eur=Decimal("50000.00"),
)

DEFAULT_PARAMS = Parameters(
    programme_start=date(2022, 1, 1),
    programme_end=date(2026, 12, 31),
    per_diem_scale_eur={"BE": Decimal("50.00"), "BJ": Decimal("60.00"), "EC": Decimal("55.00")},
    lodging_scale_eur={"BE": Decimal("120.00"), "BJ": Decimal("90.00")},
)

# Monthly USD reference rates for January to June 2024.
USD_RATES = {
    1: Decimal("1.0905"),
    2: Decimal("1.0797"),
    3: Decimal("1.0872"),
    4: Decimal("1.0728"),
    5: Decimal("1.0812"),
    6: Decimal("1.0759"),
}


# A tranche the partner received in USD, at its actual rate.
DEFAULT_TRANSFER = TrancheTransfer(
    received_on=date(2024, 2, 10),
    currency="USD",
    units_per_eur=Decimal("1.1000"),
    amount_eur=Decimal("20000.00"),
)


def build_invoice(**overrides):
    return replace(DEFAULT_INVOICE, **overrides)


def build_claim(**overrides):
    return replace(DEFAULT_CLAIM, **overrides)


def build_params(**overrides):
    return replace(DEFAULT_PARAMS, **overrides)


def build_transfer(**overrides):
    return replace(DEFAULT_TRANSFER, **overrides)


def build_rates():
    periods = tuple(
        RatePeriod(date(2024, month, 1), date(2024, month + 1, 1) - date.resolution, rate)
        for month, rate in USD_RATES.items()
    )
    return RateTable(periods={"USD": periods})


@pytest.fixture
def make_invoice():
    return build_invoice


@pytest.fixture
def make_claim():
    return build_claim


@pytest.fixture
def make_params():
    return build_params


@pytest.fixture
def make_transfer():
    return build_transfer


@pytest.fixture
def make_rates():
    return build_rates


@pytest.fixture
def audit():
    """Return a function that audits invoices with the default claim, parameters and rates."""

    def _audit(*invoices, claim=None, params=None, rates=None):
        return audit_claim(claim or build_claim(), invoices, params or build_params(), rates or build_rates())

    return _audit


@pytest.fixture
def audit_line(audit):
    """Return a function that audits a claim of one invoice and returns that invoice's result."""

    def _audit_line(claim=None, params=None, rates=None, **overrides):
        return audit(build_invoice(**overrides), claim=claim, params=params, rates=rates).invoices[0]

    return _audit_line


@pytest.fixture
def finding_of():
    """Return a function that gives the finding of a rule code on an invoice result, or None."""

    def _finding_of(result, code):
        return next((finding for finding in result.findings if finding.code == code), None)

    return _finding_of
