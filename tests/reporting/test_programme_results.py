"""The programme team's own results: objectives per programme, programme-level values and reported_values."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from demo.documents import scan_pdf
from grants.models import Programme
from reporting.models import (
    Indicator,
    IndicatorValue,
    Objective,
    ObjectiveLevel,
    Outcome,
    PartnerReport,
    ProgrammeIndicatorValue,
    ReportStatus,
)
from reporting.selectors import programme_objectives, reported_values

pytestmark = pytest.mark.django_db

GLOBE = "GLOBE-2022-2026"
PLAN = "PLAN-2027-2036"


def programme_indicator(code):
    return Indicator.objects.get(
        outcome__partnership__isnull=True, outcome__objective__programme__code=GLOBE, code=code
    )


def value_url(indicator, year=2025):
    return reverse("reporting:programme-value", kwargs={"code": GLOBE, "pk": indicator.pk, "year": year})


def test_each_programme_has_its_own_objectives_and_a_code_is_unique_within_one():
    globe, plan = Programme.objects.get(code=GLOBE), Programme.objects.get(code=PLAN)

    assert Objective.objects.get(programme=globe, code="SD2.3") != Objective.objects.get(programme=plan, code="SD2.3")
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.create(programme=globe, code="SD2.3", level=ObjectiveLevel.STRATEGIC, title="Twice")


def test_globes_framework_is_marked_as_taken_over_from_the_plan_and_objectives_carry_sdg_targets_11_16_17():
    globe = Objective.objects.filter(programme__code=GLOBE)
    goals = {target.split(".")[0] for o in globe for target in o.sdg_targets.split(", ")}

    assert set(globe.values_list("is_demo", flat=True)) == {True}
    assert not Objective.objects.filter(programme__code=PLAN, is_demo=True).exists()
    assert {"11", "16", "17"} <= goals
    assert not globe.filter(sdg_targets="").exists()


def test_partnership_outcomes_link_to_the_objectives_of_globe():
    programmes = set(
        Outcome.objects.filter(partnership__isnull=False).values_list("objective__programme__code", flat=True)
    )

    assert programmes == {GLOBE}


def test_team_outcome_codes_are_unique_per_objective():
    outcome = Outcome.objects.filter(partnership__isnull=True).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(objective=outcome.objective, code=outcome.code, title="Twice")


def test_a_programme_value_is_once_a_year_and_only_for_programme_level_indicators():
    value = ProgrammeIndicatorValue.objects.first()
    partnership_indicator = Indicator.objects.filter(outcome__partnership__isnull=False).first()

    assert not partnership_indicator.is_programme_level
    with pytest.raises(Exception, match="programme team"):
        ProgrammeIndicatorValue(indicator=partnership_indicator, year=2025, value=1).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeIndicatorValue.objects.create(indicator=value.indicator, year=value.year, value=1)


def test_the_demo_has_programme_indicators_under_each_objective_the_partnerships_do_not_measure():
    codes = set(
        Indicator.objects.filter(
            outcome__partnership__isnull=True, outcome__objective__programme__code=GLOBE
        ).values_list("outcome__objective__code", flat=True)
    )
    kinds = set(Indicator.objects.filter(outcome__partnership__isnull=True).values_list("type", "disaggregation"))

    assert codes == {"SD1.1", "SD1.2", "SD2.1", "SD2.2", "SD3.2", "SD4.1", "SD4.2", "SD4.3"}
    assert {("qualitative", ""), ("yes_no", ""), ("number", "sex"), ("percentage", "")} <= kinds
    assert ProgrammeIndicatorValue.objects.exclude(evidence="").count() >= 3


def test_programme_objectives_gives_the_tree_with_programme_indicators_and_partnership_outcomes(
    django_assert_max_num_queries,
):
    globe = Programme.objects.get(code=GLOBE)

    with django_assert_max_num_queries(6):
        tree = programme_objectives(globe)
        specific = {s.code: s for o in tree for s in o.specific}
        indicators = {code: [i.code for i in s.programme_indicators] for code, s in specific.items()}
        outcomes = {code: {o.partnership.code for o in s.partnership_outcomes} for code, s in specific.items()}
        targets = [t.year for t in specific["SD4.3"].programme_indicators[0].targets.all()]

    assert [o.code for o in tree] == ["SD1", "SD2", "SD3", "SD4"]
    assert [s.code for s in tree[1].specific] == ["SD2.1", "SD2.2", "SD2.3"]
    assert indicators["SD4.3"] == ["P4.3.1", "P4.3.2"]
    assert indicators["SD2.3"] == []
    assert "SA-BJ-ANCB" in outcomes["SD3.1"] and "BJ-ANZ-PER" in outcomes["SD2.3"]
    assert targets == [2022, 2023, 2024, 2025, 2026]


def test_reported_values_returns_programme_values_in_the_same_shape():
    women = programme_indicator("P4.3.2")
    qualitative = programme_indicator("P2.2.1")

    reported = reported_values([women.pk, qualitative.pk], fields=("value", "value_women", "value_men", "text"))

    assert reported[women.pk][2025] == {
        "indicator_id": women.pk,
        "value": Decimal("428"),
        "value_women": Decimal("246"),
        "value_men": Decimal("182"),
        "text": "",
    }
    assert sorted(reported[women.pk]) == [2022, 2023, 2024, 2025]
    assert reported[qualitative.pk][2025]["value"] is None and reported[qualitative.pk][2025]["text"]


def test_reported_values_says_which_language_a_text_answer_was_written_in():
    qualitative = programme_indicator("P2.2.1")
    partner = (
        IndicatorValue.objects.filter(
            value__isnull=False, report__status=ReportStatus.APPROVED, report__period="year", report__language="es"
        )
        .select_related("report")
        .first()
    )

    reported = reported_values([qualitative.pk, partner.indicator_id], fields=("text", "text_language"))

    assert reported[qualitative.pk][2025]["text_language"] == "nl"
    assert reported[partner.indicator_id][partner.report.year]["text_language"] == partner.report.language


def test_a_team_answer_is_kept_in_the_language_of_who_wrote_it(client, sign_in):
    indicator = programme_indicator("P2.2.1")
    coordinator = sign_in("coordinator")
    coordinator.language = "fr"
    coordinator.save()

    client.post(value_url(indicator, 2026), {"text": "Les plans pluriannuels citent la justice internationale."})

    assert ProgrammeIndicatorValue.objects.get(indicator=indicator, year=2026).text_language == "fr"


def test_reported_values_counts_only_the_statuses_asked_for():
    submitted = PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2025, period="year")
    approved = PartnerReport.objects.get(partnership__code="BJ-ZOE-BOH", year=2025, period="year")
    ids = list(IndicatorValue.objects.filter(report__in=[submitted, approved]).values_list("indicator_id", flat=True))

    counted = reported_values(ids, year=2025)
    approved_only = reported_values(ids, year=2025, statuses=(ReportStatus.APPROVED,))

    assert submitted.status == ReportStatus.SUBMITTED and approved.status == ReportStatus.APPROVED
    assert {i for i in ids if counted.get(i)} == set(ids)
    assert {i for i in ids if approved_only.get(i)} == set(
        IndicatorValue.objects.filter(report=approved).values_list("indicator_id", flat=True)
    )


def test_demo_2025_reports_are_mostly_approved_two_submitted_one_returned_none_on_hold():
    statuses = dict(PartnerReport.objects.filter(year=2025, period="year").values_list("partnership__code", "status"))

    assert {code for code, status in statuses.items() if status == "submitted"} == {"BJ-ANZ-PER", "BJ-MER-TOU"}
    assert {code for code, status in statuses.items() if status == "returned"} == {"SN-ZEM-SOK"}
    assert list(statuses.values()).count("approved") == 12
    assert "RW-SDG-GAT" not in statuses and "RW-SDG-NYA" not in statuses


def test_partnership_values_never_lie_below_the_baseline_and_partnerships_differ():
    values = IndicatorValue.objects.filter(report__period="year").select_related("indicator", "report__partnership")
    progress = {}
    for row in values:
        assert row.value >= (row.indicator.baseline_value or 0), (row.indicator, row.report)
        if row.report.year == 2025 and row.indicator.code == "O1.2":
            target = row.indicator.targets.get(year=2025).value
            progress[row.report.partnership.code] = (row.value - row.indicator.baseline_value, target)

    assert progress["NI-MOL-STO"][0] == 0
    assert progress["EC-BIE-SFO"][0] + 28 >= progress["EC-BIE-SFO"][1]
    assert progress["SN-SNI-TAM"][0] + 28 < progress["BJ-ZOE-BOH"][0] + 28 < progress["BJ-ZOE-BOH"][1]


@pytest.mark.parametrize("username", ["perere", "anzegem", "auditor"])
def test_only_programme_managers_open_the_team_pages(client, sign_in, username):
    indicator = programme_indicator("P4.3.1")
    sign_in(username)

    pages = [
        reverse("reporting:programme-results", kwargs={"code": GLOBE}),
        value_url(indicator),
        reverse("reporting:programme-narrative", kwargs={"code": GLOBE, "year": 2025}),
    ]

    assert {client.get(url).status_code for url in pages} == {403}
    assert client.post(value_url(indicator), {"value": "1"}).status_code == 403
    assert ProgrammeIndicatorValue.objects.get(indicator=indicator, year=2025).value == Decimal("214")


def test_the_results_page_lists_the_tree_with_the_years_values_in_few_queries(
    client, sign_in, django_assert_max_num_queries
):
    sign_in("coordinator")

    with django_assert_max_num_queries(20):
        response = client.get(reverse("reporting:programme-results", kwargs={"code": GLOBE}), {"year": 2025})

    page = response.content.decode()
    assert response.status_code == 200
    assert "P4.3.2" in page and "SD2.3" in page
    assert reverse("reporting:programme-narrative", kwargs={"code": GLOBE, "year": 2025}) in page


def test_a_year_outside_the_programme_or_an_indicator_of_another_programme_is_not_found(client, sign_in):
    sign_in("coordinator")
    partnership_indicator = Indicator.objects.filter(outcome__partnership__isnull=False).first()

    outside = client.get(value_url(programme_indicator("P4.3.1"), year=2030))
    foreign = client.get(
        reverse(
            "reporting:programme-value", kwargs={"code": PLAN, "pk": programme_indicator("P4.3.1").pk, "year": 2030}
        )
    )
    not_programme = client.get(value_url(partnership_indicator))

    assert outside.status_code == foreign.status_code == not_programme.status_code == 404


def test_the_team_enters_a_value_split_by_sex_with_evidence(client, sign_in):
    indicator = programme_indicator("P4.3.2")
    coordinator = sign_in("coordinator")
    pdf = SimpleUploadedFile("lijst.pdf", scan_pdf("Deelnemers", ["2026"]), content_type="application/pdf")

    response = client.post(
        value_url(indicator, 2026), {"value": "450", "value_women": "260", "value_men": "190", "evidence": pdf}
    )

    saved = ProgrammeIndicatorValue.objects.get(indicator=indicator, year=2026)
    assert response.status_code == 302
    assert (saved.value, saved.value_women, saved.value_men) == (450, 260, 190)
    assert saved.entered_by == coordinator and not saved.is_demo
    assert saved.evidence_type == "application/pdf"
    download = client.get(reverse("reporting:programme-evidence", kwargs={"code": GLOBE, "pk": saved.pk}))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_women_and_men_that_do_not_add_up_are_refused_beside_the_split(client, sign_in):
    indicator = programme_indicator("P4.3.2")
    sign_in("coordinator")

    response = client.post(value_url(indicator), {"value": "428", "value_women": "200", "value_men": "100"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["value_women"]
    assert "200" in response.context["form"].errors["value_women"][0]
    assert ProgrammeIndicatorValue.objects.get(indicator=indicator, year=2025).value_women == 246


@pytest.mark.parametrize(
    ("code", "data", "field"),
    [
        ("P1.1.2", {"value": "120"}, "value"),
        ("P3.2.1", {"value": "2"}, "value"),
        ("P2.2.1", {"text": " "}, "text"),
        ("P4.3.1", {"value": "abc"}, "value"),
    ],
)
def test_bad_values_are_refused_with_a_message_beside_the_field(client, sign_in, code, data, field):
    indicator = programme_indicator(code)
    before = list(ProgrammeIndicatorValue.objects.filter(indicator=indicator).values_list("value", "text"))
    sign_in("coordinator")

    response = client.post(value_url(indicator), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert list(ProgrammeIndicatorValue.objects.filter(indicator=indicator).values_list("value", "text")) == before


def test_evidence_that_is_not_a_pdf_or_image_is_refused_beside_the_file(client, sign_in):
    sign_in("coordinator")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(value_url(programme_indicator("P4.1.1")), {"value": "9", "evidence": fake})

    assert list(response.context["form"].errors) == ["evidence"]


def test_the_objective_pages_link_the_team_page(client, sign_in):
    sign_in("coordinator")
    results = reverse("reporting:programme-results", kwargs={"code": GLOBE})

    listing = client.get(reverse("reporting:objective-list")).content.decode()
    detail = client.get(
        reverse("reporting:objective-detail", kwargs={"programme": GLOBE, "code": "SD4.3"})
    ).content.decode()

    assert results in listing and results in detail
