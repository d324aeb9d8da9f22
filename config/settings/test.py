"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL names one (make test)."""

from reentry.core.crypto import derived_key

from .base import *

SECRET_KEY = "test-only-key"  # noqa: S105
# keys derived from SECRET_KEY unless the environment gives its own (never in production)
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [derived_key(SECRET_KEY, "field-encryption")]
FIELD_HASH_KEY = FIELD_HASH_KEY or derived_key(SECRET_KEY, "field-hash")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "vi"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# Background work runs in the test's own process, when its transaction commits.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
}
