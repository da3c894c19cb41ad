import html
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.names import country_name
from grants.models import (
    AUDITED_STATUSES,
    TRANSFERRED_STATUSES,
    Allocation,
    BudgetLineAmount,
    ExpenseClaim,
    Programme,
    Subsidy,
    SubsidySource,
    Tranche,
    TrancheLeg,
)
from partnerships.models import AccessEvent, Country, Municipality, Partnership, PartnershipKind, SisterAssociation
from reporting import iati
from reporting.management.commands.export_iati import Command
from reporting.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Objective,
    Outcome,
    PartnerReport,
    ReportStatus,
)
from reporting.selectors import reported_values
from tests.reporting.iati_codelists import check_codelists
from tests.reporting.iati_rules import check_ruleset, load_json, rule_types

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
ORG = "BE-BCE_KBO-0451857573"
PROGRAMME_ID = f"{ORG}-{GLOBE}"
IATI_DIR = Path(__file__).resolve().parents[1] / "data" / "iati-2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Partnerships, their municipalities (two), allocations, tranches, subsidies, budget
# lines, the association's claims, objectives, outcomes, indicators, targets, and
# reporting.selectors.reported_values reads partner reports and the team's programme values.
MAX_QUERIES = 15
# Enterprise numbers made up for the tests (their check digits match), never demo data.
TEST_KBO = "BE-BCE_KBO-0200000043"
TEST_KBO_2 = "BE-BCE_KBO-0200000142"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(IATI_DIR / "schemas" / "iati-activities-schema.xsd"))


@pytest.fixture(scope="module")
def ruleset():
    return load_json(IATI_DIR / "ruleset-standard.json")


@pytest.fixture(scope="module")
def org_prefixes():
    return load_json(IATI_DIR / "orgid_prefixes_confirmed.json")


@pytest.fixture
def exported(tmp_path):
    path = tmp_path / "iati.xml"
    out = StringIO()
    call_command("export_iati", "--programme", GLOBE, "-o", str(path), stdout=out)
    return path, out.getvalue()


@pytest.fixture
def root(exported):
    return ET.parse(exported[0]).getroot()


def activity_of(root, suffix=None):
    identifier = f"{PROGRAMME_ID}-{suffix}" if suffix else PROGRAMME_ID
    return next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier") == identifier)


def transactions(element, transaction_type):
    return [t for t in element.iter("transaction") if t.find("transaction-type").get("code") == transaction_type]


def transaction_values(element, transaction_type):
    return [Decimal(t.findtext("value")) for t in transactions(element, transaction_type)]


def values_in(periods, tag):
    return {year: Decimal(p.find(tag).get("value")) for year, p in periods.items() if p.find(tag) is not None}


def programme_partnerships():
    return dict(
        Partnership.objects.filter(allocations__programme__code=GLOBE).distinct().values_list("code", "country__code")
    )


def partnership_activities(root):
    return [a for a in root.iter("iati-activity") if a.get("hierarchy") == "2"]


def broken_file(root, change):
    """The exported file with one change made to it, as an ElementTree."""
    change(root)
    return ET.ElementTree(root)


def test_the_exported_file_is_valid_against_the_iati_203_schema(exported, schema):
    path, _output = exported

    schema.validate(str(path))

    assert ET.parse(path).getroot().get("version") == "2.03"


def test_the_file_breaks_no_rule_of_the_official_iati_ruleset(exported, ruleset, org_prefixes):
    violations = check_ruleset(ET.parse(exported[0]), ruleset, date.today(), org_prefixes)

    assert violations == []


def test_the_ruleset_interpreter_knows_every_rule_type_the_ruleset_uses(ruleset):
    assert rule_types(ruleset) == {
        "atleast_one",
        "between_dates",
        "date_now",
        "date_order",
        "if_then",
        "loop",
        "no_more_than_one",
        "no_spaces",
        "one_or_all",
        "range",
        "regex_matches",
        "startswith",
        "strict_sum",
        "time_limit",
        "unique",
    }


def _future_transaction(root):
    next(root.iter("transaction-date")).set("iso-date", "2999-01-01")


def _long_budget(root):
    next(root.iter("budget")).find("period-end").set("iso-date", "2030-12-31")


