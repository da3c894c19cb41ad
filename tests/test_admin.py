from datetime import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import serializers
from django.forms.models import model_to_dict
from django.urls import reverse

from reporting.models import EvidenceFile, IndicatorValue, ReportEvent, SectionComment

pytestmark = pytest.mark.django_db

MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"partnerships", "grants", "reporting"}
)
# Written by the application's workflow alone: the admin shows them and changes nothing,
# so that every change leaves its decision, event or history line (core.read_only_admin).
READ_ONLY = [
    ("grants", "expenseclaim"),
    ("grants", "invoice"),
    ("grants", "invoiceattachment"),
    ("grants", "finding"),
    ("grants", "auditdecision"),
    ("reporting", "partnerreport"),
]
WITH_HISTORY = [("grants", "expenseclaim"), ("grants", "auditdecision")]
# Nobody adds a line to the audit trail by hand either.
NO_ADD_PAGE = {("partnerships", "accessevent"), *READ_ONLY}
# What the team sets up by hand stays editable in the admin.
EDITABLE = [
    ("grants", "programme"),
    ("grants", "budgetline"),
    ("grants", "allocation"),
    ("grants", "tranche"),
    ("grants", "exchangerate"),
    ("reporting", "objective"),
    ("reporting", "indicator"),
]


def test_every_domain_model_has_an_admin_page():
    registered = {name for _, name in MODELS}

    assert {
        "country",
        "municipality",
        "sisterassociation",
        "partnership",
        "membership",
        "programme",
        "budgetplan",
        "allocation",
        "tranche",
        "exchangerate",
        "expenseclaim",
        "invoice",
        "finding",
        "auditdecision",
        "objective",
        "outcome",
        "indicator",
        "partnerreport",
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


def model_of(app, model):
    return apps.get_model(app, model)


def dump(*models):
    """Every row of `models` and of their history, to compare before and after."""
    rows = []
    for model in models:
        rows.append(serializers.serialize("json", model.objects.order_by("pk")))
        history = getattr(model, "history", None)
        if history is not None:
            rows.append(serializers.serialize("json", history.model.objects.order_by("pk")))
    return rows


def form_data(instance):
    """What the admin form of `instance` posts back: a valid form, so only a refusal keeps it from being saved."""
    data = {}
    for name, value in model_to_dict(instance).items():
        if isinstance(value, datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.time().isoformat()
        elif isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


WORKFLOW_MODELS = [model_of(app, model) for app, model in READ_ONLY] + [
    IndicatorValue,
    EvidenceFile,
    ReportEvent,
    SectionComment,
]


@pytest.mark.parametrize(("app", "model"), READ_ONLY)
def test_workflow_records_can_be_listed_searched_and_viewed_in_the_admin(client, sign_in, app, model):
    sign_in("coordinator")
    record = model_of(app, model).objects.order_by("pk").first()

    listing = client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "a"})
    viewing = client.get(reverse(f"admin:{app}_{model}_change", args=[record.pk]))

    assert listing.status_code == 200
    assert viewing.status_code == 200
    assert 'name="_save"' not in viewing.content.decode()
    assert 'value="delete_selected"' not in listing.content.decode()


@pytest.mark.parametrize(("app", "model"), READ_ONLY)
def test_workflow_records_cannot_be_added_changed_or_deleted_in_the_admin_even_by_a_superuser(
    client, sign_in, app, model
):
    user = sign_in("coordinator")
    assert user.is_superuser
    record = model_of(app, model).objects.order_by("pk").first()
    before = dump(*WORKFLOW_MODELS)
    add = reverse(f"admin:{app}_{model}_add")
    change = reverse(f"admin:{app}_{model}_change", args=[record.pk])
    delete = reverse(f"admin:{app}_{model}_delete", args=[record.pk])

    answers = [
        client.get(add).status_code,
        client.post(add, {}).status_code,
        client.post(change, {"status": "draft", "comment": "edited in the admin"}).status_code,
        client.get(delete).status_code,
        client.post(delete, {"post": "yes"}).status_code,
    ]
    client.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )

    assert answers == [403] * 5
    assert dump(*WORKFLOW_MODELS) == before


@pytest.mark.parametrize(("app", "model"), WITH_HISTORY)
def test_the_history_of_workflow_records_can_be_read_but_not_reverted(client, sign_in, app, model):
    sign_in("coordinator")
    version = model_of(app, model).history.order_by("history_id").first()
    before = dump(*WORKFLOW_MODELS)
    revert = reverse(f"admin:{app}_{model}_simple_history", args=[version.id, version.history_id])

    history = client.get(reverse(f"admin:{app}_{model}_history", args=[version.id]))
    old_version = client.get(revert)
    reverted = client.post(revert, form_data(version.instance))

    assert history.status_code == 200
    assert old_version.status_code == 200
    assert 'name="_save"' not in old_version.content.decode()
    assert reverted.status_code == 403
    assert dump(*WORKFLOW_MODELS) == before


@pytest.mark.parametrize(("app", "model"), EDITABLE)
def test_programme_parameters_stay_editable_in_the_admin(client, sign_in, app, model):
    sign_in("coordinator")
    record = model_of(app, model).objects.order_by("pk").first()

    response = client.get(reverse(f"admin:{app}_{model}_change", args=[record.pk]))

    assert response.status_code == 200
    assert 'name="_save"' in response.content.decode()
