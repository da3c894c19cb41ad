"""Numbers nobody can report (NaN, infinities, exponents, figures wider than the field) never reach the database.

One such value used to be saved and then break the report page, the indicator chart, the
IATI file and the annual report of the whole year.
"""

import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import translation

from grants.models import Programme
from reporting.annual.dataset import annual_dataset
from reporting.models import Indicator, IndicatorTarget, IndicatorValue, Outcome, ProgrammeIndicatorValue
from reporting.services import indicator_value_check
from tests.reports import demo_draft

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
repair = importlib.import_module("reporting.migrations.0012_repair_unreadable_indicator_values")

HOSTILE = [
    "1234567890123",
    "1e999999",
    "NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "-0",
    "1e-30",
    "12345678901234567890",
    "999999999999.99995",
    "١٢٣",
    "9" * 400,
]
# Every stored number of the reporting app: (table, column).
NUMBER_COLUMNS = [
    (table, column)
    for table in ("reporting_indicatorvalue", "reporting_programmeindicatorvalue")
    for column in ("value", "value_women", "value_men")
] + [("reporting_indicatortarget", "value"), ("reporting_indicator", "baseline_value")]


def partner_indicator(code):
    return Indicator.objects.get(outcome__partnership__code="BJ-ANZ-PER", code=code)


def programme_indicator(code):
    return Indicator.objects.get(
        outcome__partnership__isnull=True, outcome__objective__programme__code=GLOBE, code=code
    )


def programme_value_url(indicator, year=2025):
    return reverse("reporting:programme-value", kwargs={"code": GLOBE, "pk": indicator.pk, "year": year})


def unreadable_numbers():
    """Stored numbers read as text, so that a bad one is found instead of crashing the read."""
    found = []
    with connection.cursor() as cursor:
        for table, column in NUMBER_COLUMNS:
            cursor.execute(f"SELECT id, CAST({column} AS TEXT) FROM {table} WHERE {column} IS NOT NULL")
            found += [(table, column, pk, raw) for pk, raw in cursor.fetchall() if not repair._readable(raw)]
    return found


def assert_reporting_still_works(client, sign_in):
    sign_in("coordinator")
    assert client.get(demo_draft().get_absolute_url()).status_code == 200
    chart = client.get(
        reverse("reporting:indicator-chart", kwargs={"code": "BJ-ANZ-PER", "pk": partner_indicator("O1.3").pk})
    )
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    assert client.get(reverse("reporting:iati-export", kwargs={"code": GLOBE})).status_code == 200
    assert client.get(reverse("reporting:programme-results", kwargs={"code": GLOBE}), {"year": 2025}).status_code == 200
    programme = Programme.objects.get(code=GLOBE)
    for year in (2025, 2026):
        assert annual_dataset(programme, year, "fr") is not None
    # Reading every value through the ORM fails on the first one that cannot be read back.
    for model in (IndicatorValue, ProgrammeIndicatorValue, IndicatorTarget):
        list(model.objects.values_list("value", flat=True))


def new_indicator_data(number):
    return {
        "code": "O2.9",
        "name_en": "Joint monitoring visits",
        "unit_en": "visits",
        "type": "number",
        "direction": "increase",
        "baseline_value": number,
        "baseline_year": "2022",
        "disaggregation": "",
        "aggregation": "sum",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-year": "2025",
        "targets-0-value": number,
        "targets-1-year": "2026",
        "targets-1-value": "4",
    }


@pytest.mark.parametrize("number", HOSTILE)
def test_a_hostile_number_in_any_reporting_form_is_refused_or_stored_readable_and_nothing_breaks(
    client, sign_in, number
):
    share, revenue = partner_indicator("O1.2"), partner_indicator("O1.3")
    values_url = reverse("reporting:report-values", kwargs={"pk": demo_draft().pk})
    sign_in("perere")
    for data in (
        {f"value-{revenue.pk}": number},
        {f"value-{share.pk}": number},
        {f"value-{share.pk}": "40", f"women-{share.pk}": number, f"men-{share.pk}": "40"},
        {f"women-{share.pk}": number, f"men-{share.pk}": number},
    ):
        # Saved (a redirect) or refused beside its field (the page again, as typed).
        assert client.post(values_url, data).status_code in (200, 302)

    sign_in("coordinator")
    split, count = programme_indicator("P4.3.2"), programme_indicator("P4.3.1")
    for indicator, data in (
        (count, {"value": number}),
        (split, {"value": number}),
        (split, {"value": "428", "value_women": number, "value_men": "182"}),
        (split, {"value_women": number, "value_men": number}),
    ):
        assert client.post(programme_value_url(indicator), data).status_code in (200, 302)
    outcome = Outcome.objects.get(partnership__code="BJ-ANZ-PER", code="O2")
    indicator_url = reverse("reporting:indicator-create", kwargs={"code": "BJ-ANZ-PER", "outcome_pk": outcome.pk})
    assert client.post(indicator_url, new_indicator_data(number)).status_code in (200, 302)

    assert unreadable_numbers() == []
    assert_reporting_still_works(client, sign_in)