def _shares_off(root):
    next(root.iter("recipient-country")).set("percentage", "40")


def _foreign_identifier(root):
    activity = root.find("iati-activity")
    activity.find("reporting-org").set("ref", "XX-NOPE-1")


def _unordered_dates(root):
    next(d for d in root.iter("activity-date") if d.get("type") == "3").set("iso-date", "2021-01-01")


def _untitled(root):
    title = root.find("iati-activity/title")
    for narrative in list(title):
        title.remove(narrative)
    ET.SubElement(title, "narrative")


@pytest.mark.parametrize(
    ("change", "rule_ids"),
    [
        (_future_transaction, {"11.2.1"}),
        (_long_budget, {"7.5.3"}),
        (_shares_off, {"3.4.2", "3.1.2"}),
        (_foreign_identifier, {"1.14.8", "1.1.21"}),
        (_unordered_dates, {"11.1.2"}),
        (_untitled, {"4.3.1"}),
    ],
)
def test_the_ruleset_interpreter_finds_a_broken_rule(root, ruleset, org_prefixes, change, rule_ids):
    violations = check_ruleset(broken_file(root, change), ruleset, date.today(), org_prefixes)

    assert {v.rule_id for v in violations} & rule_ids
    assert {v.rule_id for v in violations} <= rule_ids


def test_every_code_in_the_file_is_an_active_code_of_its_official_codelist(exported):
    violations, used = check_codelists(ET.parse(exported[0]), IATI_DIR / "mapping.xml", IATI_DIR / "codelists")

    assert violations == []
    assert {
        "Currency",
        "OrganisationRole",
        "OrganisationType",
        "TransactionType",
        "Sector",
        "TagVocabulary",
        "UNSDG-Goals",
        "UNSDG-Targets",
        "PolicyMarker",
        "PolicySignificance",
        "ContactType",
        "Language",
    } <= used


def test_the_codelist_check_refuses_an_unknown_and_a_withdrawn_code(root):
    activity = root.find("iati-activity")
    activity.set("default-currency", "XYZ")
    next(activity.iter("value")).set("currency", "ZMK")  # the Zambian kwacha before 2013: withdrawn

    violations, _used = check_codelists(ET.ElementTree(root), IATI_DIR / "mapping.xml", IATI_DIR / "codelists")

    assert {(v.value, v.reason) for v in violations} == {("XYZ", "not in the list"), ("ZMK", "withdrawn")}


def test_the_reporting_organisation_is_the_association_by_its_enterprise_number(root):
    activities = root.findall("iati-activity")

    assert {a.find("reporting-org").get("ref") for a in activities} == {ORG}
    assert all(a.findtext("iati-identifier").startswith(PROGRAMME_ID) for a in activities)


def test_the_programme_is_the_parent_activity_of_every_partnership_linked_both_ways(root):
    partnerships = programme_partnerships()
    parents = [a for a in root.iter("iati-activity") if a.get("hierarchy") == "1"]
    children = partnership_activities(root)

    assert [a.findtext("iati-identifier") for a in parents] == [PROGRAMME_ID]
    assert {a.findtext("iati-identifier") for a in children} == {f"{PROGRAMME_ID}-{code}" for code in partnerships}
    programme = activity_of(root)
    for code, country in partnerships.items():
        child = activity_of(root, code)
        assert [(r.get("ref"), r.get("type")) for r in child.iter("related-activity")] == [(PROGRAMME_ID, "1")]
        assert (f"{PROGRAMME_ID}-{code}", "2") in {
            (r.get("ref"), r.get("type")) for r in programme.iter("related-activity")
        }
        assert child.find("recipient-country").get("code") == country


def test_the_programme_spreads_over_its_countries_by_their_allocations(root):
    allocated = dict(
        Allocation.objects.filter(programme__code=GLOBE)
        .values("partnership__country__code")
        .annotate(total=Sum("amount_eur"))
        .values_list("partnership__country__code", "total")
    )
    total = sum(allocated.values())

    shares = {c.get("code"): Decimal(c.get("percentage")) for c in activity_of(root).iter("recipient-country")}

    assert set(shares) == set(allocated)
    assert sum(shares.values()) == 100
    assert all(abs(shares[c] - allocated[c] * 100 / total) < Decimal("0.02") for c in shares)


