import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships.models import Country, Municipality, SisterAssociation
from partnerships.org_identifiers import validate_org_identifier

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("identifier", ["BE-BCE_KBO-0451857573", "RW-RGB-123456789", "SN-NINEA-0123456"])
def test_an_identifier_under_a_confirmed_registry_prefix_is_accepted(identifier):
    validate_org_identifier(identifier)


@pytest.mark.parametrize(
    ("identifier", "code"),
    [
        ("0451857573", "format"),
        ("BE-BCE_KBO 0451857573", "format"),
        ("BE-BCE_KBO-0451/857573", "format"),
        ("XX-NOPE-12345", "prefix"),
        ("BE-KBO-0451857573", "prefix"),
        ("BE-BCE_KBO-0451.857.573", "enterprise_number"),
        ("BE-BCE_KBO-0451857574", "enterprise_number"),
        ("BE-BCE_KBO-451857573", "enterprise_number"),
    ],
)
def test_an_identifier_without_a_confirmed_prefix_or_a_valid_enterprise_number_is_refused(identifier, code):
    with pytest.raises(ValidationError) as error:
        validate_org_identifier(identifier)

    assert error.value.code == code


def test_municipalities_and_sister_associations_validate_their_identifier_and_may_leave_it_empty():
    belgium = Country.objects.get(code="BE")
    municipality = Municipality(name="Testgem", country=belgium, kind="flemish", org_identifier="BE-BCE_KBO-0451857574")
    association = SisterAssociation.objects.first()
    association.org_identifier = "XX-NOPE-1"

    with pytest.raises(ValidationError) as municipality_error:
        municipality.full_clean()
    with pytest.raises(ValidationError) as association_error:
        association.full_clean()

    assert set(municipality_error.value.message_dict) == {"org_identifier"}
    assert set(association_error.value.message_dict) == {"org_identifier"}
    municipality.org_identifier = ""
    municipality.full_clean()


def test_the_demo_publishes_no_invented_identifier():
    assert not Municipality.objects.exclude(org_identifier="").exists()
    assert not SisterAssociation.objects.exclude(org_identifier="").exists()


def test_the_admin_edits_a_municipalitys_identifier(client, sign_in):
    sign_in("coordinator")
    municipality = Municipality.objects.get(name="Anzegem")
    url = reverse("admin:partnerships_municipality_change", args=[municipality.pk])

    page = client.get(url)

    assert 'name="org_identifier"' in page.content.decode()
