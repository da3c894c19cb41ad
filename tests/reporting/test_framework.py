import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partnerships.models import Country, Partnership, PartnershipKind
from reporting.models import Indicator, IndicatorTarget, ObjectiveLevel, Outcome
from reporting.services import FrameworkRefused, framework_copy

pytestmark = pytest.mark.django_db


def framework_url(code):
    return reverse("reporting:framework-detail", kwargs={"code": code})


def new_partnership(code="BE-NEW-ONE"):
    return Partnership.objects.create(
        code=code,
        name="New",
        kind=PartnershipKind.CITY,
        country=Country.objects.get(code="BE"),
        reporting_language="nl",
    )


def test_every_partnership_has_outcomes_under_specific_objectives_with_targets():
    for partnership in Partnership.objects.all():
        outcomes = Outcome.objects.filter(partnership=partnership)
        assert outcomes.exists(), partnership.code
        assert set(outcomes.values_list("objective__level", flat=True)) == {ObjectiveLevel.SPECIFIC}
        for indicator in Indicator.objects.filter(outcome__in=outcomes):
            assert list(indicator.targets.values_list("year", flat=True)) == [2023, 2024, 2025, 2026]
            assert indicator.baseline_year == 2022


def test_indicator_names_are_stored_in_four_languages():
    indicator = Indicator.objects.get(outcome__partnership__code="BJ-ANZ-PER", code="O1.2")

    with translation.override("es"):
        spanish = Indicator.objects.get(pk=indicator.pk).name

    assert spanish == "Proporción de mujeres entre los participantes en las consultas"
    assert all(getattr(indicator, f"name_{lang}") for lang in ("en", "nl", "fr", "es"))
    assert indicator.disaggregation == "sex"


def test_own_revenue_is_counted_in_the_partners_currency():
    units = dict(Indicator.objects.filter(code="O1.3").values_list("outcome__partnership__code", "unit_en"))

    assert units["BJ-ANZ-PER"] == "XOF"
    assert units["EC-BIE-SFO"] == "USD"
    assert units["NI-STR-NGU"] == "NIO"


def test_partner_reads_its_framework_in_french_and_not_another_ones(client, sign_in):
    sign_in("perere")

    own = client.get(framework_url("BJ-ANZ-PER"))
    other = client.get(framework_url("SN-ZEM-SOK"))

    assert own.status_code == 200
    assert "La commune partenaire planifie et budgétise avec ses citoyens" in own.content.decode()
    assert other.status_code == 404


@pytest.mark.parametrize("username", ["perere", "anzegem", "auditor"])
def test_only_the_programme_team_changes_a_framework(client, sign_in, username):
    sign_in(username)
    outcome = Outcome.objects.get(partnership__code="BJ-ANZ-PER", code="O1")

    edit = client.get(reverse("reporting:outcome-edit", kwargs={"code": "BJ-ANZ-PER", "pk": outcome.pk}))
    copy = client.post(reverse("reporting:framework-copy", kwargs={"code": "BJ-ANZ-PER"}), {"source": "BJ-MER-TOU"})

    assert edit.status_code == copy.status_code == 403


def test_programme_team_adds_an_outcome_with_its_translations(client, sign_in):
    sign_in("coordinator")

    response = client.post(
        reverse("reporting:outcome-create", kwargs={"code": "BJ-ANZ-PER"}),
        {
            "code": "O3",
            "objective": Outcome.objects.filter(objective__code="SD2.3").first().objective_id,
            "sdg_targets": "5.5",
            "title_en": "Women lead local economic initiatives",
            "title_nl": "Vrouwen leiden lokale economische initiatieven",
            "title_fr": "Les femmes dirigent des initiatives économiques locales",
            "title_es": "Las mujeres lideran iniciativas económicas locales",
        },
    )

    outcome = Outcome.objects.get(partnership__code="BJ-ANZ-PER", code="O3")
    assert response.status_code == 302
    assert outcome.title_fr == "Les femmes dirigent des initiatives économiques locales"