def test_participants_are_dgd_funding_the_association_and_each_municipality_implementing(root):
    child = activity_of(root, "SN-DEI-KMP")

    roles = [
        (org.get("role"), org.get("ref"), [n.text for n in org.iter("narrative")])
        for org in child.iter("participating-org")
    ]

    assert ("1", "XM-DAC-2-10", list(iati.FUNDERS["DGD"]["names"].values())) in roles
    assert {("2", ORG), ("3", ORG)} <= {(role, ref) for role, ref, _names in roles}
    implementing = [names for role, _ref, names in roles if role == "4"]
    assert sorted(implementing) == [["Deinze"], ["Diender"], ["Keur Moussa"], ["Lievegem"], ["Pout"]]


def test_recorded_identifiers_are_published_on_participants_and_receivers_and_names_stand_alone(root_with_ids):
    root = root_with_ids
    child = activity_of(root, "SN-DEI-KMP")

    implementing = {
        org.findtext("narrative"): org.get("ref") for org in child.iter("participating-org") if org.get("role") == "4"
    }
    receivers = {(r.findtext("narrative"), r.get("ref")) for r in child.iter("receiver-org")}
    association = activity_of(root, "SA-RW-RALGA")

    assert implementing["Deinze"] == TEST_KBO
    assert implementing["Lievegem"] is None
    assert receivers == {("Deinze", TEST_KBO)}
    assert {r.get("ref") for r in association.iter("receiver-org")} == {TEST_KBO_2}
    for org in [*root.iter("participating-org"), *root.iter("receiver-org"), *root.iter("provider-org")]:
        assert org.get("ref") or len(org.findall("narrative")) == 1
        assert all(", " not in n.text for n in org.iter("narrative"))


@pytest.fixture
def root_with_ids():
    Municipality.objects.filter(name="Deinze").update(org_identifier=TEST_KBO)
    SisterAssociation.objects.filter(acronym="RALGA").update(org_identifier=TEST_KBO_2)
    return iati.programme_iati(Programme.objects.get(code=GLOBE))


def test_partnership_budgets_are_the_allocations_per_partnership_and_year_to_the_cent(root):
    expected = {}
    for code, year, amount in Allocation.objects.filter(programme__code=GLOBE).values_list(
        "partnership__code", "year", "amount_eur"
    ):
        expected[(code, year)] = expected.get((code, year), Decimal(0)) + amount

    budgets = {}
    for code in programme_partnerships():
        for budget in activity_of(root, code).iter("budget"):
            year = int(budget.find("period-start").get("iso-date")[:4])
            budgets[(code, year)] = budgets.get((code, year), Decimal(0)) + Decimal(budget.findtext("value"))

    assert budgets == expected


def test_the_programme_budget_is_every_budget_line_the_associations_own_included(root):
    lines = dict(
        BudgetLineAmount.objects.filter(line__programme__code=GLOBE)
        .values("year")
        .annotate(total=Sum("amount_eur"))
        .values_list("year", "total")
    )
    own = BudgetLineAmount.objects.filter(line__programme__code=GLOBE, line__channel="head_office")

    budgets = {
        int(b.find("period-start").get("iso-date")[:4]): Decimal(b.findtext("value"))
        for b in activity_of(root).iter("budget")
    }

    assert own.exists()
    assert budgets == lines


def test_the_programme_receives_dgds_subsidy_as_incoming_funds(root):
    programme = Programme.objects.get(code=GLOBE)
    subsidies = Subsidy.objects.filter(programme=programme, source=SubsidySource.FEDERAL)

    incoming = transactions(activity_of(root), "1")

    assert [Decimal(t.findtext("value")) for t in incoming] == list(
        subsidies.order_by("year").values_list("amount_eur", flat=True)
    )
    assert {t.find("provider-org").get("ref") for t in incoming} == {"XM-DAC-2-10"}
    assert {t.find("provider-org").get("provider-activity-id") for t in incoming} == {None}
    assert {t.find("receiver-org").get("receiver-activity-id") for t in incoming} == {PROGRAMME_ID}
    assert transactions(root.findall("iati-activity")[1], "1") == []


