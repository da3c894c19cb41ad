"""E-mail settings from the environment: EMAIL_URL, or EMAIL_HOST and its companions.

Without either, mail goes to the console: fine for development, and in production
`check --deploy` says so (project/checks.py) rather than the server refusing to start.
"""

import logging
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from project.env import env_bool, env_int, env_str

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
# A mail server that does not answer must not hold a background worker for minutes.
SMTP_TIMEOUT_SECONDS = 10
TRUE_WORDS = {"1", "true", "yes", "on"}
# A mail server down for a while: try again after 1, 5 and 30 minutes, then give up.
MAIL_RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))

logger = logging.getLogger(__name__)


def parse_email_url(url):
    """smtp://user:pass@host:587?tls=1 or smtp+ssl://user:pass@host:465 as Django settings."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+ssl"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp:// or smtp+ssl://, not {parts.scheme or 'nothing'}://."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL names no mail server, e.g. smtp://user:password@mail.example.org:587?tls=1."
        )
    use_ssl = parts.scheme == "smtp+ssl"
    use_tls = parse_qs(parts.query).get("tls", [""])[-1].strip().lower() in TRUE_WORDS
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL: smtp+ssl:// and ?tls=1 exclude each other; choose one.")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number.") from None
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


def email_settings():
    """The EMAIL_* settings, plus EMAIL_CONFIGURED: whether mail really leaves the server."""
    url = env_str("EMAIL_URL").strip()
    host = env_str("EMAIL_HOST").strip()
    if url:
        found = parse_email_url(url)
    elif host:
        found = {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": host,
            "EMAIL_PORT": env_int("EMAIL_PORT", 25),
            "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER"),
            "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD"),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
            "EMAIL_USE_SSL": False,
        }
    else:
        return {"EMAIL_BACKEND": CONSOLE, "EMAIL_CONFIGURED": False}
    return {**found, "EMAIL_TIMEOUT": SMTP_TIMEOUT_SECONDS, "EMAIL_CONFIGURED": True}


def send_or_retry(send, task, args, attempt, what):
    """Call `send()`; when it fails, queue `task(*args, attempt + 1)` after the next delay.

    For background tasks that send mail: the step that asked for the mail is saved
    already, so a failure is logged and retried instead of raised.
    """
    try:
        send()
    except Exception:
        if attempt >= len(MAIL_RETRY_DELAYS):
            logger.exception("%s not sent after %s tries; giving up", what, attempt + 1)
            return
        logger.exception("%s not sent; trying again later", what)
        task.using(run_after=timezone.now() + MAIL_RETRY_DELAYS[attempt]).enqueue(*args, attempt + 1)
