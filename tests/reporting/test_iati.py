import functools
import html
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime, timezone
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from grants.models import Allocation, ExpenseClaim, Programme, Tranche, TrancheLeg
from grants.selectors import AUDITED_STATUSES, TRANSFERRED
from partnerships.models import Country, Municipality, Partnership, PartnershipKind
from partnerships.names import country_name
from reporting import iati
from reporting.management.commands.export_iati import Command
from reporting.models import Indicator, IndicatorTarget, IndicatorValue, Objective, Outcome, PartnerReport
from reporting.selectors import indicator_actuals

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
ORG = "BE-BCE_KBO-0451857573"
IATI_DIR = Path(__file__).resolve().parents[1] / "data" / "iati-2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# reporting.selectors.reported_values reads partner reports and the team's programme values: two of them.
MAX_QUERIES = 11

# Where the file uses a code: (elements, attribute, codelist).
CODED = [
    ("iati-activity", "default-currency", "Currency"),
    ("iati-activity/reporting-org", "type", "OrganisationType"),
    ("iati-activity/participating-org", "role", "OrganisationRole"),
    ("iati-activity/participating-org", "type", "OrganisationType"),
    ("iati-activity/description", "type", "DescriptionType"),
    ("iati-activity/activity-status", "code", "ActivityStatus"),
    ("iati-activity/activity-date", "type", "ActivityDateType"),
    ("iati-activity/recipient-country", "code", "Country"),
    ("iati-activity/sector", "vocabulary", "SectorVocabulary"),
    ("iati-activity/sector[@vocabulary='1']", "code", "Sector"),
    ("iati-activity/default-flow-type", "code", "FlowType"),
    ("iati-activity/default-finance-type", "code", "FinanceType"),
    ("iati-activity/default-aid-type", "code", "AidType"),
    ("iati-activity/default-aid-type", "vocabulary", "AidTypeVocabulary"),
    ("iati-activity/default-tied-status", "code", "TiedStatus"),
    ("iati-activity/budget", "type", "BudgetType"),
    ("iati-activity/budget", "status", "BudgetStatus"),
    ("iati-activity/budget/value", "currency", "Currency"),
    ("iati-activity/transaction/transaction-type", "code", "TransactionType"),
    ("iati-activity/transaction/value", "currency", "Currency"),
    ("iati-activity/transaction/provider-org", "type", "OrganisationType"),
    ("iati-activity/transaction/receiver-org", "type", "OrganisationType"),
    ("iati-activity/related-activity", "type", "RelatedActivityType"),
    ("iati-activity/result", "type", "ResultType"),
    ("iati-activity/result/indicator", "measure", "IndicatorMeasure"),
    (".//*[@{http://www.w3.org/XML/1998/namespace}lang]", XML_LANG, "Language"),
]


@functools.cache
def active_codes(codelist):
    root = ET.parse(IATI_DIR / "codelists" / f"{codelist}.xml").getroot()
    return {item.findtext("code") for item in root.iter("codelist-item") if item.get("status") != "withdrawn"}


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(IATI_DIR / "schemas" / "iati-activities-schema.xsd"))


@pytest.fixture
def exported(tmp_path):
    path = tmp_path / "iati.xml"
    out = StringIO()
    call_command("export_iati", "--programme", GLOBE, "-o", str(path), stdout=out)
    return path, out.getvalue()


@pytest.fixture
def root(exported):
    return ET.parse(exported[0]).getroot()


def activity_of(root, suffix):
    identifier = f"{ORG}-{GLOBE}-{suffix}"
    return next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier") == identifier)


def transaction_values(element, transaction_type):
    return [
        Decimal(t.findtext("value"))
        for t in element.iter("transaction")
        if t.find("transaction-type").get("code") == transaction_type
    ]


def values_in(periods, tag):
    return {year: Decimal(p.find(tag).get("value")) for year, p in periods.items() if p.find(tag) is not None}


def programme_partnerships():
    return dict(
        Partnership.objects.filter(allocations__programme__code=GLOBE)
        .distinct()
        .values_list("code", "country__code")
    )


def test_the_exported_file_is_valid_against_the_iati_203_schema(exported, schema):
    path, _output = exported

    schema.validate(str(path))

    assert ET.parse(path).getroot().get("version") == "2.03"


def test_every_code_in_the_file_is_an_active_code_of_its_iati_codelist(root):
    used = defaultdict(set)
    for path, attribute, codelist in CODED:
        for element in root.iterfind(path):
            used[codelist].add(element.get(attribute))

    unknown = {codelist: codes - active_codes(codelist) for codelist, codes in used.items()}
    assert {codelist: codes for codelist, codes in unknown.items() if codes} == {}
    assert set(used) == {codelist for _path, _attribute, codelist in CODED}


