"""System checks of the core: the keys of encryption at rest work (ADR 0006)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from . import crypto


@register()
def encryption_keys(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Every key of FIELD_ENCRYPTION_KEYS is a Fernet key and FIELD_HASH_KEY is set, so the
    first request does not find it out."""
    try:
        crypto.decrypt(crypto.encrypt("check"))
        crypto.blind_index("check")
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint="python manage.py rotate_keys --generate",
                id="core.E001",
            )
        ]
    return []
