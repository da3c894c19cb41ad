import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo.funding import PLAN_BASE_2027
from grants.budget import index_plan, period_totals
from grants.models import Programme

# domain/reference.md: indicative federal budget 2027-2036, EUR, rounded to the euro.
PUBLISHED = {
    2027: (163_699, 21_276, 1_194_853, 1_379_829),
    2028: (168_610, 21_915, 1_230_699, 1_421_224),
    2029: (173_668, 22_572, 1_267_620, 1_463_860),
    2030: (178_879, 23_249, 1_305_648, 1_507_776),
    2031: (184_245, 23_947, 1_344_818, 1_553_010),
    2032: (189_772, 24_665, 1_385_162, 1_599_600),
    2033: (195_465, 25_405, 1_426_717, 1_647_588),
    2034: (201_329, 26_167, 1_469_519, 1_697_015),
    2035: (207_369, 26_952, 1_513_604, 1_747_926),
    2036: (213_590, 27_761, 1_559_012, 1_800_364),
}
PUBLISHED_PERIODS = [
    (869_101, 112_959, 6_343_638, 7_325_699),
    (1_007_527, 130_951, 7_354_015, 8_492_493),
]
CATEGORIES = ("administration", "management", "operational")


def to_euro(amount):
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan_2027_2036():
    return index_plan(PLAN_BASE_2027, 2027, Decimal("3.00"), range(2027, 2037))


def test_indexed_plan_reproduces_the_published_table_to_the_euro():
    plan = plan_2027_2036()

    computed = {row.year: tuple(to_euro(row.amounts[c]) for c in CATEGORIES) + (to_euro(row.total),) for row in plan}

    assert computed == PUBLISHED


def test_five_year_totals_reproduce_the_published_sums():
    periods = period_totals(plan_2027_2036(), 5)

    computed = [tuple(to_euro(p.amounts[c]) for c in CATEGORIES) + (to_euro(p.total),) for p in periods]

    assert computed == PUBLISHED_PERIODS


def test_plan_amounts_keep_cents_and_totals_add_up():
    for row in plan_2027_2036():
        assert all(amount == amount.quantize(Decimal("0.01")) for amount in row.amounts.values())
        assert row.total == sum(row.amounts.values())


def test_zero_inflation_keeps_the_base_amounts():
    plan = index_plan({"operational": Decimal("100.10")}, 2027, Decimal("0"), range(2027, 2030))

    assert [row.amounts["operational"] for row in plan] == [Decimal("100.10")] * 3


def test_inflation_is_compounded_and_rounded_half_up_once():
    plan = index_plan({"management": Decimal("0.50")}, 2027, Decimal("1.00"), [2028, 2029])

    # 0.505 and 0.51005: each rounded once from the exact value, never from last year's.
    assert [row.amounts["management"] for row in plan] == [Decimal("0.51"), Decimal("0.51")]


@pytest.mark.django_db
def test_budget_plan_json_follows_the_contract():
    out = StringIO()

    call_command("budget_plan", "--programme", "PLAN-2027-2036", "--format", "json", stdout=out)

    data = json.loads(out.getvalue())
    assert data["programme"] == "PLAN-2027-2036"
    assert data["inflation_pct"] == "3.00"
    assert [row["year"] for row in data["years"]] == list(range(2027, 2037))
    for row in data["years"]:
        amounts = [Decimal(row[c]) for c in CATEGORIES]
        assert all(len(row[c].split(".")[1]) == 2 for c in (*CATEGORIES, "total"))
        assert Decimal(row["total"]) == sum(amounts)
        assert tuple(to_euro(a) for a in amounts) + (to_euro(row["total"]),) == PUBLISHED[row["year"]]


@pytest.mark.django_db
def test_budget_plan_text_prints_the_table_rounded_to_the_euro():
    out = StringIO()

    call_command("budget_plan", "--programme", "PLAN-2027-2036", stdout=out)

    lines = out.getvalue().splitlines()
    assert any(line.split()[:5] == ["2027", "163,699", "21,276", "1,194,853", "1,379,829"] for line in lines)
    assert any(line.split()[:5] == ["2032-2036", "1,007,527", "130,951", "7,354,015", "8,492,493"] for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--programme", "NOPE-2099"],
            "Unknown programme 'NOPE-2099'. Known programmes: GLOBE-2022-2026, PLAN-2027-2036.",
        ),
        (["--programme", "PLAN-2027-2036", "--format", "xml"], "Unknown format 'xml': use one of text, json."),
    ],
)
def test_budget_plan_refuses_bad_input_with_one_clear_line(args, message):
    with pytest.raises(CommandError) as error:
        call_command("budget_plan", *args, stdout=StringIO())

    assert str(error.value) == message


@pytest.mark.django_db
def test_a_programme_without_a_plan_is_refused_with_the_programmes_that_have_one():
    Programme.objects.create(code="TEST-2040", name="Test", start_date=date(2040, 1, 1), end_date=date(2040, 12, 31))

    with pytest.raises(CommandError) as error:
        call_command("budget_plan", "--programme", "TEST-2040", stdout=StringIO())

    assert str(error.value) == (
        "Programme TEST-2040 has no budget plan. Programmes with one: GLOBE-2022-2026, PLAN-2027-2036."
    )


@pytest.mark.django_db
def test_globe_plan_json_follows_the_same_contract_from_its_2022_budget_lines():
    out = StringIO()

    call_command("budget_plan", "--programme", "GLOBE-2022-2026", "--format", "json", stdout=out)

    data = json.loads(out.getvalue())
    assert data["programme"] == "GLOBE-2022-2026"
    assert data["base_year"] == 2022
    assert data["inflation_pct"] == "3.37"
    assert [row["year"] for row in data["years"]] == list(range(2022, 2027))
    first = data["years"][0]
    assert Decimal(first["total"]) == Decimal("1291099.00")
    assert (first["administration"], first["management"]) == ("149000.00", "106100.00")
    for row in data["years"]:
        assert Decimal(row["total"]) == sum(Decimal(row[c]) for c in CATEGORIES)


@pytest.mark.django_db
def test_globe_plan_text_prints_its_first_year():
    out = StringIO()

    call_command("budget_plan", "--programme", "GLOBE-2022-2026", stdout=out)

    assert any(
        line.split()[:5] == ["2022", "149,000", "106,100", "1,035,999", "1,291,099"]
        for line in out.getvalue().splitlines()
    )


@pytest.mark.django_db
def test_programme_page_shows_the_plan_and_its_chart(client, sign_in):
    sign_in("coordinator")

    page = client.get(reverse("grants:programme-detail", kwargs={"code": "PLAN-2027-2036"}))
    chart = client.get(reverse("grants:programme-budget-chart", kwargs={"code": "PLAN-2027-2036"}))

    assert "€\xa01.800.364" in page.content.decode()
    assert "€\xa0163.699,20" in page.content.decode()
    assert chart["Content-Type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG")
