import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["nl", "fr", "es"]
NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", "media", "staticfiles", "*.sqlite3", "__pycache__", "*.mo", "tests"
)


def catalog(root, lang):
    with open(root / "locale" / lang / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle, locale=lang)


def keys(messages):
    return {(message.context, message.id) for message in messages if message.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entry(lang):
    messages = [m for m in catalog(ROOT, lang) if m.id]

    untranslated = [m.id for m in messages if not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in messages if m.fuzzy]

    assert messages
    assert untranslated == []
    assert fuzzy == []


@pytest.fixture(scope="module")
def fresh_catalogs(tmp_path_factory):
    """Run makemessages on a copy of the code, so that the real catalogs stay untouched."""
    copy = tmp_path_factory.mktemp("code") / "project"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    env = dict(os.environ, DEBUG="1")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *sum((["-l", lang] for lang in LANGUAGES), []),
            "--add-location",
            "file",
            "--ignore",
            "tests",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return copy


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_holds_every_string_of_the_code(fresh_catalogs, lang):
    in_code = keys(catalog(fresh_catalogs, lang))
    in_catalog = keys(catalog(ROOT, lang))

    assert sorted(in_code - in_catalog, key=str) == []
