import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"partnerships", "grants", "reporting"}
)
# Written by the application alone: nobody adds a line to the audit trail by hand.
NO_ADD_PAGE = {("partnerships", "accessevent")}


def test_every_domain_model_has_an_admin_page():
    registered = {name for _, name in MODELS}

    assert {
        "country", "municipality", "sisterassociation", "partnership", "membership", "programme",
        "budgetplan", "allocation", "tranche", "exchangerate", "expenseclaim", "invoice",
        "finding", "auditdecision", "objective", "outcome", "indicator", "partnerreport",
    } <= registered


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_list_and_add_pages_open_for_the_programme_team(client, sign_in, app, model):
    sign_in("coordinator")

    listing = client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "a"})
    adding = client.get(reverse(f"admin:{app}_{model}_add"))

    assert listing.status_code == 200
    assert adding.status_code == (403 if (app, model) in NO_ADD_PAGE else 200)


def test_admin_shows_translated_verbose_names(client, sign_in):
    user = sign_in("coordinator")
    user.language = "fr"
    user.save()

    response = client.get(reverse("admin:partnerships_partnership_changelist"))

    assert "partenariat" in response.content.decode().lower()