def test_the_funders_activity_identifier_is_published_where_known():
    programme = Programme.objects.get(code=GLOBE)
    programme.funder_activity_id = "XM-DAC-2-10-TEST"
    programme.save()

    root = iati.programme_iati(programme)

    funding = [o for o in activity_of(root).iter("participating-org") if o.get("role") == "1"]
    assert [o.get("activity-id") for o in funding] == ["XM-DAC-2-10-TEST"]
    assert {t.find("provider-org").get("provider-activity-id") for t in transactions(activity_of(root), "1")} == {
        "XM-DAC-2-10-TEST"
    }


def test_a_subsidy_of_another_government_comes_in_named_without_identifier():
    programme = Programme.objects.get(code=GLOBE)
    Subsidy.objects.create(programme=programme, year=2024, source=SubsidySource.FLEMISH, amount_eur=Decimal("5000.00"))

    root = iati.programme_iati(programme)

    flemish = next(t for t in transactions(activity_of(root), "1") if t.get("ref") == f"{GLOBE}-2024-flemish")
    provider = flemish.find("provider-org")
    assert (flemish.findtext("value"), provider.get("ref"), provider.get("type")) == ("5000.00", None, "10")
    assert provider.findtext("narrative") == "Flemish government"


def test_the_same_data_at_the_same_moment_gives_the_same_bytes():
    programme = Programme.objects.get(code=GLOBE)
    now = datetime(2026, 6, 1, tzinfo=UTC)

    first = iati.iati_bytes(iati.programme_iati(programme, now=now))

    assert iati.iati_bytes(iati.programme_iati(programme, now=now)) == first
    assert b'last-updated-datetime="2026-06-01T00:00:00+00:00"' in first


def test_each_partnership_agreement_is_an_outgoing_commitment_of_its_allocations(root):
    allocated = dict(
        Allocation.objects.filter(programme__code=GLOBE)
        .values("partnership__code")
        .annotate(total=Sum("amount_eur"))
        .values_list("partnership__code", "total")
    )

    commitments = {t.find("receiver-org").get("receiver-activity-id"): t for t in transactions(activity_of(root), "2")}

    assert set(commitments) == {f"{PROGRAMME_ID}-{code}" for code in allocated}
    for code, total in allocated.items():
        commitment = commitments[f"{PROGRAMME_ID}-{code}"]
        assert Decimal(commitment.findtext("value")) == Decimal(total).quantize(Decimal("0.01"))
        assert commitment.find("provider-org").get("ref") == ORG
    assert commitments[f"{PROGRAMME_ID}-SN-DEI-KMP"].find("receiver-org").findtext("narrative") == "Deinze"
    assert all(transactions(child, "2") == [] for child in partnership_activities(root))


def test_disbursements_are_the_tranches_the_association_itself_transferred(root):
    """The municipality passing a tranche on to its partner is not disbursed a second time."""
    transferred = Tranche.objects.filter(programme__code=GLOBE, status__in=TRANSFERRED_STATUSES)
    own = list(
        transferred.filter(
            Q(leg=TrancheLeg.TO_FLEMISH) | Q(partnership__kind=PartnershipKind.SISTER_ASSOCIATION)
        ).values_list("amount_eur", flat=True)
    )

    disbursed = transaction_values(root, "3")

    assert Tranche.objects.filter(programme__code=GLOBE).exclude(status__in=TRANSFERRED_STATUSES).exists()
    assert len(disbursed) == len(own) < transferred.count()
    assert sum(disbursed) == sum(own)
    assert transactions(activity_of(root), "3") == []


def test_the_association_pays_the_flemish_municipality_and_the_sister_associations(root):
    transactions_by_ref = {t.get("ref"): t for t in activity_of(root, "BJ-ANZ-PER").iter("transaction")}
    to_flemish = transactions_by_ref["BJ-ANZ-PER-2024-to_flemish-1"]
    assert to_flemish.find("provider-org").get("ref") == ORG
    assert to_flemish.find("receiver-org").findtext("narrative") == "Anzegem"
    assert "BJ-ANZ-PER-2024-to_partner-1" not in transactions_by_ref

    direct = {t.get("ref"): t for t in activity_of(root, "SA-RW-RALGA").iter("transaction")}
    to_association = direct["SA-RW-RALGA-2024-to_partner-1"]
    assert to_association.find("provider-org").get("ref") == ORG
    assert to_association.find("receiver-org").findtext("narrative").endswith("(RALGA)")


