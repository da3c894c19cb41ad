"""Settings of the grant monitoring application.

Every difference between deployments comes from the environment variables listed in
the README's Configuration section, read through project.env.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from project.env import env_bool, env_int, env_list, env_str, require_strong_secret
from project.mail import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only-key"
else:
    SECRET_KEY = require_strong_secret(env_str("SECRET_KEY"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# In the database, so that every web worker process counts the same limits (password
# reset); the table is made by a migration (partnerships 0004).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "citylink_cache"}}

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must load before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_filters",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "core",
    "partnerships",
    "grants",
    "reporting",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a request's body (the session and CSRF middleware, the views).
    "project.body_limit.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.sessions.SessionTimeoutMiddleware",
    "partnerships.two_factor.TwoFactorMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "partnerships.context_processors.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "partnerships.User"
LOGIN_URL = "login"

# Guessing passwords: after 5 failures a username is locked for 15 minutes from that
# address only, so nobody elsewhere can lock a colleague out, and never for good.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Sign-ins are kept by our own access log (partnerships.access_log), which is pruned;
# axes' copy of them, addresses and browsers included, would grow for ever beside it.
AXES_DISABLE_ACCESS_LOG = True

# Sessions end after 30 idle minutes and, whatever happens, 12 hours after sign-in.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# A session in use is saved at most this often, so it may end this much before its idle
# limit (core/sessions.py); a limit under ten minutes keeps within a tenth of itself.
SESSION_TOUCH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
# The access log (sign-ins, downloads) holds addresses and browsers: two years, then deleted.
ACCESS_LOG_KEEP_DAYS = env_int("ACCESS_LOG_KEEP_DAYS", 2 * 365)

# Two-factor sign-in (TOTP) for the programme team and auditors (README, Configuration).
REQUIRE_2FA = env_bool("REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "CityLink"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "nl", "fr", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "project" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"

# EMAIL_URL or EMAIL_HOST (project/mail.py); without them mail is only printed, and
# `check --deploy` warns (citylink.W001).
_email = email_settings()
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_CONFIGURED = _email["EMAIL_CONFIGURED"]
if EMAIL_CONFIGURED:
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "international@citylink.invalid"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Production hardening; `check --deploy` must be clean with DEBUG=0.
SECURE_SSL_REDIRECT = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy: pages load scripts and styles only from our own static files,
# so an injected <script>, style or event handler does nothing. Charts of the annual
# report are embedded as data: images. tests/test_security_headers.py keeps the
# templates free of inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = True
CLAIM_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# What a statement may hold (docs/statement-files.md, "Limits"). The upload pages read the file
# while the person waits, so they take fewer rows than `import_claim`, which an operator runs.
STATEMENT_UPLOAD_MAX_ROWS = 20_000
STATEMENT_MAX_ROWS = 100_000
STATEMENT_MAX_COLUMNS = 50
STATEMENT_MAX_CELL_CHARS = 32_767  # the most a spreadsheet cell holds
ANSWER_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Invoice scans and proofs of payment sent in one request (several files or one ZIP), and
# what one ZIP may unpack to: a claim of 600 lines with a scan and a proof each, in parts.
SCAN_UPLOAD_MAX_BYTES = 50 * 1024 * 1024
SCAN_ZIP_MAX_FILES = 700
SCAN_ZIP_MAX_BYTES = 300 * 1024 * 1024
# Files picked one by one rather than zipped: as many as a ZIP holds, and the statement.
DATA_UPLOAD_MAX_NUMBER_FILES = SCAN_ZIP_MAX_FILES + 1
# Request bodies (project/body_limit.py): before signing in, a form; once signed in, the
# largest upload with the rest of its form: a statement with its scans. The limit is one for
# every address (the middleware knows no paths), so any signed-in form may be this large.
ANONYMOUS_REQUEST_MAX_BYTES = 64 * 1024
REQUEST_MAX_BYTES = CLAIM_UPLOAD_MAX_BYTES + SCAN_UPLOAD_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background work (annual reports) is queued in the database and run by `manage.py
# db_worker`, which `make run` and `make serve` start beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
