"""The claim page's lines sort by the column whose header is clicked, either way, keeping the filters.

The claim is built with tests/factories.py.
"""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import ClaimStatus, Invoice, InvoiceCategory, PaidBy
from partnerships.models import Role
from tests.claims import make_checked_claim
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CATEGORIES = [InvoiceCategory.INVESTMENT, InvoiceCategory.OPERATING, InvoiceCategory.MANAGEMENT]

SORTS = [
    ("line", ("line",)),
    ("-line", ("-line",)),
    ("date", ("invoice_date", "line")),
    ("-date", ("-invoice_date", "line")),
    ("supplier", ("supplier", "line")),
    ("-supplier", ("-supplier", "line")),
    ("category", ("category", "line")),
    ("amount", ("amount_eur", "line")),
    ("-amount", ("-amount_eur", "line")),
    ("verdict", ("verdict", "line")),
    ("-verdict", ("-verdict", "line")),
    ("-accepted", ("-accepted_eur", "line")),
]


def line(number):
    """Line `number` of a long claim: dates, suppliers, categories and amounts that do not follow the line order."""
    return {
        "invoice_date": date(2025, 1 + number * 5 % 12, 1 + number * 11 % 28),
        "supplier": f"T-Supplier {number * 7 % 13:02d}",
        "category": CATEGORIES[number % 3],
        "amount": Decimal(100 + number * 37 % 900),
        "paid_by": PaidBy.FLEMISH,
        # Every ninth line waits for its proof of payment: the verdicts differ.
        "has_payment_proof": number % 9 != 0,
    }


@pytest.fixture
def claim():
    """A claim in audit with 130 lines of three verdicts, more than a page of them eligible."""
    return make_checked_claim(lines=[line(number) for number in range(1, 131)], status=ClaimStatus.SUBMITTED)


@pytest.fixture
def auditor(client):
    """An auditor, signed in."""
    user = make_user(role=Role.AUDITOR)
    client.force_login(user)
    return user


def claim_page(client, claim, **query):
    return client.get(reverse("grants:claim-detail", args=[claim.pk]), query)


def listed_lines(response):
    return [invoice.line for invoice in response.context["invoices"]]


def header_cells(response):
    """Each sortable column's header: its aria-sort (None when unsorted) and the query its link asks."""
    head = re.search(r"<table class=\"invoices\">.*?</thead>", response.content.decode(), re.S).group(0)
    cells = {}
    for attrs, href in re.findall(r"<th([^>]*)><a class=\"sort\" href=\"\?([^\"]*)\"", head):
        query = parse_qs(href.replace("&amp;", "&"))
        aria = re.search(r'aria-sort="(\w+)"', attrs)
        cells[query["sort"][0].removeprefix("-")] = (aria.group(1) if aria else None, query)
    return cells


@pytest.mark.parametrize(("sort", "order"), SORTS)
def test_claim_lines_come_in_the_order_of_the_sorted_column(client, auditor, claim, sort, order):

    response = claim_page(client, claim, sort=sort)

    expected = list(Invoice.objects.filter(claim=claim).order_by(*order).values_list("line", flat=True))
    assert listed_lines(response) == expected[:50]


def test_the_sorted_column_says_its_direction_and_its_link_turns_it_round(client, auditor, claim):

    ascending = header_cells(claim_page(client, claim, sort="amount"))
    descending = header_cells(claim_page(client, claim, sort="-amount"))
    unsorted = header_cells(claim_page(client, claim))

    assert ascending["amount"] == ("ascending", {"sort": ["-amount"]})
    assert descending["amount"] == ("descending", {"sort": ["amount"]})
    assert ascending["date"] == (None, {"sort": ["date"]})
    assert unsorted["line"][0] == "ascending"
    assert [aria for aria, _query in unsorted.values()].count(None) == len(unsorted) - 1
    assert set(unsorted) == {"line", "date", "supplier", "category", "amount", "verdict", "accepted"}


def test_sorting_keeps_the_filters_and_starts_again_on_the_first_page(client, auditor, claim):

    response = claim_page(client, claim, verdict="eligible", sort="date", page="2")

    _aria, query = header_cells(response)["supplier"]
    assert query == {"verdict": ["eligible"], "sort": ["supplier"]}
    lines = Invoice.objects.filter(claim=claim, verdict="eligible").order_by("invoice_date", "line")
    assert listed_lines(response) == list(lines.values_list("line", flat=True))[50:100]
    assert 'name="sort" value="date"' in response.content.decode()


def test_an_unknown_sort_lists_the_lines_in_order(client, auditor, claim):

    response = claim_page(client, claim, sort="-password")

    lines = Invoice.objects.filter(claim=claim).order_by("line").values_list("line", flat=True)
    assert listed_lines(response) == list(lines)[:50]


def test_sorting_adds_no_query(client, auditor, claim):
    claim_page(client, claim)

    with CaptureQueriesContext(connection) as by_line:
        claim_page(client, claim)
    with CaptureQueriesContext(connection) as by_supplier:
        claim_page(client, claim, sort="-supplier")

    assert len(by_supplier) == len(by_line)


def test_the_claim_has_lines_to_sort_on_every_column(claim):
    columns = ("invoice_date", "supplier", "category", "amount_eur", "verdict", "accepted_eur")

    distinct = {column: claim.invoices.values(column).distinct().count() for column in columns}

    assert min(distinct.values()) > 1, distinct
    assert claim.invoices.filter(verdict="eligible").count() > 50