def test_expenditure_is_only_what_the_association_spent_itself_on_its_audited_lines(root):
    own = ExpenseClaim.objects.filter(programme__code=GLOBE, budget_line__isnull=False)
    accepted = list(own.filter(status__in=AUDITED_STATUSES, accepted_eur__gt=0).values_list("accepted_eur", flat=True))
    partnership_claims = ExpenseClaim.objects.filter(
        programme__code=GLOBE, partnership__isnull=False, status__in=AUDITED_STATUSES, accepted_eur__gt=0
    )

    spent = transaction_values(activity_of(root), "4")

    assert partnership_claims.exists() and accepted
    assert sorted(spent) == sorted(accepted)
    assert transaction_values(root, "4") == spent
    refs = {t.get("ref") for t in root.iter("transaction")}
    for code, year in partnership_claims.values_list("partnership__code", "year"):
        assert f"{code}-{year}-claim" not in refs


def test_no_partnership_reports_more_money_than_its_budget(root):
    for child in partnership_activities(root):
        budget = sum(Decimal(v.text) for v in child.iterfind("budget/value"))
        moved = sum(Decimal(v.text) for v in child.iterfind("transaction/value"))
        assert moved <= budget, child.findtext("iati-identifier")


def test_a_tranche_is_described_with_its_amount_in_the_currency_paid(root):
    tranche = (
        Tranche.objects.filter(
            programme__code=GLOBE,
            partnership__code="BJ-ANZ-PER",
            leg=TrancheLeg.TO_FLEMISH,
            status__in=TRANSFERRED_STATUSES,
        )
        .order_by("year", "number")
        .first()
    )
    ref = f"BJ-ANZ-PER-{tranche.year}-to_flemish-{tranche.number}"
    element = next(t for t in activity_of(root, "BJ-ANZ-PER").iter("transaction") if t.get("ref") == ref)

    english = element.find("description/narrative").text

    assert english.endswith(iati.narrative_amount(tranche.amount, tranche.currency, "en"))


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "text"),
    [
        ("15742968", "XOF", "en", "F CFA 15 742 968"),
        ("15742968", "XOF", "fr", "F CFA 15 742 968"),
        ("1234.5", "EUR", "nl", "€ 1 234,50"),
        ("1234.5", "EUR", "en", "€ 1 234.50"),
        ("0.4", "RWF", "en", "RWF 0"),
    ],
)
def test_narrative_amounts_put_a_space_after_the_symbol_and_between_thousands(amount, currency, lang, text):
    assert iati.narrative_amount(Decimal(amount), currency, lang) == text


def test_every_activity_has_contact_update_time_objectives_sdg_targets_and_policy_markers(root):
    for activity in root.iter("iati-activity"):
        identifier = activity.findtext("iati-identifier")
        assert activity.get("last-updated-datetime"), identifier
        assert activity.find("contact-info/website").text == iati.ORGANISATION_WEBSITE
        assert activity.find("description[@type='2']/narrative").text.startswith("Specific objectives: SD")
        assert {(m.get("code"), m.get("significance")) for m in activity.iter("policy-marker")} == {
            ("1", "1"),
            ("3", "2"),
        }
        targets = {t.get("code") for t in activity.iter("tag") if t.get("vocabulary") == "3"}
        goals = {t.get("code") for t in activity.iter("tag") if t.get("vocabulary") == "2"}
        assert targets and goals == {target.split(".")[0] for target in targets}, identifier


def test_sdg_targets_are_those_of_the_objectives_the_partnership_contributes_to(root):
    objectives = Objective.objects.filter(outcomes__partnership__code="BJ-ANZ-PER").values_list(
        "sdg_targets", flat=True
    )
    expected = {t.strip() for field in objectives for t in field.split(",") if t.strip()}

    tags = {t.get("code") for t in activity_of(root, "BJ-ANZ-PER").iter("tag") if t.get("vocabulary") == "3"}

    assert tags == expected


def test_sectors_are_local_government_administration_or_decentralisation(root):
    def sector(activity):
        return [(s.get("vocabulary"), s.get("code")) for s in activity.iter("sector")]

    assert sector(activity_of(root, "BJ-ANZ-PER")) == [("1", "15185")]
    assert sector(activity_of(root, "SA-RW-RALGA")) == [("1", "15112")]
    assert sector(activity_of(root)) == [("1", "15112")]


