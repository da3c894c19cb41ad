from decimal import Decimal

import pytest

from grants.eligibility.rates import line_eur


def test_a_line_with_a_rate_counts_for_its_amount_at_that_rate_whatever_it_declared():
    assert line_eur(Decimal("1087.20"), Decimal("1.0872"), Decimal("999.00")) == Decimal("1000.00")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [(Decimal("1234.565"), Decimal("1234.57")), (None, Decimal("0.00"))],
)
def test_a_line_without_a_rate_counts_for_its_declared_eur_or_nothing(declared, expected):
    assert line_eur(Decimal("20000"), None, declared) == expected
