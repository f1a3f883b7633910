"""Samskap settings: one module, every value from the environment.

Production differs from a laptop only by environment variables. SQLite is the
default so that clone → `make run` works; `DATABASE_URL` switches to PostgreSQL.
Missing production settings fail loudly at start (see `_require`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default)
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}.")
    return value == "True"


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc


def envsecret(name: str) -> str | None:
    """Read NAME, or the file named by NAME_FILE (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at {path!r}, which cannot be read.") from exc
    return os.environ.get(name)


DEBUG = envbool("SAMSKAP_DEBUG", "False")
# A production start (DEBUG off, not a test run) must name its secret and hosts.
PRODUCTION = not DEBUG and not envbool("SAMSKAP_TESTING", "False")


def _require(name: str, value: str | None) -> str:
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Samskap refuses to start in production without it; see docs/deploy.md."
        )
    return value


_secret = envsecret("SAMSKAP_SECRET_KEY")
SECRET_KEY = _require("SAMSKAP_SECRET_KEY", _secret) if PRODUCTION else (_secret or "dev-only-not-secret")

ALLOWED_HOSTS = [h for h in os.environ.get("SAMSKAP_ALLOWED_HOSTS", "").split(",") if h]
if PRODUCTION:
    _require("SAMSKAP_ALLOWED_HOSTS", ",".join(ALLOWED_HOSTS))
else:
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SAMSKAP_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "samskap.core",
    "samskap.processes",
    "samskap.events",
    "samskap.improvement",
    "samskap.opinions",
    "samskap.ideas",
    "samskap.methods",
    "samskap.insight",
    "samskap.comparison",
    "samskap.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samskap.core.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "samskap.urls"
WSGI_APPLICATION = "samskap.wsgi.application"
ASGI_APPLICATION = "samskap.asgi.application"
# Threads per uvicorn worker process that run Django's pages (samskap.asgi); each holds a
# database connection while it works. A few are enough: more only contend for the GIL.
WEB_THREADS = envint("SAMSKAP_WEB_THREADS", 4)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samskap" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samskap.core.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n", "template_partials.templatetags.partials"],
        },
    }
]


def database_from_url(url: str) -> dict[str, object]:
    """postgres://user:pass@host:port/name?sslmode=require → Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_URL must start with postgres://, not {parsed.scheme}://.")
    options: dict[str, object] = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    host = parsed.hostname or ""
    # A socket directory arrives percent-encoded in the host part.
    if "host" in options:
        host = str(options.pop("host"))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": unquote(host),
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": envint("SAMSKAP_DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }


def pooled(database: dict[str, Any], max_size: int) -> dict[str, Any]:
    """`database` with psycopg's connection pool instead of a connection kept per thread.

    Under ASGI (uvicorn, production) Django runs each request's view in a thread of its own,
    so connections kept per thread would pile up; a pool per process hands them round."""
    options = {**database["OPTIONS"], "pool": {"min_size": 2, "max_size": max_size, "timeout": 30}}
    return {**database, "CONN_MAX_AGE": 0, "OPTIONS": options}


_database_url = envsecret("DATABASE_URL")
if _database_url:
    DATABASES = {"default": database_from_url(_database_url)}
    if _db_pool_size := envint("SAMSKAP_DB_POOL", 0):
        DATABASES["default"] = pooled(DATABASES["default"], _db_pool_size)
else:
    _sqlite_path = Path(os.environ.get("SAMSKAP_SQLITE_PATH", str(BASE_DIR / "var" / "samskap.sqlite3")))
    _sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_sqlite_path),
            # Opening an SQLite connection (Django's functions, the PRAGMAs) costs more CPU than
            # most requests' queries: keep it, as for PostgreSQL.
            "CONN_MAX_AGE": envint("SAMSKAP_DB_CONN_MAX_AGE", 60),
            # IMMEDIATE transactions and a busy timeout keep concurrent writers
            # (app server + task worker) from failing with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
FORM_RENDERER = "samskap.core.forms.SamskapFormRenderer"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sessions end after two hours without activity.
SESSION_COOKIE_AGE = envint("SAMSKAP_SESSION_SECONDS", 2 * 60 * 60)
# How long the audit log keeps entries; older ones are removed by `python -m samskap retention`.
AUDIT_LOG_RETENTION_DAYS = envint("SAMSKAP_AUDIT_LOG_RETENTION_DAYS", 5 * 365)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "samskap" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("SAMSKAP_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
if not PRODUCTION:
    # In development whitenoise serves straight from the app folders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
STATICFILES_DIRS = [BASE_DIR / "samskap" / "static"]
MEDIA_ROOT = Path(os.environ.get("SAMSKAP_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

TASKS = {
    "default": {
        # Production queues work in the database for `manage.py db_worker`;
        # development and tests run tasks at once, so nothing else needs to run.
        "BACKEND": os.environ.get(
            "SAMSKAP_TASK_BACKEND",
            "django_tasks_db.DatabaseBackend" if PRODUCTION else "django_tasks.backends.immediate.ImmediateBackend",
        ),
    }
}

# Security headers. HTTPS settings switch on in production; behind a proxy
# that terminates TLS, SAMSKAP_PROXY_SSL_HEADER=True trusts X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SAMSKAP_SSL_REDIRECT", str(PRODUCTION))
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = envint("SAMSKAP_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if envbool("SAMSKAP_PROXY_SSL_HEADER", "False"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# What every page's footer links to when no organisation is in view.
SAMSKAP_SITE_NAME = os.environ.get("SAMSKAP_SITE_NAME", "Samskap")
SAMSKAP_ACCESSIBILITY_STATEMENT_URL = os.environ.get("SAMSKAP_ACCESSIBILITY_STATEMENT_URL", "")
SAMSKAP_FEEDBACK_EMAIL = os.environ.get("SAMSKAP_FEEDBACK_EMAIL", "tilbakemelding@samskap.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMSKAP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # The PDF renderer reports each step and each CSS rule it skips; only its errors matter.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
EMAIL_BACKEND = os.environ.get("SAMSKAP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
