"""The annual DGD report: it tells the whole programme, its figures agree with the audit, every format says them in its language."""

import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from grants.models import (
    AUDITED_STATUSES,
    Allocation,
    BudgetLineAmount,
    ExpenseClaim,
    Programme,
    Subsidy,
    SubsidySource,
)
from grants.services.imports import claim_import, statement_parse
from partnerships.models import Partnership, PartnershipKind, PartnershipStatus
from reporting.annual.build import build_annual_report
from reporting.annual.dataset import annual_dataset
from reporting.annual.finance import unsettled_claims_frame
from reporting.annual.render import render_html
from reporting.models import (
    Aggregation,
    Indicator,
    IndicatorType,
    IndicatorValue,
    NarrativeSection,
    Objective,
    PartnerReport,
    ProgrammeIndicatorValue,
    ProgrammeNarrative,
    ReportPeriod,
    ReportStatus,
)
from reporting.services import framework_copy

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
YEAR = 2025
CENT = Decimal("0.01")


@pytest.fixture
def globe():
    return Programme.objects.get(code=GLOBE)


def audited_total(year, field="accepted_eur"):
    total = ExpenseClaim.objects.filter(programme__code=GLOBE, year=year, status__in=AUDITED_STATUSES).aggregate(
        total=Sum(field)
    )["total"]
    return Decimal(total or 0).quantize(CENT)


