import pytest

from partnerships.downloads import safe_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("evidence/2026/atelier-3_ok21miX.png", "atelier-3_ok21miX.png"),
        ('..\\"réunion" du 3-4 mai.pdf', "reunion_du_3-4_mai.pdf"),
        ("l'été 2026.csv", "lete_2026.csv"),
        ("تقرير.pdf", "file.pdf"),
        ("..", "file"),
        ("", "file"),
    ],
)
def test_a_download_name_is_plain_ascii_without_folders_or_quotes(name, expected):
    assert safe_filename(name) == expected
