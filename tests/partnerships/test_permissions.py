"""Who sees which partnership: scoping by membership (partnerships.selectors), on pages and in queries.

Built with tests/factories.py; only the first test reads the demo, whose published
accounts must each see their own partnership and nothing else.
"""

import pytest
from django.urls import reverse

from demo.organisations import PARTNERSHIPS
from partnerships import selectors
from partnerships.models import Language, MunicipalityKind, Partnership, Role
from partnerships.permissions import may_change_partnership
from tests.factories import (
    make_allocation,
    make_municipality,
    make_partnership,
    make_programme,
    make_sister_association,
    make_user,
)

pytestmark = pytest.mark.django_db

DEMO_CODES = [spec.code for spec in PARTNERSHIPS]
DEMO_PARTNERS = {"perere": "BJ-ANZ-PER", "sanfelipe": "EC-BIE-SFO", "sokone": "SN-ZEM-SOK", "ralga": "SA-RW-RALGA"}


def detail_url(code):
    return reverse("partnerships:partnership-detail", kwargs={"code": code})


@pytest.fixture
def own():
    return make_partnership()


@pytest.fixture
def other():
    return make_partnership()


@pytest.fixture
def partner(client, own):
    """A partner reporter of `own`, signed in."""
    user = make_user(role=Role.PARTNER_REPORTER, partnership=own)
    client.force_login(user)
    return user


@pytest.mark.parametrize("username", sorted(DEMO_PARTNERS))
def test_each_demo_partner_account_gets_404_for_every_other_demo_partnership(client, sign_in, username):
    sign_in(username)

    statuses = {code: client.get(detail_url(code)).status_code for code in DEMO_CODES}

    assert statuses.pop(DEMO_PARTNERS[username]) == 200
    assert set(statuses.values()) == {404}


def test_partner_user_gets_404_for_every_other_partnership(client, partner, own, other):
    statuses = {
        code: client.get(detail_url(code)).status_code for code in Partnership.objects.values_list("code", flat=True)
    }

    assert statuses.pop(own.code) == 200
    assert other.code in statuses
    assert set(statuses.values()) == {404}


def test_unknown_partnership_code_answers_like_a_forbidden_one(client, partner, other):
    unknown = client.get(detail_url("XX-NOT-HERE"))
    forbidden = client.get(detail_url(other.code))

    assert unknown.status_code == forbidden.status_code == 404


def test_partner_user_lists_only_its_own_partnership(client, partner, own, other):
    response = client.get(reverse("partnerships:partnership-list"))

    assert [p.code for p in response.context["page"]] == [own.code]


def test_flemish_officer_sees_its_partnership_but_not_others(client, own, other):
    client.force_login(make_user(role=Role.FLEMISH_OFFICER, partnership=own))

    assert client.get(detail_url(own.code)).status_code == 200
    assert client.get(detail_url(other.code)).status_code == 404


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.AUDITOR])
def test_programme_team_and_auditors_see_every_partnership(own, other, role):
    user = make_user(role=role)

    visible = set(selectors.partnerships_visible_to(user).values_list("code", flat=True))

    assert visible == set(Partnership.objects.values_list("code", flat=True))
    assert {own.code, other.code} <= visible


def test_municipality_membership_covers_every_partnership_of_that_municipality(other):
    municipality = make_municipality(kind=MunicipalityKind.FLEMISH)
    first = make_partnership(flemish=[municipality])
    second = make_partnership(flemish=[municipality, make_municipality(kind=MunicipalityKind.FLEMISH)])
    user = make_user(role=Role.FLEMISH_OFFICER, municipality=municipality)

    visible = list(selectors.partnerships_visible_to(user).order_by("code").values_list("code", flat=True))

    assert visible == sorted([first.code, second.code])


def test_partner_municipality_membership_covers_its_partnership(own, other):
    user = make_user(role=Role.PARTNER_REPORTER, municipality=own.partner_municipalities.get())

    visible = list(selectors.partnerships_visible_to(user).values_list("code", flat=True))

    assert visible == [own.code]


def test_sister_association_membership_covers_its_cooperation(other):
    association = make_sister_association()
    cooperation = make_partnership(sister_association=association)
    user = make_user(role=Role.PARTNER_REPORTER, sister_association=association)

    visible = list(selectors.partnerships_visible_to(user).values_list("code", flat=True))

    assert visible == [cooperation.code]


def test_user_without_membership_sees_nothing(client, own):
    user = make_user()
    client.force_login(user)

    response = client.get(reverse("partnerships:partnership-list"))

    assert selectors.partnerships_visible_to(user).count() == 0
    assert response.context["page"].paginator.count == 0


def test_anonymous_visitor_is_sent_to_sign_in(client, own):
    response = client.get(detail_url(own.code))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_partner_user_finds_its_own_partnership_from_home(client, partner, own):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert f'href="{detail_url(own.code)}"' in response.content.decode()


def test_own_partnership_page_shows_no_people_of_other_partnerships(client, partner, own, other):
    stranger = make_user(role=Role.PARTNER_REPORTER, partnership=other)

    content = client.get(detail_url(own.code)).content.decode()

    assert stranger.email not in content
    assert partner.email in content


def test_partner_user_cannot_open_a_programme_its_partnership_is_not_in(client, partner, own):
    make_allocation(programme=make_programme(), partnership=own)
    elsewhere = make_programme()

    plan = client.get(reverse("grants:programme-detail", kwargs={"code": elsewhere.code}))
    chart = client.get(reverse("grants:programme-budget-chart", kwargs={"code": elsewhere.code}))

    assert plan.status_code == 404
    assert chart.status_code == 404


def test_partner_user_is_not_programme_team_nor_auditor(partner, own):
    assert selectors.is_programme_team(partner) is False
    assert selectors.is_auditor(partner) is False
    assert may_change_partnership(partner, own) is False


def test_partner_user_gets_no_admin(client, partner):
    response = client.get("/admin/")

    assert response.status_code == 302


def test_not_found_page_is_in_the_users_language(client, other):
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=make_partnership(), language=Language.ES))

    response = client.get(detail_url(other.code))

    assert response.status_code == 404
    assert '<html lang="es">' in response.content.decode()
    assert "Page not found" not in response.content.decode()
