"""The statement's travel and procurement columns, and the programme parameters the rules read."""

import csv
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import translation

from grants.models import Programme
from grants.parameter_validators import validate_eur_per_country, validate_thresholds_per_country
from grants.services.audit import programme_parameters
from grants.services.imports import statement_parse

pytestmark = pytest.mark.django_db

HEADER = (
    "n°",
    "date facture",
    "date paiement",
    "fournisseur",
    "n° facture",
    "libellé",
    "catégorie",
    "devise",
    "montant",
    "payé par",
    "preuve de paiement",
    "destination",
    "jours",
    "déjeuners fournis",
    "dîners fournis",
    "référence procédure",
)


def statement(tmp_path, *rows):
    path = tmp_path / "etat.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    with path.open("rb") as handle, translation.override("fr"):
        return statement_parse(File(handle, name=path.name))


def line(number, destination="", days="", lunches="", dinners="", reference=""):
    return [
        str(number),
        "15/03/2026",
        "20/03/2026",
        "Agence Kpassè",
        f"F-{number}",
        "Indemnités journalières mission",
        "fonctionnement",
        "XOF",
        "98000",
        "partenaire",
        "oui",
        destination,
        days,
        lunches,
        dinners,
        reference,
    ]


def test_travel_and_procurement_columns_are_read_in_the_writers_language(tmp_path):
    preview = statement(tmp_path, line(1, "Belgique", "2,5", "2", "", "AO-2026-04"), line(2))

    assert preview.errors == []
    first, second = preview.rows
    assert (first["destination"], first["days"], first["lunches_provided"], first["dinners_provided"]) == (
        "BE",
        Decimal("2.5"),
        2,
        0,
    )
    assert first["procedure_reference"] == "AO-2026-04"
    assert (second["destination"], second["days"], second["lunches_provided"]) == ("", None, 0)


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"destination": "Atlantide"}, "destination"),
        ({"destination": "ZZ"}, "destination"),
        ({"days": "0"}, "jours"),
        ({"days": "1,25"}, "jours"),
        ({"lunches": "-1"}, "déjeuners fournis"),
    ],
)
def test_a_bad_travel_value_is_refused_naming_its_row_and_the_files_column(tmp_path, cells, column):
    preview = statement(tmp_path, line(1, **cells))

    assert preview.rows == [] or not preview.is_valid
    assert [(error.row, error.column) for error in preview.errors] == [(2, column)]


@pytest.mark.parametrize(
    "value",
    [[], {"Benin": "60"}, {"BJ": "soixante"}, {"BJ": "-1"}, {"BJ": "NaN"}, {"BJ": True}],
)
def test_a_scale_that_cannot_be_read_is_refused_beside_its_field(value):
    with pytest.raises(ValidationError):
        validate_eur_per_country(value)


@pytest.mark.parametrize(
    "value",
    [
        {"BJ": {"quotes": "3000"}},
        {"BJ": {"quotes": "40000", "formal": "30000"}},
        {"bj": {"quotes": "1", "formal": "2"}},
    ],
)
def test_partner_thresholds_that_cannot_be_used_are_refused(value):
    with pytest.raises(ValidationError):
        validate_thresholds_per_country(value)


def test_the_programme_admin_refuses_a_bad_scale_and_the_audit_reads_a_good_one():
    programme = Programme.objects.get(code="GLOBE-2022-2026")
    programme.per_diem_scale_eur = {"BJ": "sixty"}
    with pytest.raises(ValidationError) as refusal:
        programme.full_clean()
    assert "per_diem_scale_eur" in refusal.value.message_dict

    programme.per_diem_scale_eur = {"BE": "50.00", "BJ": "60.00"}
    programme.partner_procurement_thresholds_eur = {"BJ": {"quotes": "5000", "formal": "45000"}}
    programme.full_clean()
    params = programme_parameters(programme)

    assert params.per_diem_scale_eur == {"BE": Decimal("50.00"), "BJ": Decimal("60.00")}
    assert params.partner_procurement_thresholds_eur == {"BJ": (Decimal("5000"), Decimal("45000"))}
    assert params.lodging_scale_eur["BE"] == Decimal("120.00")
