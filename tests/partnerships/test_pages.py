import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Country, Municipality, Partnership, PartnershipKind

pytestmark = pytest.mark.django_db

LIST_URL = reverse("partnerships:partnership-list")


def listed_codes(response):
    return [p.code for p in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "SN"}, ["SN-DEI-KMP", "SN-SNI-TAM", "SN-ZEM-SOK"]),
        ({"kind": "sdg", "status": "on_hold"}, ["RW-SDG-GAT", "RW-SDG-NYA"]),
        ({"kind": "sister_association"}, ["SA-BJ-ANCB", "SA-RW-RALGA"]),
        ({"q": "lievegem"}, ["SN-DEI-KMP"]),
        ({"q": "pèrèrè"}, ["BJ-ANZ-PER"]),
        ({"q": "BJ-MER"}, ["BJ-MER-TOU"]),
    ],
)
def test_partnership_list_filters(client, sign_in, query, expected):
    sign_in("coordinator")

    response = client.get(LIST_URL, query)

    assert listed_codes(response) == expected


def add_partnerships(count):
    belgium = Country.objects.get(code="BE")
    mol = Municipality.objects.get(name="Mol")
    for number in range(count):
        partnership = Partnership.objects.create(
            code=f"BE-T{number:02d}-X",
            name=f"Test {number}",
            kind=PartnershipKind.SDG,
            country=belgium,
            reporting_language="nl",
        )
        partnership.flemish_municipalities.add(mol)


def test_partnership_list_is_paginated_and_keeps_filters_across_pages(client, sign_in):
    add_partnerships(30)
    sign_in("coordinator")

    first = client.get(LIST_URL, {"country": "BE"})
    second = client.get(LIST_URL, {"country": "BE", "page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert "country=BE&amp;page=2" in first.content.decode()


def test_partnership_list_runs_the_same_number_of_queries_however_many_rows(client, sign_in):
    sign_in("coordinator")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    add_partnerships(8)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST_URL)

    assert len(many) == len(few)


def test_partnership_page_runs_the_same_number_of_queries_however_many_rows(client, sign_in):
    sign_in("coordinator")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("partnerships:partnership-detail", kwargs={"code": "SA-RW-RALGA"}))
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("partnerships:partnership-detail", kwargs={"code": "SN-DEI-KMP"}))

    assert len(large) == len(small)


def test_partnership_page_shows_both_sides_with_several_municipalities(client, sign_in):
    sign_in("coordinator")

    response = client.get(reverse("partnerships:partnership-detail", kwargs={"code": "SN-DEI-KMP"}))

    content = response.content.decode()
    for name in ["Deinze", "Lievegem", "Keur Moussa", "Pout", "Diender"]:
        assert name in content


def test_partnership_page_shows_tranches_in_local_currency_and_eur_in_users_locale(client, sign_in):
    sign_in("perere")

    content = client.get(reverse("partnerships:partnership-detail", kwargs={"code": "BJ-ANZ-PER"})).content.decode()

    # French formatting by CLDR: narrow no-break spaces group thousands, comma decimals.
    assert "50\u202f657,83\u00a0€" in content
    assert "33\u202f229\u202f358\u00a0F\u202fCFA" in content
    assert "655,957" in content


def test_programme_home_shows_partnerships_per_country_and_money_per_year(client, sign_in):
    sign_in("coordinator")

    response = client.get(reverse("home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "GLOBE-2022-2026" in content
    assert "€\xa0824.000" in content  # 2022 allocations, Dutch formatting
    assert "Nicaragua" in content


def test_programme_home_runs_a_constant_number_of_queries(client, sign_in):
    sign_in("coordinator")
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    Municipality.objects.filter(name="Mol").update(name="Mol (test)")
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("home"))

    assert len(after) == len(before) <= 18  # the programme at a glance under the work queue


def test_missing_numbers_show_as_nothing_rather_than_failing():
    from core.formatting import format_money, format_number

    assert format_number("") == format_money("") == format_number(None) == ""
