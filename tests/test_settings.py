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
        and not key.startswith("EMAIL_")
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
        EMAIL_URL="smtp://localhost:25",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_mail_server_starts_but_the_deploy_check_warns(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "monitoring.example.org"}

    started = manage(["check"], tmp_path, **env)
    deploy = manage(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)

    assert started.returncode == 0, started.stderr
    assert deploy.returncode != 0
    assert "citylink.W001" in deploy.stderr and "no e-mail server configured" in deploy.stderr


PRINT_MAIL = (
    "from django.conf import settings as s; print(s.EMAIL_BACKEND.rsplit('.', 2)[1], "
    "getattr(s, 'EMAIL_HOST', '-'), getattr(s, 'EMAIL_PORT', '-'), getattr(s, 'EMAIL_HOST_USER', '-'), "
    "getattr(s, 'EMAIL_HOST_PASSWORD', '-'), getattr(s, 'EMAIL_USE_TLS', '-'), getattr(s, 'EMAIL_USE_SSL', '-'), "
    "s.DEFAULT_FROM_EMAIL)"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "console "),
        (
            {"EMAIL_URL": "smtp://mailer:p%40ss@mail.example.org:587?tls=1", "DEFAULT_FROM_EMAIL": "m@example.org"},
            "smtp mail.example.org 587 mailer p@ss True False m@example.org",
        ),
        ({"EMAIL_URL": "smtp+ssl://mailer:pw@mail.example.org"}, "smtp mail.example.org 465 mailer pw False True"),
        ({"EMAIL_URL": "smtp://localhost"}, "smtp localhost 25   False False"),
        (
            {
                "EMAIL_HOST": "relay.example.org",
                "EMAIL_PORT": "2525",
                "EMAIL_HOST_USER": "u",
                "EMAIL_HOST_PASSWORD": "pw",
                "EMAIL_USE_TLS": "yes",
            },
            "smtp relay.example.org 2525 u pw True False",
        ),
    ],
)
def test_mail_is_configured_from_the_environment(tmp_path, env, expected):
    result = manage(["shell", "--no-imports", "-c", PRINT_MAIL], tmp_path, DEBUG="1", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip("\n").startswith(expected)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.example.org", "EMAIL_URL must start with smtp:// or smtp+ssl://"),
        ("smtp+ssl://mail.example.org?tls=1", "exclude each other"),
        ("smtp://", "EMAIL_URL names no mail server"),
    ],
)
def test_a_wrong_email_url_stops_with_one_clear_line(tmp_path, url, message):
    result = manage(["check"], tmp_path, DEBUG="1", EMAIL_URL=url)

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


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
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])",
        ],
        tmp_path,
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somewhere",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "somewhere"]
