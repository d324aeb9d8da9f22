"""Local development and the demo (``make demo``): SQLite under ``var/`` unless DATABASE_URL."""

from reentry.core.crypto import derived_key

from .base import *
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
# keys derived from SECRET_KEY unless the environment gives its own (never in production)
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [derived_key(SECRET_KEY, "field-encryption")]
FIELD_HASH_KEY = FIELD_HASH_KEY or derived_key(SECRET_KEY, "field-hash")

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
