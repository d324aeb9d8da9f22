"""The load benchmark (``bench/load.py``): the production settings, served over plain HTTP on
the loopback address.

Production sets the session and CSRF cookies ``Secure`` and redirects to HTTPS; on
127.0.0.1 there is no TLS, so a client would never send those cookies back. Only these
transport settings differ: DEBUG stays off, secrets and keys still come from the
environment, lockout, two-factor, idle sessions and audit are those of production.
Refused unless every allowed host is a loopback name, so it cannot be deployed by mistake.
"""

from django.core.exceptions import ImproperlyConfigured

from .production import *

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
if not ALLOWED_HOSTS or not set(ALLOWED_HOSTS) <= _LOOPBACK:
    raise ImproperlyConfigured(
        "config.settings.bench serves plain HTTP: ALLOWED_HOSTS must be loopback only "
        f"({', '.join(sorted(_LOOPBACK))})."
    )

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = VAR_DIR / "bench-static"