def audit_claim_totals(claim):
    out = io.StringIO()
    call_command("audit_claim", str(claim.pk), "--format", "json", stdout=out)
    return {key: Decimal(value) for key, value in json.loads(out.getvalue())["totals"].items()}


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_every_accepted_total_is_the_audited_claims_total_to_the_cent(globe, year):
    data = annual_dataset(globe, year, "nl")

    accepted = audited_total(year)
    assert accepted > 0
    assert data.summary["accepted_eur"] == accepted
    assert data.summary["accepted_partnerships_eur"] + data.summary["accepted_own_eur"] == accepted
    assert sum(data.partnerships["accepted_eur"], Decimal(0)) == data.summary["accepted_partnerships_eur"]
    assert sum(data.own_claims["accepted_eur"], Decimal(0)) == data.summary["accepted_own_eur"]
    assert sum(data.countries["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.categories["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.budget_lines["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.verdicts["accepted_eur"], Decimal(0)) == accepted
    assert data.years.set_index("year").at[year, "accepted_eur"] == accepted
    rejected = audited_total(year, "rejected_eur")
    assert data.summary["rejected_eur"] == rejected
    assert sum(data.reasons["rejected_eur"], Decimal(0)) == rejected


def test_the_report_adds_up_to_what_audit_claim_says_of_every_audited_claim(globe):
    claims = ExpenseClaim.objects.filter(programme=globe, year=YEAR, status__in=AUDITED_STATUSES)
    totals = [audit_claim_totals(claim) for claim in claims]

    data = annual_dataset(globe, YEAR, "fr")

    assert claims.filter(budget_line__isnull=False).exists()
    for key in ("claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"):
        assert data.summary[key] == sum((t[key] for t in totals), Decimal(0))


def test_the_2025_report_accounts_for_the_whole_subsidy_of_the_year(globe):
    data = annual_dataset(globe, YEAR, "nl")
    accounting = data.accounting

    subsidy = Subsidy.objects.get(programme=globe, year=YEAR, source=SubsidySource.FEDERAL).amount_eur
    assert accounting["subsidy_eur"] == subsidy == Decimal("1445452.00")
    parts = (
        accounting["allocated_eur"]
        + sum((line["budget_eur"] for line in accounting["own_lines"]), Decimal(0))
        + accounting["unallocated_eur"]
        + accounting["not_budgeted_eur"]
    )
    assert parts == subsidy
    assert accounting["not_budgeted_eur"] == 0
    assert (
        accounting["allocated_eur"]
        == Allocation.objects.filter(programme=globe, year=YEAR).aggregate(total=Sum("amount_eur"))["total"]
    )
    assert accounting["own_lines"] and accounting["unallocated_eur"] >= 0
    assert data.summary["budget_eur"] == subsidy


def test_the_flemish_government_subsidy_is_not_called_co_financing(globe):
    html = render_html(annual_dataset(globe, YEAR, "nl"), images={})

    assert not Subsidy.objects.filter(programme=globe, source=SubsidySource.FLEMISH).exists()
    assert "Vlaamse cofinanciering" not in html
    assert "Flemish co-funding" not in html


def test_budget_lines_and_categories_add_up_to_the_budget_and_say_their_caps(globe):
    data = annual_dataset(globe, YEAR, "nl")

    budget = BudgetLineAmount.objects.filter(line__programme=globe, year=YEAR).aggregate(total=Sum("amount_eur"))[
        "total"
    ]
    assert sum(data.budget_lines["budget_eur"], Decimal(0)) == budget
    assert sum(data.categories["budget_eur"], Decimal(0)) == budget
    categories = data.categories.set_index("category")
    assert categories.at["administration", "cap_pct"] == globe.administration_cap_pct
    assert categories.at["management", "cap_pct"] == globe.management_cap_pct
    assert bool(categories.at["administration", "within_cap"]) is True


def test_cumulative_execution_is_measured_against_the_whole_programme_budget(globe):
    data = annual_dataset(globe, YEAR, "nl")
    years = data.years.set_index("year")

    whole = data.years.attrs["programme_budget_eur"]
    assert whole == BudgetLineAmount.objects.filter(line__programme=globe).aggregate(total=Sum("amount_eur"))["total"]
    cumulative = sum((audited_total(year) for year in range(2022, YEAR + 1)), Decimal(0))
    assert years.at[YEAR, "cumulative_accepted_eur"] == cumulative
    assert years.at[YEAR, "cumulative_pct"] == (cumulative * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_claims_still_in_audit_are_listed_with_what_they_declare_and_not_counted(globe):
    unsettled = ExpenseClaim.objects.filter(programme=globe, year=YEAR).exclude(status__in=AUDITED_STATUSES)
    data = annual_dataset(globe, YEAR, "fr")

    assert set(data.unsettled["claim_id"]) == set(unsettled.values_list("pk", flat=True))
    assert len(data.unsettled) >= 4
    assert all(amount > 0 for amount in data.unsettled["declared_eur"])
    rows = data.partnerships.set_index("code")
    for code in unsettled.filter(partnership__isnull=False).values_list("partnership__code", flat=True):
        assert rows.at[code, "accepted_eur"] == 0 and rows.at[code, "balance_eur"] is None
    html = render_html(data, images={})
    for claim in unsettled:
        assert f"{claim}" in html


def test_an_unsettled_claim_counts_the_lines_with_neither_a_rate_nor_a_declared_eur_amount(globe):
    statement = (
        "line;invoice_date;supplier;invoice_number;description;category;currency;amount;paid_by;amount_eur\n"
        "1;15/03/2026;Ets. Dossou;F-1;Formation;operating;GHS;100;partner;12.34\n"
        "2;16/03/2026;Ets. Dossou;F-2;Atelier;operating;GHS;200;partner;\n"
        "3;17/03/2026;Ets. Dossou;F-3;Ciment;investment;EUR;50;partner;\n"
    )
    preview = statement_parse(File(io.BytesIO(statement.encode("utf-8")), name="statement.csv"))
    claim, _ = claim_import(partnership=Partnership.objects.get(code="BJ-ANZ-PER"), year=2026, preview=preview)

    rows = unsettled_claims_frame(globe, 2026).set_index("claim_id")

    assert (rows.at[claim.pk, "declared_eur"], rows.at[claim.pk, "lines_without_eur"]) == (Decimal("62.34"), 1)


def test_partnerships_without_a_claim_are_flagged(globe):
    data = annual_dataset(globe, YEAR, "nl")
    with_claim = set(
        ExpenseClaim.objects.filter(programme=globe, year=YEAR).values_list("partnership__code", flat=True)
    )

    flagged = {row["code"] for row in data.summary["without_claim"]}

    assert flagged == set(data.partnerships["code"]) - with_claim
    assert flagged


def test_partnerships_are_counted_by_kind_and_those_not_active_are_listed_with_their_status(globe):
    data = annual_dataset(globe, YEAR, "nl")
    kinds = dict(Partnership.objects.filter(code__in=data.partnerships["code"]).values_list("code", "kind"))

    assert data.summary["city_count"] == list(kinds.values()).count(PartnershipKind.CITY)
    assert data.summary["sdg_count"] == list(kinds.values()).count(PartnershipKind.SDG)
    assert data.summary["sister_association_count"] == list(kinds.values()).count(PartnershipKind.SISTER_ASSOCIATION)
    assert data.summary["city_count"] + data.summary["sdg_count"] + data.summary["sister_association_count"] == len(
        kinds
    )
    on_hold = set(
        Partnership.objects.filter(status=PartnershipStatus.ON_HOLD, code__in=kinds).values_list("code", flat=True)
    )
    assert on_hold
    assert {row["code"] for row in data.summary["not_active"]} == on_hold
    assert "BE" in data.summary["countries"]


def test_partnerships_on_hold_are_never_shown_on_schedule_nor_added_to_the_programme(globe):
    data = annual_dataset(globe, YEAR, "en")
    on_hold = set(data.partnerships[data.partnerships["status"] == PartnershipStatus.ON_HOLD]["code"])

    held = data.indicators[data.indicators["partnership"].isin(on_hold)]

    assert set(held["status"]) <= {"no_data", "no_target"}
    for _, result in data.results.iterrows():
        assert result["partnerships"] <= len(
            data.indicators[
                (data.indicators["objective"] == result["objective"]) & ~data.indicators["partnership"].isin(on_hold)
            ]
        )


def test_every_objective_of_the_programme_is_named_even_without_values(globe):
    html = render_html(annual_dataset(globe, YEAR, "fr"), images={})

    objectives = Objective.objects.filter(programme=globe)
    assert objectives.filter(level="strategic").count() == 4 and objectives.filter(level="specific").count() == 10
    for objective in objectives:
        assert escape(f"{objective.code} {objective.title_fr}") in html


def test_objectives_of_another_programme_stay_out_of_the_report(globe):
    other = Objective.objects.exclude(programme=globe).filter(code="SD1.1").get()
    other.title_en = "A strategic plan objective of another programme"
    other.save()

    html = render_html(annual_dataset(globe, YEAR, "en"), images={})

    assert other.title_en not in html


def test_only_approved_partner_reports_feed_values_and_texts(globe):
    submitted = PartnerReport.objects.filter(year=YEAR, period=ReportPeriod.YEAR, status=ReportStatus.SUBMITTED).first()
    value = IndicatorValue.objects.filter(report=submitted, value__isnull=False).first()

    data = annual_dataset(globe, YEAR, "en")

    row = data.indicators[data.indicators["indicator_id"] == value.indicator_id].iloc[0]
    assert row["actual"] is None and row["status"] == "no_data"
    assert data.narratives[submitted.partnership.code].passages == ()
    html = render_html(data, images={})
    assert f"{submitted.partnership.code}: annual report not approved" in html


def test_an_approved_value_of_the_annual_report_counts_over_the_half_year(globe):
    value = IndicatorValue.objects.filter(
        report__year=YEAR, report__period=ReportPeriod.YEAR, report__status=ReportStatus.APPROVED, value__isnull=False
    ).first()

    data = annual_dataset(globe, YEAR, "en")

    row = data.indicators[data.indicators["indicator_id"] == value.indicator_id].iloc[0]
    assert row["actual"] == value.value


def test_progress_is_measured_from_the_baseline(globe):
    data = annual_dataset(globe, YEAR, "en")
    measured = data.indicators[data.indicators["progress_pct"].notna()]

    assert len(measured)
    for _, row in measured.iterrows():
        expected = ((row["actual"] - row["baseline"]) * 100 / (row["target"] - row["baseline"])).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
        assert row["progress_pct"] == expected
        if row["actual"] <= row["baseline"] and row["direction"] == "increase":
            assert row["status"] == "no_progress"


def test_programme_level_indicators_have_their_values_and_yes_no_ones_no_percentage(globe):
    data = annual_dataset(globe, YEAR, "en")
    own = data.programme_indicators

    assert len(own) and own["actual"].notna().any()
    assert set(own["objective"]) >= {"SD1.1", "SD2.1", "SD4.3"}
    for _, row in own[own["type"].isin([IndicatorType.YES_NO, IndicatorType.QUALITATIVE])].iterrows():
        assert row["progress_pct"] is None


def test_women_and_men_are_shown_where_the_values_are_split_by_sex(globe):
    data = annual_dataset(globe, YEAR, "nl")
    split = data.indicators[data.indicators["women"].notna()]

    assert len(split)
    html = render_html(data, images={})
    row = split.iloc[0]
    assert f"{row['code']} {row['name']}" in html


def test_indicators_add_up_as_each_indicator_says(globe):
    data = annual_dataset(globe, YEAR, "en")
    active = set(data.partnerships[data.partnerships["status"] == PartnershipStatus.ACTIVE]["code"])
    rows = data.indicators[data.indicators["partnership"].isin(active)]

    for _, result in data.results.iterrows():
        group = rows[(rows["objective"] == result["objective"]) & (rows["name"] == result["name"])]
        actuals = [v for v in group["actual"] if v is not None]
        if result["aggregation"] == Aggregation.SUM:
            assert result["actual"] == (sum(actuals, Decimal(0)) if actuals else None)
        elif result["aggregation"] == Aggregation.AVERAGE:
            assert result["actual"] == (sum(actuals, Decimal(0)) / len(actuals)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        elif result["aggregation"] == Aggregation.COUNT:
            reached = sum(1 for a, t in zip(group["actual"], group["target"]) if a is not None and a >= t)
            assert result["actual"] == reached
    not_aggregated = Indicator.objects.filter(aggregation=Aggregation.NONE).values_list("name_en", flat=True)
    assert set(not_aggregated).isdisjoint(data.results["name"])


def test_an_indicator_aggregates_as_its_type_says_unless_told_otherwise(globe):
    yes_no = Indicator.objects.filter(type=IndicatorType.YES_NO, outcome__partnership__code="BJ-ANZ-PER").first()
    assert yes_no.aggregation == Aggregation.BY_TYPE
    Indicator.objects.filter(name_en=yes_no.name_en).update(aggregation=Aggregation.SUM)

    data = annual_dataset(globe, YEAR, "en")

    summed = data.results[data.results["name"] == yes_no.name_en].iloc[0]
    assert summed["aggregation"] == Aggregation.SUM
    assert summed["type"] == IndicatorType.NUMBER


def test_shares_cannot_be_added_up():
    share = Indicator.objects.filter(type=IndicatorType.PERCENTAGE).first()
    share.aggregation = Aggregation.SUM
    with pytest.raises(ValidationError, match="aggregation"):
        share.full_clean()


def test_a_translation_into_the_report_language_replaces_the_original(globe):
    report = PartnerReport.objects.filter(
        year=YEAR, period=ReportPeriod.YEAR, status=ReportStatus.APPROVED, language="fr"
    ).first()
    report.results_translation = "De gemeenteraad keurde de begroting goed na een publieke terugkoppeling."
    report.translation_language = "nl"
    report.save()

    dutch = annual_dataset(globe, YEAR, "nl").narratives[report.partnership.code]
    spanish = annual_dataset(globe, YEAR, "es")

    results_nl = dutch.of(["results"])[0]
    assert results_nl.text == report.results_translation and results_nl.original_language == ""
    results_es = spanish.narratives[report.partnership.code].of(["results"])[0]
    assert results_es.text == report.results and results_es.original_language == "fr"
    assert "Texto original en francés" in render_html(spanish, images={})


def test_a_text_answer_in_another_language_is_marked_as_the_original(globe):
    dutch = ProgrammeIndicatorValue.objects.get(
        indicator__outcome__objective__programme=globe, year=YEAR, text__gt="", text_language="nl"
    )

    french = render_html(annual_dataset(globe, YEAR, "fr"), images={})
    flemish = render_html(annual_dataset(globe, YEAR, "nl"), images={})

    answer = escape(dutch.text)
    assert answer in french and answer in flemish
    assert "Texte original en néerlandais, non traduit." in french.split(answer, 1)[1][:300]
    assert "Originele tekst" not in flemish.split(answer, 1)[1][:300]


def test_the_team_narrative_is_read_in_the_report_language(globe):
    synthesis = ProgrammeNarrative.objects.get(programme=globe, year=YEAR, section=NarrativeSection.SYNTHESIS)

    for language in ("nl", "fr", "es"):
        data = annual_dataset(globe, YEAR, language)
        expected = synthesis.text if synthesis.language == language else synthesis.translation_into(language)
        assert data.team[NarrativeSection.SYNTHESIS].text == expected
        assert set(data.team) == set(NarrativeSection.values)


def test_the_association_and_the_funder_are_named_in_full(globe):
    html = {language: render_html(annual_dataset(globe, YEAR, language), images={}) for language in ("nl", "fr", "es")}

    assert "Directie-generaal Ontwikkelingssamenwerking en Humanitaire Hulp" in html["nl"]
    assert "Direction générale Coopération au développement et Aide humanitaire" in html["fr"]
    assert "Dirección General de Cooperación al Desarrollo y Ayuda Humanitaria" in html["es"]
    assert "Vereniging van Vlaamse Steden en Gemeenten" in html["nl"]


def test_the_dataset_reads_the_same_number_of_queries_whatever_the_size(globe):
    with CaptureQueriesContext(connection) as before:
        annual_dataset(globe, YEAR, "nl")
    source = Partnership.objects.get(code="BJ-ANZ-PER")
    for number in range(3):
        partnership = Partnership.objects.create(
            code=f"BJ-NEW-P{number}",
            name=f"New {number}",
            kind=source.kind,
            country=source.country,
            reporting_language="fr",
        )
        framework_copy(source=source, target=partnership)
        Allocation.objects.create(programme=globe, partnership=partnership, year=YEAR, amount_eur=Decimal("1000"))

    with CaptureQueriesContext(connection) as after:
        data = annual_dataset(globe, YEAR, "nl")

    assert data.summary["partnership_count"] == 20
    assert len(before) == len(after) <= 40


def test_a_partnership_with_a_claim_but_no_allocation_still_counts_everywhere(globe):
    Allocation.objects.filter(programme=globe, partnership__code="BJ-HOO-ZAK", year=YEAR).delete()

    data = annual_dataset(globe, YEAR, "nl")

    assert "BJ-HOO-ZAK" in set(data.partnerships["code"])
    accepted = audited_total(YEAR)
    assert sum(data.countries["accepted_eur"], Decimal(0)) == accepted == data.summary["accepted_eur"]


def test_html_is_in_its_language_and_covers_every_partnership(globe):
    html = build_annual_report(globe, YEAR, "fr", "html").content.decode()

    assert '<html lang="fr">' in html
    assert "Résultats par objectif" in html
    assert "Programme mondial de gouvernance locale 2022-2026" in html
    assert html.count("data:image/png;base64,") >= 3
    for code in Partnership.objects.filter(allocations__programme=globe, allocations__year=YEAR).values_list(
        "code", flat=True
    ):
        assert f'id="partnership-{code}"' in html


def test_pdf_has_a_contents_page_page_numbers_charts_and_spanish_text(globe):
    built = build_annual_report(globe, YEAR, "es", "pdf")

    reader = PdfReader(io.BytesIO(built.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Índice" in text and "Resumen" in text and "Informe financiero" in text
    assert "Summary" not in text
    assert re.search(r"Programa\s+mundial\s+de\s+gobernanza\s+local", text)
    assert re.search(rf"\b2 / {len(reader.pages)}\b", text)
    assert sum(len(page.images) for page in reader.pages) >= 3
    assert re.search(r"1\.445\.452,00\s€", text)


def test_xlsx_amounts_are_numbers_equal_to_the_audit(globe):
    built = build_annual_report(globe, YEAR, "nl", "xlsx")
    workbook = load_workbook(io.BytesIO(built.content))

    sheet = workbook["Budgetlijnen"]
    header = [cell.value for cell in sheet[1]]
    accepted_column = header.index("Aanvaarde uitgaven")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    total = rows[-1]
    assert total[0] == "Totaal"
    assert isinstance(total[accepted_column], (int, float))
    assert Decimal(str(total[accepted_column])) == audited_total(YEAR)
    assert round(sum(Decimal(str(r[accepted_column])) for r in rows[:-1]), 2) == audited_total(YEAR)
    assert sheet.cell(2, accepted_column + 1).number_format == "#,##0.00"
    partnerships = workbook["Stedenbanden"]
    assert partnerships.max_row - 2 == 17
    assert {"Overzicht", "Resultaten", "Landen", "Audit per reden", "Cofinanciering"} <= set(workbook.sheetnames)


def test_a_year_without_data_says_so(globe, tmp_path):
    output = tmp_path / "2030.html"
    stderr = io.StringIO()

    call_command(
        "annual_report",
        "--programme",
        GLOBE,
        "--year",
        "2030",
        "--lang",
        "nl",
        "--format",
        "html",
        "-o",
        str(output),
        stdout=io.StringIO(),
        stderr=stderr,
    )

    assert "Geen gegevens voor dit jaar" in output.read_text()
    assert "no data for 2030" in stderr.getvalue()
    built = build_annual_report(Programme.objects.get(code=GLOBE), 2030, "es", "xlsx")
    assert not built.has_data
    assert load_workbook(io.BytesIO(built.content)).sheetnames == ["Resumen"]


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--programme", "NOPE", "--year", "2025", "--lang", "nl", "--format", "pdf"], "Unknown programme"),
        (["--programme", GLOBE, "--year", "2025", "--lang", "de", "--format", "pdf"], "Unknown language"),
        (["--programme", GLOBE, "--year", "2025", "--lang", "nl", "--format", "docx"], "Unknown format"),
    ],
)
def test_bad_arguments_stop_with_a_message_and_write_nothing(tmp_path, arguments, message):
    output = tmp_path / "report.out"
    with pytest.raises(CommandError, match=message):
        call_command("annual_report", *arguments, "-o", str(output), stdout=io.StringIO(), stderr=io.StringIO())
    assert list(tmp_path.iterdir()) == []
