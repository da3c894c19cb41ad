"""Scans paired with statement lines by the invoice number in their file name."""

import pytest

from grants.scan_matching import is_payment_proof, match_file_names

LINES = {1: "F-2025-012", 2: "F-2025-0120", 3: "FAC 88/2025", 4: "12", 5: "A-7", 6: "A-7"}


def line_of(name):
    return match_file_names([name], LINES)[name].line


@pytest.mark.parametrize(
    "name",
    ["F-2025-012.pdf", "f2025012.jpg", "scan_F 2025 012 paiement.pdf", "F_2025_012.PNG", "facture F-2025-012 (1).pdf"],
)
def test_the_number_is_found_whatever_its_separators_and_case(name):
    assert line_of(name) == 1


def test_a_number_inside_a_longer_run_of_digits_is_another_invoice():
    assert line_of("F-2025-0120.pdf") == 2
    assert line_of("F-2025-01234.pdf") is None


def test_slashes_and_spaces_of_the_number_may_be_anything_in_the_name():
    assert line_of("FAC-88-2025.pdf") == 3


def test_numbers_too_short_to_be_told_from_dates_are_not_matched_by_name():
    assert line_of("scan 12.pdf") is None


def test_two_lines_with_the_same_number_leave_the_file_for_the_officer():
    assert line_of("A-7.pdf") is None


def test_a_name_with_no_number_matches_nothing():
    assert line_of("IMG_20250312_101500.jpg") is None


def test_accents_in_the_name_do_not_hide_the_number():
    assert line_of("reçu F-2025-012.pdf") == 1


@pytest.mark.parametrize(
    "name, proof",
    [
        ("F-2025-012 paiement.pdf", True),
        ("reçu_F-2025-012.jpg", True),
        ("comprobante de pago 88.pdf", True),
        ("betalingsbewijs F-1.pdf", True),
        ("F-2025-012 proof of payment.pdf", True),
        ("F-2025-012.pdf", False),
        ("facture F-2025-012.pdf", False),
    ],
)
def test_a_proof_of_payment_is_told_by_its_name(name, proof):
    assert is_payment_proof(name) is proof