def test_the_reporting_organisation_is_the_association_by_its_enterprise_number(root):
    activities = root.findall("iati-activity")

    assert {a.find("reporting-org").get("ref") for a in activities} == {ORG}
    assert all(a.findtext("iati-identifier").startswith(f"{ORG}-{GLOBE}-") for a in activities)


def test_each_country_is_a_parent_activity_with_its_partnerships_as_children_linked_both_ways(root):
    partnerships = programme_partnerships()
    parents = [a for a in root.iter("iati-activity") if a.get("hierarchy") == "1"]
    children = [a for a in root.iter("iati-activity") if a.get("hierarchy") == "2"]

    assert {a.findtext("iati-identifier") for a in parents} == {
        f"{ORG}-{GLOBE}-{country}" for country in partnerships.values()
    }
    assert {a.findtext("iati-identifier") for a in children} == {f"{ORG}-{GLOBE}-{code}" for code in partnerships}
    for code, country in partnerships.items():
        child, parent = activity_of(root, code), activity_of(root, country)
        assert [(r.get("ref"), r.get("type")) for r in child.iter("related-activity")] == [
            (f"{ORG}-{GLOBE}-{country}", "1")
        ]
        assert (f"{ORG}-{GLOBE}-{code}", "2") in {
            (r.get("ref"), r.get("type")) for r in parent.iter("related-activity")
        }
        assert child.find("recipient-country").get("code") == country


def test_participants_are_dgd_funding_the_association_and_the_municipalities_implementing(root):
    child = activity_of(root, "SN-DEI-KMP")

    roles = {
        (org.get("role"), org.get("ref"), org.findtext("narrative")) for org in child.iter("participating-org")
    }

    assert ("1", "XM-DAC-2-10", iati.FUNDERS["DGD"]["names"]["en"]) in roles
    assert {("2", ORG), ("3", ORG)} <= {(role, ref) for role, ref, _name in roles}
    assert {name for role, _ref, name in roles if role == "4"} == {
        "Deinze", "Lievegem", "Diender", "Keur Moussa", "Pout",
    }


def test_budgets_are_the_allocations_per_partnership_and_year_to_the_cent(root):
    expected = defaultdict(Decimal)
    for code, year, amount in Allocation.objects.filter(programme__code=GLOBE).values_list(
        "partnership__code", "year", "amount_eur"
    ):
        expected[(code, year)] += amount

    budgets = defaultdict(Decimal)
    for code in programme_partnerships():
        for budget in activity_of(root, code).iter("budget"):
            year = int(budget.find("period-start").get("iso-date")[:4])
            budgets[(code, year)] += Decimal(budget.findtext("value"))

    assert budgets == expected
    assert sum(Decimal(v.text) for v in root.iterfind("iati-activity/budget/value")) == sum(expected.values())


def test_disbursements_are_the_tranches_the_association_itself_transferred(root):
    """The municipality passing a tranche on to its partner is not disbursed a second time."""
    transferred = Tranche.objects.filter(programme__code=GLOBE, status__in=TRANSFERRED)
    own = list(
        transferred.filter(
            Q(leg=TrancheLeg.TO_FLEMISH) | Q(partnership__kind=PartnershipKind.SISTER_ASSOCIATION)
        ).values_list("amount_eur", flat=True)
    )

    disbursed = transaction_values(root, "3")

    assert Tranche.objects.filter(programme__code=GLOBE).exclude(status__in=TRANSFERRED).exists()
    assert len(disbursed) == len(own) < transferred.count()
    assert sum(disbursed) == sum(own)


def test_the_association_pays_the_flemish_municipality_and_the_sister_associations(root):
    transactions = {t.get("ref"): t for t in activity_of(root, "BJ-ANZ-PER").iter("transaction")}
    to_flemish = transactions["BJ-ANZ-PER-2024-to_flemish-1"]
    assert to_flemish.find("provider-org").get("ref") == ORG
    assert to_flemish.find("receiver-org").findtext("narrative") == "Anzegem"
    assert "BJ-ANZ-PER-2024-to_partner-1" not in transactions

    direct = {t.get("ref"): t for t in activity_of(root, "SA-RW-RALGA").iter("transaction")}
    to_association = direct["SA-RW-RALGA-2024-to_partner-1"]
    assert to_association.find("provider-org").get("ref") == ORG


def test_expenditure_is_what_audited_claims_accepted_to_the_cent(root):
    # The activities are the country programmes: the association's own claims (its
    # budget lines in Belgium) are not published as an activity yet.
    claims = ExpenseClaim.objects.filter(programme__code=GLOBE, partnership__isnull=False)
    accepted = list(claims.filter(status__in=AUDITED_STATUSES).values_list("accepted_eur", flat=True))
    unaudited = claims.exclude(status__in=AUDITED_STATUSES).filter(accepted_eur__gt=0)

    spent = transaction_values(root, "4")

    assert unaudited.exists()
    assert sum(spent) == sum(accepted)
    refs = {t.get("ref") for t in root.iter("transaction")}
    for code, year in unaudited.values_list("partnership__code", "year"):
        assert f"{code}-{year}-claim" not in refs


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


