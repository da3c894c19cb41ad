import pytest
from django.urls import reverse

from demo.organisations import PARTNERSHIPS
from partnerships import selectors
from partnerships.models import Membership, Municipality, Partnership, Role, SisterAssociation, User

pytestmark = pytest.mark.django_db

ALL_CODES = [spec.code for spec in PARTNERSHIPS]
OWN = {"perere": "BJ-ANZ-PER", "sanfelipe": "EC-BIE-SFO", "sokone": "SN-ZEM-SOK", "ralga": "SA-RW-RALGA"}


def detail_url(code):
    return reverse("partnerships:partnership-detail", kwargs={"code": code})


@pytest.mark.parametrize("username", sorted(OWN))
def test_partner_user_gets_404_for_every_other_partnership(client, sign_in, username):
    sign_in(username)

    statuses = {code: client.get(detail_url(code)).status_code for code in ALL_CODES}

    assert statuses.pop(OWN[username]) == 200
    assert set(statuses.values()) == {404}


def test_unknown_partnership_code_answers_like_a_forbidden_one(client, sign_in):
    sign_in("perere")

    unknown = client.get(detail_url("XX-NOT-HERE"))
    forbidden = client.get(detail_url("SN-ZEM-SOK"))

    assert unknown.status_code == forbidden.status_code == 404


def test_partner_user_lists_only_its_own_partnership(client, sign_in):
    sign_in("sanfelipe")

    response = client.get(reverse("partnerships:partnership-list"))

    assert [p.code for p in response.context["page"]] == ["EC-BIE-SFO"]


def test_flemish_officer_sees_its_partnership_but_not_others(client, sign_in):
    sign_in("anzegem")

    assert client.get(detail_url("BJ-ANZ-PER")).status_code == 200
    assert client.get(detail_url("BJ-MER-TOU")).status_code == 404


@pytest.mark.parametrize("username", ["coordinator", "auditor"])
def test_programme_team_and_auditors_see_every_partnership(username):
    user = User.objects.get(username=username)

    visible = set(selectors.partnerships_visible_to(user).values_list("code", flat=True))

    assert visible == set(ALL_CODES)


def test_municipality_membership_covers_every_partnership_of_that_municipality():
    user = User.objects.create_user("lievegem", password="x")
    Membership.objects.create(
        user=user, role=Role.FLEMISH_OFFICER, municipality=Municipality.objects.get(name="Lievegem")
    )

    visible = list(selectors.partnerships_visible_to(user).values_list("code", flat=True))

    assert visible == ["SN-DEI-KMP"]


def test_sister_association_membership_covers_its_cooperation():
    user = User.objects.create_user("ancb", password="x")
    Membership.objects.create(
        user=user,
        role=Role.PARTNER_REPORTER,
        sister_association=SisterAssociation.objects.get(acronym="ANCB"),
    )

    visible = list(selectors.partnerships_visible_to(user).values_list("code", flat=True))

    assert visible == ["SA-BJ-ANCB"]


def test_user_without_membership_sees_nothing(client):
    user = User.objects.create_user("nobody", password="x")
    client.force_login(user)

    response = client.get(reverse("partnerships:partnership-list"))

    assert selectors.partnerships_visible_to(user).count() == 0
    assert response.context["page"].paginator.count == 0


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(detail_url("BJ-ANZ-PER"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_partner_user_finds_its_own_partnership_from_home(client, sign_in):
    sign_in("perere")

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert f'href="{detail_url("BJ-ANZ-PER")}"' in response.content.decode()


def test_own_partnership_page_shows_no_people_of_other_partnerships(client, sign_in):
    sign_in("perere")

    content = client.get(detail_url("BJ-ANZ-PER")).content.decode()

    assert "sokone@demo.invalid" not in content
    assert "perere@demo.invalid" in content


def test_partner_user_cannot_open_a_programme_its_partnership_is_not_in(client, sign_in):
    sign_in("perere")

    plan = client.get(reverse("grants:programme-detail", kwargs={"code": "PLAN-2027-2036"}))
    chart = client.get(reverse("grants:programme-budget-chart", kwargs={"code": "PLAN-2027-2036"}))

    assert plan.status_code == 404
    assert chart.status_code == 404


def test_partner_user_is_not_programme_team_nor_auditor():
    user = User.objects.get(username="perere")

    assert selectors.is_programme_team(user) is False
    assert selectors.is_auditor(user) is False
    assert selectors.can_change_partnership(user, Partnership.objects.first())[0] is False


def test_partner_user_gets_no_admin(client, sign_in):
    sign_in("perere")

    response = client.get("/admin/")

    assert response.status_code == 302


def test_not_found_page_is_in_the_users_language(client, sign_in):
    sign_in("sanfelipe")

    response = client.get(detail_url("BJ-ANZ-PER"))

    assert response.status_code == 404
    assert '<html lang="es">' in response.content.decode()
    assert "Page not found" not in response.content.decode()
