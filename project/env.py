"""Read deployment settings from environment variables, failing loudly on bad values."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


WEAK_SECRET_MIN_LENGTH = 50
WEAK_SECRET_MIN_UNIQUE = 5


def require_strong_secret(secret):
    """Refuse to run in production with a missing, short or placeholder SECRET_KEY.

    Mirrors Django's own security.W009 check so that a bad key stops the process
    instead of producing a warning nobody reads.
    """
    if not secret:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 set SECRET_KEY to a random string of "
            "at least 50 characters, e.g. from "
            '`python -c "import secrets; print(secrets.token_urlsafe(64))"`.'
        )
    if (
        len(secret) < WEAK_SECRET_MIN_LENGTH
        or len(set(secret)) < WEAK_SECRET_MIN_UNIQUE
        or secret.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for DEBUG=0: use a random string of at least 50 "
            "characters with at least 5 different characters."
        )
    return secret
