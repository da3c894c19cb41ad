"""Numbers, rule names and comments in sentences read as the reader's language writes them.

Expected texts are built from the catalog (gettext under the reader's language) and from
babel's CLDR data, never typed in Dutch, French or Spanish.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from core.formatting import format_money, format_number, format_percent, format_rate, interpolate
from core.names import language_name
from grants.eligibility.findings import message_params
from grants.eligibility.rules.budget import BudgetRule
from grants.eligibility.rules.currency import CurrencyRule
from grants.eligibility.rules.per_diem import PerDiemRule
from grants.exports import claim_audit_workbook
from grants.finding_texts import finding_text
from grants.models import AuditDecision, Finding, ReasonCode, Tranche, TrancheStatus
from grants.services.decisions import invoice_decide
from partnerships.models import User
from reporting.models import Indicator, PartnerReport
from reporting.release import partnership_release_conditions
from reporting.services import FrameworkRefused, indicator_value_check, report_transition, section_comment_add
from tests.browsers import signed_in_client
from tests.claims import claim_of

READERS = ("fr", "nl", "es")


def shown(lang, message, **values):
    with translation.override(lang):
        return finding_text(message, message_params(**values))


@pytest.mark.parametrize("lang", READERS)
def test_a_finding_writes_its_exchange_rate_with_the_readers_decimal_separator(lang):
    text = shown(
        lang,
        CurrencyRule.DECLARED_DIFFERS,
        amount_declared=Decimal("1000.00"),
        tolerance_pct=Decimal("1.00"),
        amount_computed=Decimal("1524.49"),
        rate=Decimal("655.957000"),
        currency="XOF",
    )

    assert format_rate(Decimal("655.957"), lang) == "655,957"
    assert "655,957 XOF" in text
    assert "655.957" not in text
    assert format_money(Decimal("1000"), "EUR", lang) in text
    assert format_money(Decimal("1524.49"), "EUR", lang) in text


@pytest.mark.parametrize("lang", READERS)
def test_a_finding_writes_its_percentage_as_the_locale_does_without_trailing_zeros(lang):
    text = shown(
        lang,
        CurrencyRule.DECLARED_DIFFERS,
        amount_declared=Decimal("1000.00"),
        tolerance_pct=Decimal("1.00"),
        amount_computed=Decimal("1524.49"),
        rate=Decimal("1.5"),
        currency="USD",
    )

    assert format_percent(1, lang, decimals=None) in text
    assert "1.00 %" not in text and "%%" not in text and "% %" not in text


@pytest.mark.parametrize("lang", READERS)
def test_a_budget_finding_writes_flexibility_and_amounts_in_the_readers_form(lang):
    text = shown(
        lang,
        BudgetRule.ABOVE_BUDGET_LINE,
        amount_accepted=Decimal("12345.6"),
        amount_allocation=Decimal("10000"),
        year=2025,
        flexibility_pct=Decimal("10.00"),
        amount_taken=Decimal("1345.6"),
    )

    assert format_percent(10, lang, decimals=None) in text
    assert format_money(Decimal("12345.60"), "EUR", lang) in text
    assert "2025" in text
    assert "10.00 %" not in text


def test_a_per_diem_finding_writes_meal_cuts_as_percentages_in_french():
    text = shown(
        "fr",
        PerDiemRule.ABOVE_SCALE_MEALS,
        amount_claimed=Decimal("500"),
        amount_scale=Decimal("92.5"),
        country="BJ",
        days=4,
        lunch_cut_pct=Decimal("35"),
        lunches=2,
        dinner_cut_pct=Decimal("45"),
        dinners=1,
        amount_allowed=Decimal("263.63"),
        amount_excess=Decimal("236.37"),
    )

    assert format_percent(35, "fr", decimals=None) in text
    assert format_percent(45, "fr", decimals=None) in text
    assert format_money(Decimal("92.50"), "EUR", "fr") in text


@pytest.mark.django_db
def test_a_release_condition_writes_its_share_as_the_locale_does():
    tranche = Tranche.objects.get(
        partnership__code="BJ-MER-TOU", year=2026, number=2, leg="to_partner", status=TrancheStatus.PLANNED
    )
    share = tranche.programme.tranche_spent_share_pct

    with translation.override("fr"):
        conditions = dict(partnership_release_conditions(tranche.partnership))[tranche]

    assert format_percent(share, "fr", decimals=None) in conditions[2].label
    assert format_percent(0, "fr", decimals=None) in conditions[2].fact
    assert str(share) not in conditions[2].label


@pytest.mark.django_db
def test_the_claim_page_names_the_rules_in_the_readers_language(client):
    claim = claim_of("BJ-ANZ-PER/2025")
    client.force_login(User.objects.get(username="auditor"))
    codes = set(Finding.objects.filter(claim=claim).values_list("rule_code", flat=True))

    response = client.get(reverse("grants:claim-detail", args=[claim.pk]))

    page = response.content.decode()
    shown_codes = {
        finding.rule_code for invoice in response.context["invoices"] for finding, _ in invoice.finding_texts
    }
    with translation.override("nl"):
        labels = {code: str(ReasonCode(code).label) for code in codes}
    assert shown_codes
    for code in shown_codes:
        assert f"<strong>{escape(labels[code])}</strong>" in page
        assert f"<strong>{code}</strong>" not in page
    choices = dict(response.context["filter"].filters["rule"].extra["choices"])
    assert set(choices) == codes
    assert {str(label) for label in choices.values()} == set(labels.values())


@pytest.mark.django_db
def test_the_invoice_page_names_the_rules_and_writes_the_rate_in_the_readers_language(client):
    claim = claim_of("BJ-ANZ-PER/2025")
    finding = Finding.objects.filter(claim=claim).exclude(invoice__currency="EUR").select_related("invoice").first()
    client.force_login(User.objects.get(username="auditor"))

    response = client.get(reverse("grants:invoice-detail", args=[claim.pk, finding.invoice.line]))

    page = response.content.decode()
    with translation.override("nl"):
        label = str(ReasonCode(finding.rule_code).label)
    assert f"<strong>{escape(label)}</strong>" in page
    assert f"1 EUR = {format_rate(finding.invoice.units_per_eur, 'nl')} {finding.invoice.currency}" in page


def written_in(reader, writer):
    with translation.override(reader):
        return escape(translation.gettext("(written in %(language)s)") % {"language": language_name(writer, reader)})


@pytest.mark.django_db
def test_a_dutch_comment_tells_the_french_partner_its_language_and_not_its_writer():
    report = PartnerReport.objects.get(partnership__code="SN-ZEM-SOK", year=2025, period="year")
    coordinator = User.objects.get(username="coordinator")
    comment = section_comment_add(report=report, user=coordinator, section="results", text="Welke werken?")
    url = reverse("reporting:report-detail", kwargs={"pk": report.pk})

    partner_page = signed_in_client("sokone").get(url).content.decode()
    own_page = signed_in_client("coordinator").get(url).content.decode()

    assert comment.language == coordinator.language == "nl"
    assert "Welke werken?" in partner_page
    assert written_in("fr", "nl") in partner_page
    assert written_in("nl", "nl") not in own_page
    assert "Welke werken?" in own_page


@pytest.mark.django_db
def test_a_return_reason_keeps_the_language_of_the_team_member_who_wrote_it():
    report = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period="h1")
    perere, coordinator = User.objects.get(username="perere"), User.objects.get(username="coordinator")
    report_transition(report=report, user=perere, status="submitted")
    report_transition(report=report, user=coordinator, status="returned", comment="Vul de resultaten aan.")

    page = signed_in_client("perere").get(reverse("reporting:report-detail", kwargs={"pk": report.pk}))

    assert report.events.get(status_to="returned").comment_language == "nl"
    assert written_in("fr", "nl") in page.content.decode()


@pytest.mark.django_db
def test_the_auditors_comment_says_its_language_to_an_officer_who_reads_another():
    claim = claim_of("BJ-ANZ-PER/2025")
    invoice = claim.invoices.filter(verdict="needs_info").order_by("line").first()
    auditor = User.objects.get(username="auditor")
    officer = User.objects.get(username="anzegem")
    invoice_decide(
        invoice=invoice,
        auditor=auditor,
        verdict="ineligible",
        reason_codes=[ReasonCode.OTHER],
        comment="Geen bewijs.",
        seen_version=getattr(getattr(invoice, "decision", None), "version", 0),
    )
    url = reverse("grants:invoice-detail", args=[claim.pk, invoice.line])

    same_language = signed_in_client("anzegem").get(url).content.decode()
    officer.language = "fr"
    officer.save(update_fields=["language"])
    other_language = signed_in_client("anzegem").get(url).content.decode()

    assert AuditDecision.objects.get(invoice=invoice).comment_language == "nl"
    assert "Geen bewijs." in same_language and written_in("nl", "nl") not in same_language
    assert written_in("fr", "nl") in other_language


def test_percentages_in_messages_follow_the_locale_and_keep_a_translators_own_wording():
    assert interpolate("%(share)s %% spent", {"share": Decimal("75.00")}, ["share"], lang="nl") == "75% spent"
    assert interpolate("%(share)s %% spent", {"share": Decimal("75.00")}, ["share"], lang="fr") == "75\u00a0% spent"
    assert interpolate("%(share)s por ciento", {"share": Decimal("2.50")}, ["share"], lang="es") == "2,5 por ciento"


@pytest.mark.django_db
def test_a_split_by_sex_that_does_not_add_up_writes_its_numbers_in_the_readers_form():
    indicator = Indicator.objects.get(code="O1.1", outcome__partnership__code="RW-SDG-KAR")

    with translation.override("fr"), pytest.raises(FrameworkRefused) as refused:
        indicator_value_check(indicator, value="1234,5", women="1000", men="30")

    assert format_number(Decimal("1234.5"), "fr") in str(refused.value)
    assert format_number(Decimal("1000"), "fr") in str(refused.value)


@pytest.mark.django_db
def test_the_audit_workbook_names_each_finding_by_its_rule_in_the_readers_language(tmp_path):
    claim = claim_of("BJ-ANZ-PER/2025")
    finding = Finding.objects.filter(claim=claim).select_related("invoice").order_by("invoice__line").first()
    path = tmp_path / "audit.xlsx"

    claim_audit_workbook(claim, "fr", path)

    sheet = load_workbook(path).worksheets[0]
    titles = [cell.value for cell in sheet[1]]
    with translation.override("fr"):
        reasons_title = translation.gettext("Reasons")
        label = str(ReasonCode(finding.rule_code).label)
    row = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == finding.invoice.line)
    assert row[titles.index(reasons_title)].startswith(label)