def test_amounts_are_euros_with_two_decimals_and_a_value_date(root):
    values = root.findall(".//value")

    assert values
    assert all(re.fullmatch(r"-?\d+\.\d{2}", v.text) for v in values)
    assert {v.get("currency") for v in values} == {"EUR"}
    assert all(v.get("value-date") for v in values)


def test_no_transaction_or_actual_date_lies_in_the_future_and_periods_are_ordered(root):
    today = date.today().isoformat()

    transaction_dates = [t.find("transaction-date").get("iso-date") for t in root.iter("transaction")]
    value_dates = [t.find("value").get("value-date") for t in root.iter("transaction")]
    actual_dates = [d.get("iso-date") for d in root.iter("activity-date") if d.get("type") in ("2", "4")]
    periods = [
        (p.find("period-start").get("iso-date"), p.find("period-end").get("iso-date"))
        for p in [*root.iter("period"), *root.iter("budget")]
    ]

    assert max(transaction_dates + value_dates + actual_dates) <= today
    assert all(start < end for start, end in periods)


def test_results_carry_each_indicators_baseline_a_target_in_every_period_and_approved_values(root):
    child = activity_of(root, "BJ-ANZ-PER")
    programme_years = Programme.objects.get(code=GLOBE).years
    indicators = Indicator.objects.filter(outcome__partnership__code="BJ-ANZ-PER").values(
        "id", "name_en", "baseline_year", "baseline_value"
    )
    elements = {i.find("title/narrative").text: i for i in child.iterfind("result/indicator")}

    assert len(elements) == len(indicators) > 0
    for indicator in indicators:
        element = elements[indicator["name_en"]]
        baseline = element.find("baseline")
        targets = dict(IndicatorTarget.objects.filter(indicator_id=indicator["id"]).values_list("year", "value"))
        approved = reported_values([indicator["id"]], statuses=(ReportStatus.APPROVED,)).get(indicator["id"], {})
        periods = {int(p.find("period-start").get("iso-date")[:4]): p for p in element.iter("period")}

        assert (int(baseline.get("year")), Decimal(baseline.get("value"))) == (
            indicator["baseline_year"],
            indicator["baseline_value"],
        )
        assert values_in(periods, "target") == {y: v for y, v in targets.items() if y in programme_years}
        assert set(periods) == set(values_in(periods, "target"))
        assert values_in(periods, "actual") == {
            y: row["value"] for y, row in approved.items() if y in periods and row["value"] is not None
        }
        assert approved


def test_a_value_of_a_report_not_yet_approved_is_not_published(root):
    submitted = (
        IndicatorValue.objects.filter(
            report__status=ReportStatus.SUBMITTED,
            value__isnull=False,
            indicator__outcome__isnull=False,
            indicator__targets__year=F("report__year"),
        )
        .select_related("indicator__outcome__partnership", "report")
        .first()
    )
    partnership = submitted.indicator.outcome.partnership
    element = next(
        i
        for i in activity_of(root, partnership.code).iterfind("result/indicator")
        if i.find("title/narrative").text == submitted.indicator.name_en
    )

    period = next(
        p
        for p in element.iter("period")
        if p.find("period-start").get("iso-date").startswith(str(submitted.report.year))
    )

    assert period.find("target") is not None
    assert period.find("actual") is None


def test_results_are_outcomes_with_a_measure_per_indicator_type(root):
    child = activity_of(root, "BJ-ANZ-PER")

    results = child.findall("result")

    assert {r.get("type") for r in results} == {"2"}
    assert len(results) == Outcome.objects.filter(partnership__code="BJ-ANZ-PER").count()
    measures = {i.find("title/narrative").text: i.get("measure") for i in child.iterfind("result/indicator")}
    assert measures["Share of women among the participants in consultations"] == "2"
    assert measures["Participatory budget or local development plan adopted with citizen consultation"] == "3"


