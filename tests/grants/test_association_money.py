"""The association's own money: budget lines, its own claims, co-financing, as the demo loads them."""

import csv
import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.urls import reverse

from grants import selectors
from grants.eligibility.engine import audit_claim as run_rules
from grants.eligibility.facts import ClaimFacts, InvoiceFacts, Parameters, RateTable
from grants.models import (
    Allocation,
    BudgetChannel,
    ClaimStatus,
    ExpenseClaim,
    Programme,
    Subsidy,
    SubsidySource,
)
from grants.services.audit import claim_audit
from grants.services.decisions import claim_accept_clean_lines, claim_sign_off, claim_submit
from partnerships.models import User

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
HEADER = [
    "line",
    "invoice_date",
    "payment_date",
    "supplier",
    "invoice_number",
    "description",
    "category",
    "currency",
    "amount",
    "paid_by",
    "payment_proof",
    "addressed_to",
]


@pytest.fixture
def globe():
    return Programme.objects.get(code=GLOBE)


def without_scans(programme):
    """The team's statements come without invoice scans, which the demo programme asks for from 2026 on (SCAN)."""
    Programme.objects.filter(pk=programme.pk).update(scans_required_from_year=None)


def team_statement(path, lines=3, amount="2400.00"):
    """Three months' net pay of the coordinator, paid by the association, as a CSV statement."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for month in range(1, lines + 1):
            writer.writerow(
                [
                    month,
                    f"2026-{month:02d}-25",
                    f"2026-{month:02d}-28",
                    "Hanne Claes",
                    f"LB-T-{month:02d}",
                    f"Nettoloon maand {month} 2026, coördinator",
                    "personeel",
                    "EUR",
                    amount,
                    "vereniging",
                    "ja",
                    "VVSG vzw",
                ]
            )
    return path


def import_team_claim(tmp_path, **kwargs):
    out = StringIO()
    call_command(
        "import_claim",
        str(team_statement(tmp_path / "team.csv", **kwargs)),
        "--line",
        "G26-TEAM",
        "--year",
        "2026",
        stdout=out,
    )
    return out.getvalue(), ExpenseClaim.objects.get(budget_line__code="G26-TEAM", year=2026)


def test_import_claim_with_a_line_creates_the_associations_claim_named_after_the_line(tmp_path):
    output, claim = import_team_claim(tmp_path)

    assert output.strip() == f"Claim {claim.pk} (G26-TEAM/2026): 3 lines imported."
    assert claim.partnership is None
    assert (claim.holder_code, claim.programme.code) == ("G26-TEAM", GLOBE)
    assert set(claim.invoices.values_list("paid_by", flat=True)) == {"association"}


@pytest.mark.parametrize(
    ("holder", "message"),
    [
        (["--line", "G26-TEAM", "--partnership", "BJ-ANZ-PER"], "not allowed with argument"),
        ([], "one of the arguments --partnership --line is required"),
    ],
)
def test_import_claim_takes_a_partnership_or_a_line_never_both(tmp_path, holder, message):
    path = team_statement(tmp_path / "team.csv")

    with pytest.raises(CommandError) as error:
        call_command("import_claim", str(path), *holder, "--year", "2026", stdout=StringIO(), stderr=StringIO())

    assert message in str(error.value)


def test_import_claim_refuses_an_unknown_or_partner_line_and_names_the_head_office_lines(tmp_path):
    path = team_statement(tmp_path / "team.csv")

    with pytest.raises(CommandError) as error:
        call_command("import_claim", str(path), "--line", "G26-PARTNERS-OPS", "--year", "2026", stdout=StringIO())

    assert str(error.value).startswith("Unknown head-office budget line G26-PARTNERS-OPS. Known codes: G26-ADMIN-OPS,")
    assert "G26-PARTNERS" not in str(error.value).split("Known codes:")[1]


def test_audit_of_an_association_claim_conserves_money_and_accepts_its_staff_costs(tmp_path, globe):
    _output, claim = import_team_claim(tmp_path)
    without_scans(globe)
    out = StringIO()

    call_command("audit_claim", "G26-TEAM/2026", "--format", "json", stdout=out)

    result = json.loads(out.getvalue())
    totals = {key: Decimal(value) for key, value in result["totals"].items()}
    assert totals["claimed_eur"] == Decimal("7200.00")
    assert totals["claimed_eur"] == totals["accepted_eur"] + totals["rejected_eur"] + totals["pending_eur"]
    assert [row["verdict"] for row in result["invoices"]] == ["eligible"] * 3
    assert not {code for row in result["invoices"] for code in row["rule_codes"]} & {"TRANCHE_COVER", "CATEGORY"}


def facts_of_a_line_claim(budget_eur):
    return ClaimFacts(
        label="G26-NETWORK/2025",
        year=2025,
        country="BE",
        beneficiary_names=("VVSG",),
        budget_line_eur=Decimal(budget_eur),
        has_tranches=False,
    )


def line_of(number, amount, category="operating", paid_by="association"):
    return InvoiceFacts(
        line=number,
        invoice_date=date(2025, 3, number),
        supplier=f"Supplier {number}",
        invoice_number=str(number),
        description="Vorming",
        category=category,
        currency="EUR",
        amount=Decimal(amount),
        paid_by=paid_by,
        payment_date=date(2025, 3, 20),
        has_payment_proof=True,
    )


PARAMETERS = Parameters(date(2022, 1, 1), date(2026, 12, 31))


def test_an_association_claim_is_judged_against_its_one_budget_line_whatever_the_category():
    lines = [line_of(1, "600", "personnel"), line_of(2, "600", "management")]

    result = run_rules(facts_of_a_line_claim("1000"), lines, PARAMETERS, RateTable())

    assert result.accepted_eur == Decimal("1100.00")
    assert [finding.code for finding in result.invoices[1].findings if finding.outcome == "fail"] == ["BUDGET"]


def test_an_association_claim_goes_through_submission_audit_and_sign_off(tmp_path, auditor, globe):
    _output, claim = import_team_claim(tmp_path)
    without_scans(globe)

    claim_submit(claim=claim, user=User.objects.get(username="coordinator"))
    claim_audit(claim)
    claim_accept_clean_lines(claim=claim, auditor=auditor)
    claim_sign_off(claim=claim, auditor=auditor)

    claim.refresh_from_db()
    assert (claim.status, claim.accepted_eur) == (ClaimStatus.CLOSED, Decimal("7200.00"))


def test_rules_give_no_tranche_warning_to_a_claim_without_tranches():
    result = run_rules(facts_of_a_line_claim("1000"), [line_of(1, "500", paid_by="partner")], PARAMETERS, RateTable())

    assert result.invoices[0].verdict == "eligible"


def test_a_partner_user_never_sees_the_associations_claims(client, sign_in):
    claim = ExpenseClaim.objects.get(budget_line__code="G26-TEAM", year=2025)
    sign_in("anzegem")

    page = client.get(reverse("grants:claim-detail", kwargs={"pk": claim.pk}))
    listing = client.get(reverse("grants:claim-list"))

    assert page.status_code == 404
    assert "G26-TEAM" not in listing.content.decode()
    assert not selectors.claims_visible_to(User.objects.get(username="anzegem")).filter(budget_line__isnull=False)


def test_the_programme_team_sees_the_associations_claim_its_lines_and_export(client, sign_in):
    claim = ExpenseClaim.objects.get(budget_line__code="G26-TEAM", year=2025)
    sign_in("auditor")

    page = client.get(reverse("grants:claim-detail", kwargs={"pk": claim.pk}))
    line = client.get(reverse("grants:invoice-detail", kwargs={"pk": claim.pk, "line": 1}))
    export = client.get(reverse("grants:claim-export", kwargs={"pk": claim.pk}) + "?lang=nl")

    assert page.status_code == line.status_code == export.status_code == 200
    assert "G26-TEAM/2025" in page.content.decode()
    assert "audit-G26-TEAM-2025-nl.xlsx" in export["Content-Disposition"]


def test_export_audit_writes_an_association_claim(tmp_path):
    out = StringIO()

    call_command("export_audit", "G26-AUDIT/2024", "--lang", "fr", "-o", str(tmp_path / "audit.xlsx"), stdout=out)

    assert "(G26-AUDIT/2024)" in out.getvalue()
    assert (tmp_path / "audit.xlsx").stat().st_size > 0


def test_claim_reference_finds_a_budget_line_claim():
    claim = selectors.claim_by_reference("G26-TEAM/2025")

    assert (claim.budget_line.code, claim.year) == ("G26-TEAM", 2025)


def test_the_upload_page_offers_head_office_lines_to_the_programme_team_only(client, sign_in):
    sign_in("coordinator")
    team = client.get(reverse("grants:claim-upload")).content.decode()
    sign_in("anzegem")
    officer = client.get(reverse("grants:claim-upload")).content.decode()

    assert 'value="line:G26-TEAM"' in team
    assert 'value="line:G26-PARTNERS-OPS"' not in team
    assert "line:" not in officer


def test_each_years_budget_lines_add_up_to_its_federal_subsidy(globe):
    for year in globe.years:
        lines = selectors.programme_budget(globe, year)
        subsidy = Subsidy.objects.get(programme=globe, year=year, source=SubsidySource.FEDERAL).amount_eur

        assert sum(line["amount_eur"] for line in lines) == subsidy


def test_partner_envelopes_hold_the_allocations_and_a_small_reserve(globe):
    for year in globe.years:
        for line in selectors.programme_budget(globe, year):
            if line["channel"] != BudgetChannel.PARTNERS:
                continue
            reserve = (line["amount_eur"] - line["allocated_eur"]) / line["allocated_eur"]

            assert Decimal("0.01") <= reserve <= Decimal("0.03"), (year, line["code"])


def test_programme_budget_gives_each_line_its_accepted_expenses(globe):
    lines = {line["code"]: line for line in selectors.programme_budget(globe, 2025)}
    accepted = ExpenseClaim.objects.get(budget_line__code="G26-AUDIT", year=2025).accepted_eur

    assert set(lines["G26-TEAM"]) == {
        "code",
        "name",
        "category",
        "heading",
        "channel",
        "amount_eur",
        "allocated_eur",
        "accepted_eur",
    }
    assert lines["G26-AUDIT"]["accepted_eur"] == accepted
    assert lines["G26-TEAM"]["allocated_eur"] is None
    assert (
        lines["G26-PARTNERS-OPS"]["allocated_eur"]
        == Allocation.objects.filter(programme=globe, year=2025, category="operational").aggregate(
            total=Sum("amount_eur")
        )["total"]
    )


def test_administration_and_management_stay_within_their_caps_every_year(globe):
    for year in globe.years:
        shares = selectors.budget_shares(globe, year)

        assert shares["administration"]["within_cap"] and shares["management"]["within_cap"], year


def test_the_programme_page_warns_when_a_cap_is_exceeded(client, sign_in, globe):
    globe.administration_cap_pct = Decimal("10.00")
    globe.save()
    sign_in("coordinator")

    page = client.get(reverse("grants:programme-detail", kwargs={"code": GLOBE})).content.decode()

    # The coordinator reads Dutch.
    assert "In 2025 bedragen de administratiekosten 11,38 % van het budget, boven het plafond van 10,00 %." in page
    assert "bedragen de beheerskosten" not in page.split("<section")[0]


def test_the_programme_page_lists_every_budget_line_per_year_for_the_programme_team_only(
    client, sign_in, globe, django_assert_max_num_queries
):
    sign_in("coordinator")
    with django_assert_max_num_queries(20):
        page = client.get(reverse("grants:programme-detail", kwargs={"code": GLOBE}))

    lines = page.context["budget_lines"]
    assert lines["years"] == list(globe.years)
    assert len(lines["lines"]) == globe.budget_lines.count()
    subsidies = dict(
        Subsidy.objects.filter(programme=globe, source=SubsidySource.FEDERAL).values_list("year", "amount_eur")
    )
    assert lines["totals"] == [subsidies[year] for year in globe.years]
    assert "G26-TEAM" in page.content.decode()
    sign_in("perere")
    assert "G26-TEAM" not in client.get(reverse("grants:programme-detail", kwargs={"code": GLOBE})).content.decode()


def test_the_flemish_subsidy_is_no_money_of_the_federal_programme(globe):
    assert not Subsidy.objects.filter(programme=globe, source=SubsidySource.FLEMISH).exists()


def test_the_associations_demo_claims_are_signed_off_within_their_lines():
    claims = ExpenseClaim.objects.filter(budget_line__isnull=False).select_related("budget_line")

    assert claims.count() == 28
    for claim in claims:
        budget = claim.budget_line.amounts.get(year=claim.year).amount_eur
        assert claim.status == ClaimStatus.CLOSED
        assert claim.accepted_eur <= budget


def test_the_rules_flag_the_alcohol_and_the_missing_invoice_number_of_the_associations_claims():
    alcohol = ExpenseClaim.objects.get(budget_line__code="G26-BE-SDG", year=2023)
    hotel = ExpenseClaim.objects.get(budget_line__code="G26-NETWORK", year=2024)

    assert alcohol.findings.filter(rule_code="KEYWORDS").get().invoice.accepted_eur == 0
    assert hotel.findings.filter(rule_code="MISSING_DATA").get().invoice.accepted_eur == 0


def test_merelbeke_puts_17000_of_own_funds_into_its_partnership_each_year(globe):
    rows_2024 = {row["municipality"]: row for row in selectors.cofinancing_of(globe, 2024)}
    rows_2025 = {row["municipality"]: row for row in selectors.cofinancing_of(globe, 2025)}

    assert rows_2024["Merelbeke"]["partnership"] == "BJ-MER-TOU"
    assert rows_2024["Merelbeke"]["declared_eur"] == rows_2024["Merelbeke"]["evidenced_eur"] == Decimal("17000.00")
    assert rows_2025["Merelbeke"]["evidenced_eur"] is None
    assert len(rows_2025) == 12


def test_the_partnership_page_shows_the_own_contribution(client, sign_in):
    sign_in("coordinator")

    page = client.get(reverse("partnerships:partnership-detail", kwargs={"code": "BJ-MER-TOU"})).content.decode()

    assert "eigen bijdrage (aangegeven / aangetoond)" in page
