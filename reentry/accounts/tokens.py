"""API token keys: made at random, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

PREFIX_LENGTH = 8


def token_new_key() -> str:
    """40 hexadecimal characters (160 random bits), the shape DRF's tokens had."""
    return secrets.token_hex(20)


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_prefix(key: str) -> str:
    return key[:PREFIX_LENGTH]