def test_titles_come_in_every_language_the_database_has(root):
    outcome = (
        Outcome.objects.filter(partnership__code="BJ-ANZ-PER", code="O1")
        .values("title_en", "title_nl", "title_fr", "title_es")
        .get()
    )
    result = activity_of(root, "BJ-ANZ-PER").find("result")

    narratives = {n.get(XML_LANG): n.text for n in result.find("title").iter("narrative")}

    assert narratives == {lang: outcome[f"title_{lang}"] for lang in ("en", "nl", "fr", "es")}
    assert all(n.get(XML_LANG) and n.text for n in root.iter("narrative"))


def test_catalogue_sentences_name_the_country_in_each_language_of_the_narrative(root):
    description = activity_of(root, "BJ-ANZ-PER").find("description[@type='1']")

    narratives = {n.get(XML_LANG): n.text for n in description.iter("narrative")}

    assert set(narratives) == {"en", "nl", "fr", "es"}
    for lang, text in narratives.items():
        with translation.override(lang):
            expected = gettext(iati.MUNICIPAL_DESCRIPTION) % {
                "flemish": "Anzegem",
                "partner": "Pèrèrè",
                "country": country_name("BJ"),
                "programme": GLOBE,
            }
        assert text == expected
    assert "Bénin" in narratives["fr"] and "Benín" in narratives["es"]


def test_a_partnership_on_hold_is_reported_suspended_while_the_programme_runs():
    programme = Programme.objects.get(code=GLOBE)

    root = iati.programme_iati(programme, now=datetime(2025, 6, 1, tzinfo=UTC))

    assert activity_of(root, "RW-SDG-GAT").find("activity-status").get("code") == "6"
    assert activity_of(root, "RW-SDG-KAR").find("activity-status").get("code") == "2"
    assert activity_of(root).find("activity-status").get("code") == "2"
    assert [d.get("type") for d in activity_of(root).iter("activity-date")] == ["1", "2", "3"]


def test_the_command_prints_the_file_and_its_number_of_activities(exported):
    path, output = exported
    partnerships = programme_partnerships()

    count = len(partnerships) + 1

    assert output == f"{path}: {count} IATI activities\n"


