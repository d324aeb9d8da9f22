"""Local development and the demo (``make demo``): SQLite under ``var/`` unless DATABASE_URL."""

from .base import *
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
