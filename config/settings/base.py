"""Settings shared by every environment; everything that differs comes from the environment.

Environment variables read here: ``SECRET_KEY``, ``DEBUG``, ``ALLOWED_HOSTS`` (comma
separated), ``DATABASE_URL`` (SQLite under ``var/`` when unset), ``FIELD_ENCRYPTION_KEYS`` and
``FIELD_HASH_KEY`` (encryption at rest), and the tunables below.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# SQLite: transactions take the write lock when they begin, and a writer waits up to 20 s
# for another, so two writers queue instead of one failing with "database is locked"
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def database_from_env(default_sqlite: Path) -> dict[str, Any]:
    """The ``default`` database: ``DATABASE_URL`` when set, else SQLite at ``default_sqlite``."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database address Django understands ({exc})."
        ) from exc
    if config.get("ENGINE") == "django.db.backends.sqlite3":
        # the same as the default file: a write waits for another instead of failing
        # ("database is locked" while the background worker or a second thread writes)
        given: dict[str, Any] = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        config["OPTIONS"] = {**SQLITE_OPTIONS, **given}
    if config.get("ENGINE") == "django.db.backends.postgresql":
        options: dict[str, Any] = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        # JIT compilation costs more than it saves on this app's short queries: on a
        # 100,000-file report it was half of the time (docs/performance.md)
        config["OPTIONS"] = {**options, "connect_timeout": 5, "options": "-c jit=off"}
    return config


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "reentry.core",
    "reentry.geography",
    "reentry.accounts",
    "reentry.access",
    "reentry.audit",
    "reentry.api",
    "reentry.persons",
    "reentry.support",
    "reentry.worklist",
    "reentry.initiatives",
    "reentry.outreach",
    "reentry.oversight",
    "reentry.outcomes",
    "reentry.privacy",
    "reentry.reports",
    "reentry.imports",
    "reentry.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reentry.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reentry.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "reentry.access.middleware.AccessMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "reentry" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reentry.access.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "reentry.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second (DESIGN §8).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# Uploaded files (photos) are never served from a public URL: a view checks the scope.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Imports (docs/imports.md): the largest file accepted, and from how many rows a file is
# checked and written by the background worker (`manage.py db_worker`) instead of the request
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "500"))
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The progress of background work, shared between the worker and the web processes. A file
# cache needs no server; with several machines, point it at a shared cache (Redis).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "progress"),
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "reentry" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx gets the token from hx-headers in base.html
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["reentry.access.api.RequiredPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Thông tư 10/2024/TT-BCA: how often a person's classification is reviewed (months)
CLASSIFICATION_REVIEW_MONTHS = int(os.environ.get("CLASSIFICATION_REVIEW_MONTHS", "3"))
# How long a sealed (expunged) file stays open to the province officer who stated a reason
SEALED_FILE_ACCESS_MINUTES = int(os.environ.get("SEALED_FILE_ACCESS_MINUTES", "60"))
# How long a province officer's emergency access to a file outside their scope lasts
EMERGENCY_ACCESS_MINUTES = int(os.environ.get("EMERGENCY_ACCESS_MINUTES", "120"))

# Encryption at rest of identity numbers and offence details (ADR 0006, docs/encryption.md):
# Fernet keys, comma separated, the first encrypts and all decrypt; and the key of the blind
# index (HMAC) identity numbers are looked up by. Production requires both; development and
# tests derive theirs from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")

SPECTACULAR_SETTINGS = {
    "TITLE": "API Hệ thống quản lý tái hòa nhập cộng đồng",
    "DESCRIPTION": (
        "[← Về ứng dụng / back to the application](/)\n\n"
        "API dùng chung dịch vụ và phân quyền với các trang web. Xác thực bằng "
        "`Authorization: Token <token>` (lệnh `manage.py issue_token`; mã có hạn dùng và có "
        "thể bị thu hồi) hoặc phiên đăng nhập đã xác thực hai lớp.\n\n"
        "REST API over the same services, selectors and permissions as the web pages. "
        "Authenticate with `Authorization: Token <token>` (see `manage.py issue_token`; tokens "
        "expire and can be revoked) or a logged-in session that passed two-factor verification."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # the error answers (400, 401, 403, 404, 409) on every operation (reentry/api/schema.py)
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "reentry.api.schema.document_errors",
    ],
    # several models have a "kind" or a "status": name their enums after the model
    "ENUM_NAME_OVERRIDES": {
        "AdminUnitKindEnum": "reentry.geography.models.AdminUnitKind",
        "InitiativeStatusEnum": "reentry.initiatives.models.InitiativeStatus",
        "FollowUpStatusEnum": "reentry.oversight.models.FOLLOW_UP_STATUSES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Security headers (docs/operations.md). Content-Security-Policy by django-csp: no inline
# script, style or event handler anywhere; the only exception, the API docs page, loads its
# start-up script from its own URL (reentry/api/views.py), so it needs no exception at all.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")  # right after SecurityMiddleware
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # QR codes and photos come as data: or from the app
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Operations (docs/operations.md): backups with `manage.py backup` / `restore` (reentry.ops);
# uploads may live on a volume of their own, never under the web server's document root.
INSTALLED_APPS += ["reentry.ops"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or MEDIA_ROOT)
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT") or VAR_DIR / "backups")

# Accounts (issue 8, docs/accounts.md): Argon2 passwords, lockout by username and address
# together (django-axes), at most ACCOUNT_FAILURES_PER_HOUR failures per account per hour from
# all addresses, TOTP two-factor (django-otp), idle sessions, expiring API tokens.
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("reentry.access.middleware.AccessMiddleware"),
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "reentry.accounts.lockout.AccountHourlyLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
ACCOUNT_FAILURES_PER_HOUR = int(os.environ.get("ACCOUNT_FAILURES_PER_HOUR", "100"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # never by address alone
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the retry time shown stays true
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the per-account hourly count reads it
AXES_CLIENT_IP_CALLABLE = "reentry.accounts.lockout.client_ip_address"
AXES_LOCKOUT_CALLABLE = "reentry.accounts.lockout.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Tái hòa nhập cộng đồng"
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# the age counts from the last renewal, at most SESSION_RENEW_SECONDS before the last
# request: an idle timeout without a write at every request (reentry/accounts/sessions.py)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = int(os.environ.get("SESSION_RENEW_SECONDS", "60"))
if not 0 <= SESSION_RENEW_SECONDS < SESSION_COOKIE_AGE:
    raise ImproperlyConfigured("SESSION_RENEW_SECONDS must be shorter than SESSION_IDLE_MINUTES.")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "reentry.accounts.sessions.SessionRenewalMiddleware",
)
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "reentry.accounts.authentication.ApiTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # type: ignore[index]
