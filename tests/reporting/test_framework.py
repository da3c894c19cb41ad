"""Results frameworks of partnerships: reading, editing, copying, and the objectives above them.

Built with tests/factories.py, but for the first three tests, which check the demo's frameworks.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import Language, Partnership, Role
from reporting.models import Indicator, IndicatorTarget, ObjectiveLevel, Outcome, ReportStatus
from reporting.services import FrameworkRefused, framework_copy
from tests.factories import (
    make_allocation,
    make_indicator,
    make_objective,
    make_outcome,
    make_partnership,
    make_report,
    make_user,
)

pytestmark = pytest.mark.django_db

TITLES = {
    "title_en": "The partner municipality plans and budgets with its citizens",
    "title_fr": "La commune partenaire planifie et budgétise avec ses citoyens",
    "title_es": "El municipio socio planifica y presupuesta con sus ciudadanos",
}


def framework_url(code):
    return reverse("reporting:framework-detail", kwargs={"code": code})


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def coordinator():
    return make_user(role=Role.PROGRAMME_MANAGER, language=Language.NL)


@pytest.fixture
def framework(partnership):
    """Two outcomes of the partnership, under an objective of the programme that funds it, with targets."""
    objective = make_objective(programme=make_allocation(partnership=partnership).programme)
    outcomes = [
        make_outcome(partnership=partnership, objective=objective, code="O1", **TITLES),
        make_outcome(partnership=partnership, objective=objective, code="O2", title_es="Cooperación"),
    ]
    for outcome in outcomes:
        indicator = make_indicator(outcome=outcome, code=f"{outcome.code}.1", name_es="Reuniones")
        IndicatorTarget.objects.create(indicator=indicator, year=2025, value=Decimal("3"))
        IndicatorTarget.objects.create(indicator=indicator, year=2026, value=Decimal("5"))
    return outcomes


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


def test_partner_reads_its_framework_in_french_and_not_another_ones(client, partnership, framework):
    other = make_partnership()
    make_outcome(partnership=other)
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=partnership, language=Language.FR))

    own = client.get(framework_url(partnership.code))
    foreign = client.get(framework_url(other.code))

    assert own.status_code == 200
    assert TITLES["title_fr"] in own.content.decode()
    assert foreign.status_code == 404


@pytest.mark.parametrize("role", [Role.PARTNER_REPORTER, Role.FLEMISH_OFFICER, Role.AUDITOR])
def test_only_the_programme_team_changes_a_framework(client, partnership, framework, role):
    scope = {} if role == Role.AUDITOR else {"partnership": partnership}
    client.force_login(make_user(role=role, **scope))
    source = make_partnership()
    make_outcome(partnership=source)
    outcome = framework[0]

    edit = client.get(reverse("reporting:outcome-edit", kwargs={"code": partnership.code, "pk": outcome.pk}))
    copy = client.post(reverse("reporting:framework-copy", kwargs={"code": partnership.code}), {"source": source.code})

    assert edit.status_code == copy.status_code == 403
    assert Outcome.objects.filter(partnership=partnership).count() == 2


def test_programme_team_adds_an_outcome_with_its_translations(client, coordinator, partnership, framework):
    client.force_login(coordinator)

    response = client.post(
        reverse("reporting:outcome-create", kwargs={"code": partnership.code}),
        {
            "code": "O3",
            "objective": framework[0].objective_id,
            "sdg_targets": "5.5",
            "title_en": "Women lead local economic initiatives",
            "title_nl": "Vrouwen leiden lokale economische initiatieven",
            "title_fr": "Les femmes dirigent des initiatives économiques locales",
            "title_es": "Las mujeres lideran iniciativas económicas locales",
        },
    )

    outcome = Outcome.objects.get(partnership=partnership, code="O3")
    assert response.status_code == 302
    assert outcome.title_fr == "Les femmes dirigent des initiatives économiques locales"


def test_programme_team_adds_an_indicator_with_targets_per_year(client, coordinator, partnership, framework):
    client.force_login(coordinator)
    outcome = framework[1]

    response = client.post(
        reverse("reporting:indicator-create", kwargs={"code": partnership.code, "outcome_pk": outcome.pk}),
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


def test_framework_is_copied_with_translations_into_a_partnership_without_one(partnership, framework):
    target = make_partnership()

    copied = framework_copy(source=partnership, target=target)

    assert copied == 2
    assert list(Outcome.objects.filter(partnership=target).values_list("code", "title_es")) == list(
        Outcome.objects.filter(partnership=partnership).values_list("code", "title_es")
    )
    assert list(
        Indicator.objects.filter(outcome__partnership=target).order_by("code").values_list("code", "name_es")
    ) == [("O1.1", "Reuniones"), ("O2.1", "Reuniones")]
    assert IndicatorTarget.objects.filter(indicator__outcome__partnership=target).count() == (
        IndicatorTarget.objects.filter(indicator__outcome__partnership=partnership).count()
    )


def test_copy_into_a_partnership_that_has_a_framework_is_refused_and_writes_nothing(partnership, framework):
    target = make_partnership()
    make_outcome(partnership=target)
    before = Outcome.objects.count()

    with pytest.raises(FrameworkRefused, match="already has outcomes"):
        framework_copy(source=partnership, target=target)

    assert Outcome.objects.count() == before


def test_programme_team_copies_a_framework_from_the_page(client, coordinator, partnership, framework):
    target = make_partnership()
    client.force_login(coordinator)

    client.post(reverse("reporting:framework-copy", kwargs={"code": target.code}), {"source": partnership.code})

    assert Outcome.objects.filter(partnership=target).count() == 2


def test_copying_from_a_partnership_that_does_not_exist_is_not_found_and_copies_nothing(client, coordinator):
    target = make_partnership()
    client.force_login(coordinator)

    response = client.post(reverse("reporting:framework-copy", kwargs={"code": target.code}), {"source": "XX-NOT-HERE"})

    assert response.status_code == 404
    assert not Outcome.objects.filter(partnership=target).exists()


def test_objectives_show_their_outcomes_to_the_programme_team_only(client, coordinator, partnership):
    objective = make_objective()
    first, second = sorted([partnership, make_partnership()], key=lambda p: p.code)
    for owner in (second, first):
        outcome = make_outcome(partnership=owner, objective=objective)
        make_indicator(outcome=outcome, code=f"{outcome.code}.2")
        make_indicator(outcome=outcome, code=f"{outcome.code}.1")
    make_indicator(outcome=make_outcome(partnership=partnership))
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=partnership))
    refused = client.get(reverse("reporting:objective-list"))
    client.force_login(coordinator)

    tree = client.get(reverse("reporting:objective-list"))
    detail = client.get(
        reverse("reporting:objective-detail", kwargs={"programme": objective.programme.code, "code": objective.code})
    )

    assert refused.status_code == 403
    assert tree.status_code == 200
    assert [(i.outcome.partnership.code, i.code[-2:]) for i in detail.context["indicators"]] == [
        (first.code, ".1"),
        (first.code, ".2"),
        (second.code, ".1"),
        (second.code, ".2"),
    ]


def test_indicator_chart_is_a_png_for_those_who_see_the_partnership(client, partnership, framework):
    indicator = framework[0].indicators.get()
    make_report(
        partnership=partnership,
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
        values={indicator: Decimal("2")},
    )
    url = reverse("reporting:indicator-chart", kwargs={"code": partnership.code, "pk": indicator.pk})
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=make_partnership()))
    refused = client.get(url)
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=partnership))

    chart = client.get(url)

    assert refused.status_code == 404
    assert chart["Content-Type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG")


def test_framework_page_runs_the_same_number_of_queries_for_small_and_large_frameworks(
    client, coordinator, partnership, framework
):
    small = make_partnership()
    make_indicator(outcome=make_outcome(partnership=small, objective=framework[0].objective))
    for outcome in framework:
        for _ in range(3):
            make_indicator(outcome=outcome)
    client.force_login(coordinator)
    client.get(framework_url(small.code))

    with CaptureQueriesContext(connection) as few:
        client.get(framework_url(small.code))
    with CaptureQueriesContext(connection) as many:
        client.get(framework_url(partnership.code))

    assert len(few) == len(many)