@pytest.mark.parametrize("number", ["1234567890123", "NaN", "Infinity", "1e999999", "١٢٣"])
def test_a_refused_number_is_named_beside_its_field(client, sign_in, number):
    sign_in("coordinator")
    indicator = programme_indicator("P4.3.1")

    response = client.post(programme_value_url(indicator), {"value": number})

    assert response.status_code == 200
    assert "P4.3.1" in response.context["form"].errors["value"][0]


def test_a_partners_refused_number_names_the_indicator_in_her_language(client, sign_in):
    sign_in("perere")
    revenue = partner_indicator("O1.3")

    response = client.post(
        reverse("reporting:report-values", kwargs={"pk": demo_draft().pk}),
        {f"value-{revenue.pk}": "1234567890123"},
        follow=True,
    )

    with translation.override("fr"):
        expected = translation.gettext("%(code)s: a number can be at most %(largest)s.") % {
            "code": "O1.3",
            "largest": "999\u202f999\u202f999\u202f999.9999",
        }
    assert expected in response.content.decode()
    assert not IndicatorValue.objects.filter(report=demo_draft(), indicator=revenue).exists()


def test_a_target_or_baseline_outside_the_indicator_type_is_refused_beside_it(client, sign_in):
    sign_in("coordinator")
    outcome = Outcome.objects.get(partnership__code="BJ-ANZ-PER", code="O2")
    data = new_indicator_data("-3") | {"type": "percentage", "aggregation": "average", "targets-1-value": "140"}

    response = client.post(
        reverse("reporting:indicator-create", kwargs={"code": "BJ-ANZ-PER", "outcome_pk": outcome.pk}), data
    )

    assert response.status_code == 200
    assert "baseline_value" in response.context["form"].errors
    assert "value" in response.context["targets"].forms[1].errors
    assert not Indicator.objects.filter(outcome=outcome, code="O2.9").exists()


def test_a_french_partner_writes_thousands_with_spaces(client, sign_in):
    sign_in("perere")
    revenue = partner_indicator("O1.3")

    client.post(
        reverse("reporting:report-values", kwargs={"pk": demo_draft().pk}), {f"value-{revenue.pk}": "1 850 000"}
    )

    assert IndicatorValue.objects.get(report=demo_draft(), indicator=revenue).value == Decimal("1850000")


def test_a_dutch_figure_with_points_and_a_decimal_comma_is_read_as_written(client, sign_in):
    sign_in("coordinator")
    indicator = programme_indicator("P4.3.1")

    client.post(programme_value_url(indicator), {"value": "1.850.000,5"})

    assert ProgrammeIndicatorValue.objects.get(indicator=indicator, year=2025).value == Decimal("1850000.5")
    with translation.override("nl"):
        assert indicator_value_check(partner_indicator("O1.3"), value="1.850.000,5")[0] == Decimal("1850000.5")
    with translation.override("fr"):
        assert indicator_value_check(partner_indicator("O1.3"), value="1850000.5")[0] == Decimal("1850000.5")


def test_a_figure_is_rounded_half_up_to_four_decimals():
    with translation.override("en"):
        assert indicator_value_check(partner_indicator("O1.3"), value="2.00005")[0] == Decimal("2.0001")


@pytest.mark.parametrize("raw", ["NaN", "1234567890123", "Infinity"])
def test_the_repair_migration_empties_unreadable_values_and_keeps_what_was_typed(client, sign_in, raw):
    value = IndicatorValue.objects.filter(
        report__partnership__code="BJ-ANZ-PER", report__year=2025, indicator__code="O1.3"
    ).get()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE reporting_indicatorvalue SET value = %s WHERE id = %s", [raw, value.pk])
    except DatabaseError:
        pytest.skip(f"{connection.vendor} refuses to store {raw} in the column at all")
    assert unreadable_numbers() != []

    repair.repair_unreadable_values(apps, SimpleNamespace(connection=connection))

    value.refresh_from_db()
    assert value.value is None
    assert raw in value.comment and "could not be read back" in value.comment
    assert unreadable_numbers() == []
    assert_reporting_still_works(client, sign_in)
