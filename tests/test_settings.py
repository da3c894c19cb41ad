import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from project.env import env_bool, require_strong_secret

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3y-" + "x7Qp9Lm2Zr8Tt4Wv" * 4


def manage(args, tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_in_production_configuration(tmp_path):
    result = manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="monitoring.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "SECRET_KEY is not set"),
        ("short", "SECRET_KEY is too weak"),
        ("django-insecure-" + "a1b2c3d4e5" * 5, "SECRET_KEY is too weak"),
    ],
)
def test_production_refuses_to_start_without_a_strong_secret_key(tmp_path, secret, message):
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "monitoring.example.org"}
    if secret is not None:
        env["SECRET_KEY"] = secret

    result = manage(["check"], tmp_path, **env)

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_is_off_unless_asked(tmp_path):
    result = manage(
        ["shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)"],
        tmp_path,
        SECRET_KEY=STRONG_KEY,
    )

    assert result.stdout.strip() == "False"


def test_a_misspelt_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", False)


def test_strong_secret_is_accepted():
    assert require_strong_secret(STRONG_KEY) == STRONG_KEY


def test_database_url_selects_the_database(tmp_path):
    result = manage(
        ["shell", "--no-imports", "-c", "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"],
        tmp_path,
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "somewhere"]
