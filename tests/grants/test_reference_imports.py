"""The programme team loads real exchange rates and allocations from a spreadsheet in the
admin (docs/setting-up.md): all rows or none, a known key updating its row."""

from datetime import date
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse

from grants.models import Allocation, ExchangeRate
from grants.reference_resources import AllocationResource, ExchangeRateResource

pytestmark = pytest.mark.django_db


def rates(*rows):
    return tablib.Dataset(*rows, headers=["currency", "source", "valid_from", "valid_to", "rate"])


def test_exchange_rates_from_a_sheet_are_added_then_updated_by_their_key():
    first = ExchangeRateResource().import_data(
        rates(["RWF", "monthly_reference", "2031-01-01", "2031-01-31", "1510.25"]), dry_run=False
    )
    again = ExchangeRateResource().import_data(
        rates(["RWF", "monthly_reference", "2031-01-01", "2031-01-31", "1512.00"]), dry_run=False
    )

    assert not first.has_errors() and not again.has_errors()
    stored = ExchangeRate.objects.get(currency="RWF", source="monthly_reference", valid_from=date(2031, 1, 1))
    assert stored.units_per_eur == Decimal("1512.000000")


def test_a_sheet_with_one_bad_rate_imports_none_of_its_rows():
    before = ExchangeRate.objects.count()

    result = ExchangeRateResource().import_data(
        rates(
            ["RWF", "monthly_reference", "2031-02-01", "2031-02-28", "1515.00"],
            ["RWF", "monthly_reference", "2031-03-01", "2031-03-31", "beaucoup"],
        ),
        dry_run=False,
    )

    assert result.has_validation_errors() or result.has_errors()
    assert ExchangeRate.objects.count() == before


def test_allocations_name_their_programme_and_partnership_by_code():
    dataset = tablib.Dataset(
        ["GLOBE-2022-2026", "BJ-ANZ-PER", 2031, "operational", "12500.00"],
        headers=["programme", "partnership", "year", "category", "amount_eur"],
    )

    result = AllocationResource().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    allocation = Allocation.objects.get(partnership__code="BJ-ANZ-PER", year=2031)
    assert (allocation.programme.code, allocation.amount_eur) == ("GLOBE-2022-2026", Decimal("12500.00"))


@pytest.mark.parametrize("model", ["exchangerate", "allocation"])
def test_the_admin_offers_the_import_to_the_programme_team(client, sign_in, model):
    sign_in("coordinator")

    response = client.get(reverse(f"admin:grants_{model}_import"))

    assert response.status_code == 200
    assert b'name="import_file"' in response.content