def test_an_unknown_programme_exits_non_zero_with_a_message_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "iati.xml"

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "export_iati", "--programme", "NOPE-2000", "-o", str(path)])

    assert exit_info.value.code != 0
    assert "Unknown programme NOPE-2000" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_programme_without_partnerships_is_refused_with_a_message(tmp_path):
    path = tmp_path / "iati.xml"

    with pytest.raises(CommandError, match="PLAN-2027-2036 has no partnerships yet"):
        call_command("export_iati", "--programme", "PLAN-2027-2036", "-o", str(path), stdout=StringIO())

    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_partial_one(tmp_path, monkeypatch):
    path = tmp_path / "iati.xml"
    path.write_text("previous")

    def disk_full(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr("core.whole_files.os.replace", disk_full)

    with pytest.raises(OSError):
        call_command("export_iati", "--programme", GLOBE, "-o", str(path), stdout=StringIO())

    assert [p.name for p in tmp_path.iterdir()] == ["iati.xml"]
    assert path.read_text() == "previous"


def add_partnership_with_everything(programme):
    """A partnership with money, a claim, an outcome, an indicator, a target and a reported value."""
    benin = Country.objects.get(code="BJ")
    partnership = Partnership.objects.create(
        code="BJ-TST-ONE", name="Test – One", kind="city", country=benin, reporting_language="fr"
    )
    belgium = Country.objects.get(code="BE")
    partnership.flemish_municipalities.add(Municipality.objects.create(name="Testgem", country=belgium, kind="flemish"))
    partnership.partner_municipalities.add(Municipality.objects.create(name="Testville", country=benin, kind="partner"))
    Allocation.objects.create(programme=programme, partnership=partnership, year=2024, amount_eur=Decimal("1000.00"))
    Tranche.objects.create(
        programme=programme,
        partnership=partnership,
        year=2024,
        number=1,
        leg="to_flemish",
        planned_date=date(2024, 3, 1),
        paid_date=date(2024, 3, 1),
        amount=Decimal("600.00"),
        amount_eur=Decimal("600.00"),
        status="paid",
    )
    ExpenseClaim.objects.create(
        programme=programme,
        partnership=partnership,
        year=2024,
        status="closed",
        claimed_eur=Decimal("500.00"),
        accepted_eur=Decimal("500.00"),
    )
    outcome = Outcome.objects.create(
        partnership=partnership,
        objective=Objective.objects.get(programme=programme, code="SD2.3"),
        code="O1",
        title="Test outcome",
    )
    indicator = Indicator.objects.create(
        outcome=outcome, code="O1.1", name="Test indicator", type="number", baseline_value=0, baseline_year=2022
    )
    IndicatorTarget.objects.create(indicator=indicator, year=2024, value=5)
    report = PartnerReport.objects.create(
        partnership=partnership,
        year=2024,
        period="year",
        due_date=date(2025, 1, 31),
        language="fr",
        status="approved",
    )
    IndicatorValue.objects.create(report=report, indicator=indicator, value=4)
    return partnership


def test_the_file_is_built_in_the_same_few_queries_whatever_the_number_of_partnerships(django_assert_max_num_queries):
    programme = Programme.objects.get(code=GLOBE)
    with CaptureQueriesContext(connection) as before:
        iati.programme_iati(programme)
    add_partnership_with_everything(programme)

    with django_assert_max_num_queries(MAX_QUERIES):
        with CaptureQueriesContext(connection) as after:
            root = iati.programme_iati(programme)

    assert len(after.captured_queries) == len(before.captured_queries)
    added = activity_of(root, "BJ-TST-ONE")
    assert transaction_values(added, "3") == [Decimal("600.00")]
    assert transaction_values(added, "4") == []
    commitment = next(
        t
        for t in transactions(activity_of(root), "2")
        if t.find("receiver-org").get("receiver-activity-id") == f"{PROGRAMME_ID}-BJ-TST-ONE"
    )
    assert commitment.findtext("value") == "1000.00"
    assert added.find("result/indicator/period/actual").get("value") == "4"


def iati_url(code=GLOBE):
    return reverse("reporting:iati-export", kwargs={"code": code})


@pytest.mark.parametrize("username", ["coordinator", "auditor"])
def test_who_sees_the_whole_programme_downloads_its_iati_file(client, sign_in, schema, username):
    sign_in(username)

    response = client.get(iati_url())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert f'filename="iati-{GLOBE}.xml"' in response["Content-Disposition"]
    schema.validate(response.content.decode())


@pytest.mark.parametrize("username", ["perere", "sanfelipe"])
def test_a_partner_gets_404_for_the_iati_file(client, sign_in, username):
    sign_in(username)

    assert client.get(iati_url()).status_code == 404


def test_an_unknown_programme_answers_404(client, sign_in):
    sign_in("coordinator")

    assert client.get(iati_url("NOPE-2000")).status_code == 404


def test_a_programme_without_partnerships_sends_back_to_its_page_with_a_message(client, sign_in):
    sign_in("coordinator")

    response = client.get(iati_url("PLAN-2027-2036"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("grants:programme-detail", kwargs={"code": "PLAN-2027-2036"})
    with translation.override("nl"):
        message = gettext("Programme %(code)s has no partnerships yet: there is nothing to publish in IATI.")
    assert message != "Programme %(code)s has no partnerships yet: there is nothing to publish in IATI."
    assert message % {"code": "PLAN-2027-2036"} in html.unescape(response.content.decode())


def test_the_programme_page_links_the_file_only_for_who_may_download_it(client, sign_in):
    page_url = reverse("grants:programme-detail", kwargs={"code": GLOBE})
    sign_in("coordinator")
    team_page = client.get(page_url).content.decode()
    sign_in("sanfelipe")

    partner_page = client.get(page_url)

    assert iati_url() in team_page
    assert partner_page.status_code == 200
    assert iati_url() not in partner_page.content.decode()


def test_downloads_within_a_minute_share_one_file_made_once(client, sign_in, monkeypatch):
    sign_in("coordinator")
    made = []
    build = iati.programme_iati
    monkeypatch.setattr(iati, "programme_iati", lambda programme: made.append(programme.code) or build(programme))

    first = client.get(iati_url())
    second = client.get(iati_url())

    assert made == [GLOBE]
    assert first.content == second.content
    # Each download is still logged as the reader's.
    assert AccessEvent.objects.filter(user__username="coordinator", description=f"IATI file {GLOBE}").count() == 2
