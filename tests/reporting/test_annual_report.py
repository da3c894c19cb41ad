"""The annual DGD report: its figures agree with the audit, and every format says them in its language."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from django.core.exceptions import ValidationError

from grants.models import Allocation, ExpenseClaim, Programme
from grants.selectors import AUDITED_STATUSES
from partnerships.models import Partnership
from reporting.annual.build import build_annual_report
from reporting.annual.dataset import annual_dataset
from reporting.annual.render import render_html
from reporting.models import Aggregation, Indicator, IndicatorType, IndicatorValue, PartnerReport, ReportPeriod
from reporting.services import framework_copy

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
YEAR = 2025


@pytest.fixture
def globe():
    return Programme.objects.get(code=GLOBE)


def audited_total(year, field="accepted_eur"):
    total = ExpenseClaim.objects.filter(
        programme__code=GLOBE, year=year, status__in=AUDITED_STATUSES
    ).aggregate(total=Sum(field))["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_every_accepted_total_is_the_audited_claims_total_to_the_cent(globe, year):
    data = annual_dataset(globe, year, "nl")
    accepted = audited_total(year)
    assert accepted > 0
    assert data.summary["accepted_eur"] == accepted
    assert sum(data.partnerships["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.countries["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.categories["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.headings["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.verdicts["accepted_eur"], Decimal(0)) == accepted
    assert data.years.set_index("year").at[year, "accepted_eur"] == accepted
    rejected = audited_total(year, "rejected_eur")
    assert data.summary["rejected_eur"] == rejected
    assert sum(data.reasons["rejected_eur"], Decimal(0)) == rejected


def test_claims_still_in_audit_are_named_but_not_counted(globe):
    in_audit = ExpenseClaim.objects.filter(programme=globe, year=YEAR).exclude(status__in=AUDITED_STATUSES)
    data = annual_dataset(globe, YEAR, "fr")
    assert data.summary["claims_not_audited"] == in_audit.count() > 0
    assert data.summary["not_audited_claimed_eur"] == sum((c.claimed_eur for c in in_audit), Decimal(0))
    codes = set(in_audit.values_list("partnership__code", flat=True))
    rows = data.partnerships.set_index("code")
    assert all(rows.at[code, "accepted_eur"] == 0 for code in codes)


def test_the_summary_covers_every_partnership_with_money_that_year(globe):
    data = annual_dataset(globe, YEAR, "es")
    funded = set(
        Partnership.objects.filter(allocations__programme=globe, allocations__year=YEAR).values_list("code", flat=True)
    )
    assert set(data.partnerships["code"]) == funded
    assert data.summary["partnership_count"] == len(funded) == 17
    assert data.summary["budget_eur"] == sum(data.partnerships["budget_eur"], Decimal(0))
    assert data.summary["execution_pct"] == (
        data.summary["accepted_eur"] * 100 / data.summary["budget_eur"]
    ).quantize(Decimal("0.1"))


def test_indicators_add_up_as_each_indicator_says(globe):
    data = annual_dataset(globe, YEAR, "en")
    rows = data.indicators
    for _, result in data.results.iterrows():
        group = rows[(rows["objective"] == result["objective"]) & (rows["name"] == result["name"])]
        actuals = [v for v in group["actual"] if v is not None]
        if result["aggregation"] == Aggregation.SUM:
            assert result["actual"] == sum(actuals, Decimal(0))
        elif result["aggregation"] == Aggregation.AVERAGE:
            assert result["actual"] == (sum(actuals, Decimal(0)) / len(actuals)).quantize(Decimal("0.1"))
        elif result["aggregation"] == Aggregation.COUNT:
            reached = sum(1 for a, t in zip(group["actual"], group["target"]) if a is not None and a >= t)
            assert result["actual"] == reached
    own_revenue = Indicator.objects.filter(aggregation=Aggregation.NONE).values_list("name_en", flat=True)
    assert set(own_revenue).isdisjoint(data.results["name"])
    assert set(data.results["aggregation"]) == {Aggregation.SUM, Aggregation.AVERAGE, Aggregation.COUNT}


def test_an_indicator_value_of_the_annual_report_counts_over_the_half_year(globe):
    value = IndicatorValue.objects.filter(
        report__year=YEAR, report__period=ReportPeriod.YEAR, report__status="submitted"
    ).select_related("report").first()
    data = annual_dataset(globe, YEAR, "en")
    row = data.indicators[data.indicators["indicator_id"] == value.indicator_id].iloc[0]
    assert row["actual"] == value.value


def test_a_translation_into_the_report_language_replaces_the_original(globe):
    report = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=YEAR, period=ReportPeriod.YEAR)
    report.results_translation = "De gemeenteraad keurde de begroting goed na een publieke terugkoppeling."
    report.translation_language = "nl"
    report.save()
    dutch = annual_dataset(globe, YEAR, "nl").narratives["BJ-ANZ-PER"]
    spanish = annual_dataset(globe, YEAR, "es").narratives["BJ-ANZ-PER"]
    results_nl = dutch.of(["results"])[0]
    assert results_nl.text == report.results_translation and results_nl.original_language == ""
    results_es = spanish.of(["results"])[0]
    assert results_es.text == report.results and results_es.original_language == "fr"
    html = render_html(annual_dataset(globe, YEAR, "es"), images={})
    assert "Texto original en francés" in html


def test_the_dataset_reads_the_same_number_of_queries_whatever_the_size(globe):
    with CaptureQueriesContext(connection) as before:
        annual_dataset(globe, YEAR, "nl")
    source = Partnership.objects.get(code="BJ-ANZ-PER")
    for number in range(3):
        partnership = Partnership.objects.create(
            code=f"BJ-NEW-P{number}", name=f"New {number}", kind=source.kind, country=source.country,
            reporting_language="fr",
        )
        framework_copy(source=source, target=partnership)
        Allocation.objects.create(programme=globe, partnership=partnership, year=YEAR, amount_eur=Decimal("1000"))
    with CaptureQueriesContext(connection) as after:
        data = annual_dataset(globe, YEAR, "nl")
    assert data.summary["partnership_count"] == 20
    assert len(before) == len(after) <= 25


def test_a_partnership_with_a_claim_but_no_allocation_still_counts_everywhere(globe):
    Allocation.objects.filter(programme=globe, partnership__code="BJ-HOO-ZAK", year=YEAR).delete()
    data = annual_dataset(globe, YEAR, "nl")
    assert "BJ-HOO-ZAK" in set(data.partnerships["code"])
    accepted = audited_total(YEAR)
    assert sum(data.partnerships["accepted_eur"], Decimal(0)) == accepted
    assert sum(data.countries["accepted_eur"], Decimal(0)) == accepted == data.summary["accepted_eur"]


def test_an_indicator_aggregates_as_its_type_says_unless_told_otherwise(globe):
    yes_no = Indicator.objects.filter(type=IndicatorType.YES_NO, outcome__partnership__code="BJ-ANZ-PER").first()
    assert yes_no.aggregation == Aggregation.BY_TYPE
    Indicator.objects.filter(name_en=yes_no.name_en).update(aggregation=Aggregation.SUM)
    data = annual_dataset(globe, YEAR, "en")
    summed = data.results[data.results["name"] == yes_no.name_en].iloc[0]
    assert summed["aggregation"] == Aggregation.SUM
    # Ten partnerships of eleven said yes against a target of eleven: 90.9 %, not "behind at 0 %".
    assert summed["actual"] == 10 and summed["target"] == 11
    assert summed["achievement_pct"] == Decimal("90.9")


def test_shares_cannot_be_added_up():
    share = Indicator.objects.filter(type=IndicatorType.PERCENTAGE).first()
    share.aggregation = Aggregation.SUM
    with pytest.raises(ValidationError, match="aggregation"):
        share.full_clean()


def test_html_is_in_its_language_and_covers_every_partnership(globe):
    html = build_annual_report(globe, YEAR, "fr", "html").content.decode()
    assert '<html lang="fr">' in html
    assert "Résultats par objectif spécifique" in html
    assert "Programme mondial de gouvernance locale 2022-2026" in html
    assert html.count("data:image/png;base64,") >= 3
    for code in Partnership.objects.filter(allocations__programme=globe, allocations__year=YEAR).values_list("code", flat=True):
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
    assert re.search(r"298\.419,85\s€", text)


def test_xlsx_amounts_are_numbers_equal_to_the_audit(globe):
    built = build_annual_report(globe, YEAR, "nl", "xlsx")
    workbook = load_workbook(io.BytesIO(built.content))
    sheet = workbook["Stedenbanden"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Stedenband", "Naam"]
    accepted_column = header.index("Aanvaard")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    total = rows[-1]
    assert total[0] == "Totaal"
    assert isinstance(total[accepted_column], (int, float))
    assert Decimal(str(total[accepted_column])) == audited_total(YEAR)
    assert round(sum(Decimal(str(r[accepted_column])) for r in rows[:-1]), 2) == audited_total(YEAR)
    assert len(rows) - 1 == 17
    assert sheet.cell(2, accepted_column + 1).number_format == "#,##0.00"
    assert {"Overzicht", "Resultaten", "Landen", "Audit per reden"} <= set(workbook.sheetnames)


def test_a_year_without_data_says_so(globe, tmp_path):
    output = tmp_path / "2030.html"
    stderr = io.StringIO()
    call_command(
        "annual_report", "--programme", GLOBE, "--year", "2030", "--lang", "nl", "--format", "html",
        "-o", str(output), stdout=io.StringIO(), stderr=stderr,
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
