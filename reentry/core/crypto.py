"""Encryption at rest of identity numbers and offence details (ADR 0006).

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, ``cryptography``) under
``settings.FIELD_ENCRYPTION_KEYS``: the first key encrypts, every key decrypts
(``MultiFernet``), so a new key is put first and ``manage.py rotate_keys`` re-encrypts the
rows under it before an old key is dropped. A Fernet token is random for each write: equal
numbers give different tokens, so an identity number is found by its blind index instead,
``blind_index()``, an HMAC-SHA256 under ``settings.FIELD_HASH_KEY``, a key of its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


def derived_key(secret: str, purpose: str) -> str:
    """A Fernet key derived from a secret, for development and tests only (the settings of
    production require keys of their own)."""
    digest = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def new_key() -> str:
    return Fernet.generate_key().decode()


@cache
def _fernets() -> tuple[Fernet, ...]:
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: identity numbers and offence details cannot be "
            "read or written (python manage.py rotate_keys --generate prints a new key)."
        )
    try:
        return tuple(Fernet(key) for key in keys)
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 bytes, url-safe base64)."
        ) from exc


@cache
def _fernet() -> MultiFernet:
    return MultiFernet(list(_fernets()))


@cache
def _hash_key() -> bytes:
    key = getattr(settings, "FIELD_HASH_KEY", "")
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty: identity numbers cannot be looked up.")
    return key.encode()


@receiver(setting_changed)
def _keys_changed(*, setting: str, **kwargs: object) -> None:
    if setting in ("FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"):
        _fernets.cache_clear()
        _fernet.cache_clear()
        _hash_key.cache_clear()


def key_count() -> int:
    return len(_fernets())


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with FIELD_ENCRYPTION_KEYS: a key that "
            "encrypted it is missing, or the value is not a token."
        ) from exc


def rotate(token: str) -> str:
    """The same value, encrypted under the first key (a no-op in meaning)."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def under_first_key(token: str) -> bool:
    """Whether the first key encrypted this token (``rotate_keys`` skips those)."""
    first = _fernets()[0]
    try:
        first.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def blind_index(value: str) -> str:
    """The keyed hash an identity number is looked up and compared by; '' for no number."""
    if not value:
        return ""
    return hmac.new(_hash_key(), value.encode(), hashlib.sha256).hexdigest()