def test_results_carry_each_indicators_baseline_targets_and_reported_values(root):
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
        actuals = dict(indicator_actuals(Indicator.objects.get(pk=indicator["id"])))
        periods = {int(p.find("period-start").get("iso-date")[:4]): p for p in element.iter("period")}

        assert (int(baseline.get("year")), Decimal(baseline.get("value"))) == (
            indicator["baseline_year"], indicator["baseline_value"],
        )
        assert values_in(periods, "target") == {y: v for y, v in targets.items() if y in programme_years}
        assert values_in(periods, "actual") == {y: v for y, v in actuals.items() if y in programme_years}
        assert actuals


def test_results_are_outcomes_with_a_measure_per_indicator_type(root):
    child = activity_of(root, "BJ-ANZ-PER")

    results = child.findall("result")

    assert {r.get("type") for r in results} == {"2"}
    assert len(results) == Outcome.objects.filter(partnership__code="BJ-ANZ-PER").count()
    measures = {i.find("title/narrative").text: i.get("measure") for i in child.iterfind("result/indicator")}
    assert measures["Share of women among the participants in consultations"] == "2"
    assert measures["Participatory budget or local development plan adopted with citizen consultation"] == "3"


def test_titles_come_in_every_language_the_database_has(root):
    outcome = Outcome.objects.filter(partnership__code="BJ-ANZ-PER", code="O1").values(
        "title_en", "title_nl", "title_fr", "title_es"
    ).get()
    result = activity_of(root, "BJ-ANZ-PER").find("result")

    narratives = {n.get(XML_LANG): n.text for n in result.find("title").iter("narrative")}

    assert narratives == {lang: outcome[f"title_{lang}"] for lang in ("en", "nl", "fr", "es")}
    assert all(n.get(XML_LANG) and n.text for n in root.iter("narrative"))


def test_catalogue_sentences_name_the_country_in_each_language_of_the_narrative(root):
    title = activity_of(root, "BJ").find("title")

    narratives = {n.get(XML_LANG): n.text for n in title.iter("narrative")}

    assert set(narratives) == {"en", "nl", "fr", "es"}
    for lang, text in narratives.items():
        with translation.override(lang):
            expected = gettext(iati.COUNTRY_TITLE) % {"country": country_name("BJ"), "programme": GLOBE}
        assert text == expected
    assert "Bénin" in narratives["fr"] and "Benín" in narratives["es"]


def test_a_partnership_on_hold_is_reported_suspended_while_the_programme_runs():
    programme = Programme.objects.get(code=GLOBE)

    root = iati.programme_iati(programme, now=datetime(2025, 6, 1, tzinfo=timezone.utc))

    assert activity_of(root, "RW-SDG-GAT").find("activity-status").get("code") == "6"
    assert activity_of(root, "RW-SDG-KAR").find("activity-status").get("code") == "2"
    assert activity_of(root, "RW").find("activity-status").get("code") == "2"
    assert [d.get("type") for d in activity_of(root, "RW").iter("activity-date")] == ["1", "2", "3"]


def test_the_command_prints_the_file_and_its_number_of_activities(exported):
    path, output = exported
    partnerships = programme_partnerships()

    count = len(partnerships) + len(set(partnerships.values()))

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

    monkeypatch.setattr("partnerships.whole_files.os.replace", disk_full)

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
        programme=programme, partnership=partnership, year=2024, number=1, leg="to_flemish",
        planned_date=date(2024, 3, 1), paid_date=date(2024, 3, 1), amount=Decimal("600.00"),
        amount_eur=Decimal("600.00"), status="paid",
    )
    ExpenseClaim.objects.create(
        programme=programme, partnership=partnership, year=2024, status="closed",
        claimed_eur=Decimal("500.00"), accepted_eur=Decimal("500.00"),
    )
    outcome = Outcome.objects.create(
        partnership=partnership, objective=Objective.objects.get(programme=programme, code="SD2.3"), code="O1", title="Test outcome"
    )
    indicator = Indicator.objects.create(
        outcome=outcome, code="O1.1", name="Test indicator", type="number", baseline_value=0, baseline_year=2022
    )
    IndicatorTarget.objects.create(indicator=indicator, year=2024, value=5)
    report = PartnerReport.objects.create(
        partnership=partnership, year=2024, period="year", due_date=date(2025, 1, 31), language="fr",
        status="submitted",
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
    assert transaction_values(added, "4") == [Decimal("500.00")]
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
