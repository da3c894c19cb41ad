from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import translation

from demo.organisations import PARTNERSHIPS
from grants.models import (
    Allocation,
    ExchangeRate,
    Subsidy,
    SubsidySource,
    Tranche,
    TrancheLeg,
    TrancheStatus,
)
from partnerships.models import Country, Partnership, User
from reporting.models import Objective
from tests.test_settings import STRONG_KEY, manage

pytestmark = pytest.mark.django_db

EXPECTED_CODES = {
    "BJ-ANZ-PER",
    "BJ-MER-TOU",
    "BJ-ZOE-BOH",
    "BJ-ROE-DOG",
    "BJ-HOO-ZAK",
    "SN-ZEM-SOK",
    "SN-SNI-TAM",
    "SN-DEI-KMP",
    "EC-BIE-SFO",
    "NI-STR-NGU",
    "NI-MOL-STO",
    "RW-SDG-KAR",
    "RW-SDG-BUG",
    "RW-SDG-GAT",
    "RW-SDG-NYA",
    "SA-BJ-ANCB",
    "SA-RW-RALGA",
}


def dump_everything():
    out = StringIO()
    call_command(
        "dumpdata",
        "partnerships",
        "grants",
        "reporting",
        "auth.group",
        stdout=out,
        indent=None,
    )
    return out.getvalue()


def test_second_run_changes_nothing():
    before = dump_everything()

    call_command("load_demo", allow_production_demo=True, stdout=StringIO())

    assert dump_everything() == before


def test_all_partnership_codes_of_the_reference_are_loaded():
    assert set(Partnership.objects.values_list("code", flat=True)) == EXPECTED_CODES
    assert len(PARTNERSHIPS) == 17


def test_countries_carry_iso_currency_and_reporting_language():
    countries = {c.code: (c.currency, c.reporting_language) for c in Country.objects.all()}

    assert countries["BJ"] == ("XOF", "fr")
    assert countries["EC"] == ("USD", "es")
    assert countries["RW"] == ("RWF", "en")
    assert Country.objects.get(code="MA").is_candidate is True


@pytest.mark.parametrize(
    ("username", "language", "visible"),
    [
        ("coordinator", "nl", 17),
        ("auditor", "nl", 17),
        ("anzegem", "nl", 1),
        ("perere", "fr", 1),
        ("sokone", "fr", 1),
        ("sanfelipe", "es", 1),
        ("nuevaguinea", "es", 1),
        ("ralga", "en", 1),
    ],
)
def test_demo_users_sign_in_with_demo_and_have_their_language_and_scope(client, username, language, visible):
    from partnerships.selectors import partnerships_visible_to

    user = User.objects.get(username=username)

    response = client.post("/accounts/login/", {"username": username, "password": "demo"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert user.language == language
    assert partnerships_visible_to(user).count() == visible


def test_every_partnership_has_an_allocation_for_every_programme_year():
    per_partnership = Allocation.objects.filter(programme__code="GLOBE-2022-2026").values_list(
        "partnership__code", "year"
    )

    assert set(per_partnership) == {(code, year) for code in EXPECTED_CODES for year in range(2022, 2027)}


def test_allocations_stay_within_the_federal_subsidy_of_each_year():
    allocated = dict(Allocation.objects.values_list("year").annotate(total=Sum("amount_eur")).order_by())
    federal = dict(Subsidy.objects.filter(source=SubsidySource.FEDERAL).values_list("year", "amount_eur"))

    assert federal[2022] == Decimal("1291099.00")
    for year, total in allocated.items():
        assert Decimal("0.5") * federal[year] < total < federal[year]


def test_2026_first_tranche_is_received_in_march_and_second_is_planned():
    tranches_2026 = Tranche.objects.filter(year=2026)

    first = tranches_2026.filter(number=1)
    second = tranches_2026.filter(number=2)

    assert set(first.values_list("status", flat=True)) == {TrancheStatus.RECEIVED}
    assert {d.month for d in first.values_list("received_date", flat=True)} == {3}
    assert set(second.values_list("status", flat=True)) == {TrancheStatus.PLANNED}


def test_tranches_add_up_to_the_allocations_of_the_year_on_each_leg():
    allocated = dict(
        Allocation.objects.filter(year=2024).values_list("partnership__code").annotate(total=Sum("amount_eur"))
    )
    for code, leg, total in (
        Tranche.objects.filter(year=2024)
        .values_list("partnership__code", "leg")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    ):
        assert total == allocated[code], (code, leg)


def test_every_allocation_has_an_operational_and_a_management_line():
    categories = set(Allocation.objects.values_list("category", flat=True))

    assert categories == {"operational", "management"}


def test_xof_tranches_use_the_fixed_parity():
    tranche = Tranche.objects.get(partnership__code="BJ-ANZ-PER", year=2022, number=1, leg=TrancheLeg.TO_PARTNER)

    assert tranche.units_per_eur == Decimal("655.957")
    assert tranche.amount == Decimal("30698788.00")  # 46,800.00 EUR x 655.957


def test_floating_currencies_have_a_demo_rate_for_every_month():
    for currency in ("USD", "NIO", "RWF", "ZAR"):
        rates = ExchangeRate.objects.filter(currency=currency)
        assert rates.count() == 60
        assert all(rates.values_list("is_demo", flat=True))
    assert ExchangeRate.objects.get(currency="XOF").units_per_eur == Decimal("655.957")
    assert (
        ExchangeRate.objects.filter(
            currency="USD", valid_from__lte=date(2024, 6, 15), valid_to__gte=date(2024, 6, 15)
        ).count()
        == 1
    )


def test_objectives_form_the_tree_with_titles_in_four_languages():
    globe = Objective.objects.filter(programme__code="GLOBE-2022-2026")
    specific = globe.get(code="SD2.3")

    with translation.override("fr"):
        title_fr = globe.get(code="SD1").title
    with translation.override("es"):
        title_es = globe.get(code="SD1").title

    assert globe.count() == Objective.objects.filter(programme__code="PLAN-2027-2036").count() == 14
    assert specific.parent.code == "SD2" and specific.parent.programme_id == specific.programme_id
    assert title_fr == "Internationalisation des pouvoirs locaux"
    assert title_es == "Internacionalización de los gobiernos locales"
    assert not Objective.objects.filter(title_nl="").exists()
    assert globe.get(code="SD4").is_transversal is True


def test_with_debug_off_the_demo_is_refused_without_its_flag_and_nothing_is_written(tmp_path):
    manage(["migrate", "--noinput"], tmp_path, DEBUG="0", SECRET_KEY=STRONG_KEY)
    result = manage(["load_demo"], tmp_path, DEBUG="0", SECRET_KEY=STRONG_KEY)
    users = manage(
        ["shell", "--no-imports", "-c", "from partnerships.models import User; print(User.objects.count())"],
        tmp_path,
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
    )

    assert result.returncode != 0
    assert "DEBUG is off: load_demo would add users with the password 'demo'" in result.stderr
    assert "Traceback" not in result.stderr
    assert users.stdout.strip() == "0"
