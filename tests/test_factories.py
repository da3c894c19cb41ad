"""Each factory of tests/factories.py builds a valid object of its own, never one of the demo's."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from grants.models import ClaimStatus, ExpenseClaim, Verdict
from grants.services.audit import claim_audit
from partnerships.models import MunicipalityKind, Role
from tests import factories
from tests.claims import VERDICTS_OF_THE_LINES, make_checked_claim

pytestmark = pytest.mark.django_db

APPS = ("partnerships", "grants", "reporting")


@pytest.fixture
def rows_before():
    """The last primary key of every table before the test: the demo's rows are at or below it."""
    return {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }


def rows_behind(obj, seen=None):
    """The object and every row it points to, through its foreign keys and many-to-many fields."""
    seen = set() if seen is None else seen
    key = (type(obj), obj.pk)
    if key in seen:
        return seen
    seen.add(key)
    for field in obj._meta.get_fields():
        if field.many_to_one and field.concrete:
            target = getattr(obj, field.name)
            if target is not None:
                rows_behind(target, seen)
        elif field.many_to_many and field.concrete:
            for target in getattr(obj, field.name).all():
                rows_behind(target, seen)
    return seen


def assert_valid_and_new(obj, rows_before):
    obj.full_clean()
    old = sorted(
        f"{model.__name__} {pk}" for model, pk in rows_behind(obj) if model in rows_before and pk <= rows_before[model]
    )
    assert old == []


BUILDS = {
    "country": factories.make_country,
    "municipality": factories.make_municipality,
    "flemish-municipality": lambda: factories.make_municipality(kind=MunicipalityKind.FLEMISH),
    "sister-association": factories.make_sister_association,
    "partnership": factories.make_partnership,
    "user": factories.make_user,
    "programme": factories.make_programme,
    "budget-line": factories.make_budget_line,
    "allocation": factories.make_allocation,
    "tranche": factories.make_tranche,
    "exchange-rate": factories.make_exchange_rate,
    "claim": lambda: factories.make_claim(lines=2),
    "association-claim": lambda: factories.make_claim(budget_line=factories.make_budget_line(), lines=1),
    "invoice": factories.make_invoice,
    "objective": factories.make_objective,
    "outcome": factories.make_outcome,
    "team-outcome": lambda: factories.make_outcome(team=True),
    "indicator": factories.make_indicator,
    "report": lambda: factories.make_report(values={factories.make_indicator(): Decimal("12")}),
}


@pytest.mark.parametrize("name", BUILDS)
def test_factory_builds_a_valid_object_of_its_own(rows_before, name):
    obj = BUILDS[name]()

    assert_valid_and_new(obj, rows_before)


def test_two_objects_of_a_factory_do_not_collide():
    first, second = factories.make_partnership(), factories.make_partnership()

    assert first.code != second.code
    assert first.country != second.country


def test_a_member_sees_its_scope_through_its_membership(rows_before):
    partnership = factories.make_partnership()

    user = factories.make_user(role=Role.PARTNER_REPORTER, partnership=partnership)

    membership = user.memberships.get()
    assert (membership.role, membership.partnership) == (Role.PARTNER_REPORTER, partnership)
    assert_valid_and_new(membership, rows_before)


def test_a_report_holds_the_values_given(rows_before):
    indicator = factories.make_indicator()

    report = factories.make_report(values={indicator: Decimal("12")})

    value = report.values.get()
    assert (value.indicator, value.value) == (indicator, Decimal("12"))
    assert_valid_and_new(value, rows_before)


def test_a_claims_totals_are_the_sums_of_its_lines():
    claim = factories.make_claim(lines=[{"amount": Decimal("100.00")}, {"amount": Decimal("250.50")}])

    assert list(claim.invoices.values_list("line", flat=True)) == [1, 2]
    assert (claim.status, claim.claimed_eur, claim.pending_eur) == (
        ClaimStatus.DRAFT,
        Decimal("350.50"),
        Decimal("350.50"),
    )


def test_the_default_line_passes_every_rule():
    claim = factories.make_claim(lines=1, status=ClaimStatus.SUBMITTED)
    factories.make_allocation(programme=claim.programme, partnership=claim.partnership)
    factories.make_tranche(
        programme=claim.programme, partnership=claim.partnership, status="received", received_date=date(2025, 2, 10)
    )

    result = claim_audit(claim)

    assert [(line.verdict, line.findings) for line in result.invoices] == [("eligible", ())]
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.AUDITED


def test_the_checked_claim_has_a_line_of_each_verdict_and_is_in_audit():
    claim = make_checked_claim(status=ClaimStatus.SUBMITTED)

    assert list(claim.invoices.order_by("line").values_list("engine_verdict", flat=True)) == VERDICTS_OF_THE_LINES
    assert claim.status == ClaimStatus.IN_AUDIT
    assert claim.invoices.get(verdict=Verdict.PARTIAL).accepted_eur == Decimal("300.00")
    assert claim.invoices.get(verdict=Verdict.TO_REVIEW).findings.filter(rule_code="TRAVEL_CLASS").exists()
