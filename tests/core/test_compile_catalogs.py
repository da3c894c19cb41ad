"""`compile_catalogs` (what `make run` uses instead of gettext's msgfmt) gives the catalogues
msgfmt gives: the same translations and the same plural forms."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["nl", "fr", "es"]


@pytest.fixture
def locale_copy(tmp_path, settings):
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    return tmp_path / "locale"


def translations(path):
    with open(path, "rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt to compare with")
def test_babel_catalogues_translate_and_pluralise_as_msgfmt_ones(locale_copy, tmp_path):
    call_command("compile_catalogs")

    for lang in LANGUAGES:
        source = locale_copy / lang / "LC_MESSAGES" / "django.po"
        reference = tmp_path / f"{lang}.mo"
        subprocess.run(["msgfmt", "-o", str(reference), str(source)], check=True)
        ours, theirs = translations(source.with_suffix(".mo")), translations(reference)
        # The header entry ("") differs only in the tool's name and dates.
        assert {k: v for k, v in ours._catalog.items() if k != ""} == {
            k: v for k, v in theirs._catalog.items() if k != ""
        }
        assert [ours.plural(n) for n in (0, 1, 2, 5, 1_000_000)] == [theirs.plural(n) for n in (0, 1, 2, 5, 1_000_000)]


def test_every_language_gets_its_compiled_catalogue_and_no_leftover(locale_copy):
    call_command("compile_catalogs")

    assert sorted(p.parent.parent.name for p in locale_copy.glob("*/LC_MESSAGES/django.mo")) == sorted(LANGUAGES)
    assert list(locale_copy.glob("*/LC_MESSAGES/.*.part")) == []
    with open(locale_copy / "fr" / "LC_MESSAGES" / "django.po", "rb") as handle:
        expected = read_po(handle, locale="fr")["Claim"].string
    assert translations(locale_copy / "fr" / "LC_MESSAGES" / "django.mo").gettext("Claim") == expected != "Claim"