def test_programme_team_adds_an_indicator_with_targets_per_year(client, sign_in):
    sign_in("coordinator")
    outcome = Outcome.objects.get(partnership__code="BJ-ANZ-PER", code="O2")

    response = client.post(
        reverse("reporting:indicator-create", kwargs={"code": "BJ-ANZ-PER", "outcome_pk": outcome.pk}),
        {
            "code": "O2.2",
            "name_en": "Joint monitoring visits",
            "name_nl": "Gezamenlijke opvolgingsbezoeken",
            "name_fr": "Visites de suivi conjointes",
            "name_es": "Visitas conjuntas de seguimiento",
            "unit_en": "visits",
            "unit_nl": "bezoeken",
            "unit_fr": "visites",
            "unit_es": "visitas",
            "type": "number",
            "direction": "increase",
            "baseline_value": "0",
            "baseline_year": "2022",
            "disaggregation": "",
            "aggregation": "sum",
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-MIN_NUM_FORMS": "0",
            "targets-MAX_NUM_FORMS": "1000",
            "targets-0-year": "2025",
            "targets-0-value": "2",
            "targets-1-year": "2026",
            "targets-1-value": "4",
        },
    )

    indicator = Indicator.objects.get(outcome=outcome, code="O2.2")
    assert response.status_code == 302
    assert list(indicator.targets.values_list("year", "value")) == [(2025, 2), (2026, 4)]
    assert indicator.aggregation == "sum"


def test_framework_is_copied_with_translations_into_a_partnership_without_one():
    source = Partnership.objects.get(code="BJ-ANZ-PER")
    target = new_partnership()

    copied = framework_copy(source=source, target=target)

    assert copied == 2
    assert list(Outcome.objects.filter(partnership=target).values_list("code", "title_es")) == list(
        Outcome.objects.filter(partnership=source).values_list("code", "title_es")
    )
    assert IndicatorTarget.objects.filter(indicator__outcome__partnership=target).count() == (
        IndicatorTarget.objects.filter(indicator__outcome__partnership=source).count()
    )


def test_copy_into_a_partnership_that_has_a_framework_is_refused_and_writes_nothing():
    source = Partnership.objects.get(code="BJ-ANZ-PER")
    target = Partnership.objects.get(code="BJ-MER-TOU")
    before = Outcome.objects.count()

    with pytest.raises(FrameworkRefused, match="already has outcomes"):
        framework_copy(source=source, target=target)

    assert Outcome.objects.count() == before


def test_programme_team_copies_a_framework_from_the_page(client, sign_in):
    target = new_partnership("BE-TPL-NEW")
    sign_in("coordinator")

    client.post(reverse("reporting:framework-copy", kwargs={"code": target.code}), {"source": "SN-ZEM-SOK"})

    assert Outcome.objects.filter(partnership=target).count() == 2


def test_copying_from_a_partnership_that_does_not_exist_is_not_found_and_copies_nothing(client, sign_in):
    target = new_partnership("BE-TPL-NEW")
    sign_in("coordinator")

    response = client.post(reverse("reporting:framework-copy", kwargs={"code": target.code}), {"source": "XX-NOT-HERE"})

    assert response.status_code == 404
    assert not Outcome.objects.filter(partnership=target).exists()


def test_objectives_show_their_outcomes_to_the_programme_team_only(client, sign_in):
    sign_in("perere")
    refused = client.get(reverse("reporting:objective-list"))
    sign_in("coordinator")

    tree = client.get(reverse("reporting:objective-list"))
    detail = client.get(reverse("reporting:objective-detail", kwargs={"programme": "GLOBE-2022-2026", "code": "SD3.1"}))

    assert refused.status_code == 403
    assert tree.status_code == 200
    assert [i.outcome.partnership.code for i in detail.context["indicators"]] == [
        "SA-BJ-ANCB",
        "SA-BJ-ANCB",
        "SA-RW-RALGA",
        "SA-RW-RALGA",
    ]


def test_indicator_chart_is_a_png_for_those_who_see_the_partnership(client, sign_in):
    indicator = Indicator.objects.get(outcome__partnership__code="BJ-ANZ-PER", code="O1.3")
    url = reverse("reporting:indicator-chart", kwargs={"code": "BJ-ANZ-PER", "pk": indicator.pk})
    sign_in("sanfelipe")
    refused = client.get(url)
    sign_in("perere")

    chart = client.get(url)

    assert refused.status_code == 404
    assert chart["Content-Type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG")


def test_framework_page_runs_the_same_number_of_queries_for_small_and_large_frameworks(client, sign_in):
    sign_in("coordinator")
    with CaptureQueriesContext(connection) as small:
        client.get(framework_url("RW-SDG-KAR"))
    with CaptureQueriesContext(connection) as large:
        client.get(framework_url("BJ-ANZ-PER"))

    assert len(small) == len(large)
