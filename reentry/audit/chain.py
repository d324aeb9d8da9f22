"""The hash chain of the audit trail: each event stores the hash of the one before it.

``hash = sha256(canonical JSON of the event's recorded fields and prev_hash)``; the first
event chains from ``GENESIS``. Changing any recorded field of a row changes its hash;
deleting or inserting a row breaks the link of the row after it. ``audit_verify`` walks the
chain (docs/audit.md).

Writers append under a lock so that two transactions never chain from the same head: on
PostgreSQL a transaction-level advisory lock; on SQLite the write lock the database takes
at the start of every transaction (``transaction_mode: IMMEDIATE`` in the settings).
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

GENESIS = "0" * 64
LOCK_KEY = 7_138_000_138  # pg_advisory_xact_lock key of the audit chain ("138")
FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "unit_path",
    "ip_address",
    "changes",
    "summary",
)


def _value(name: str, value: Any) -> Any:
    if name == "occurred_at":
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if name == "ip_address":
        return ipaddress.ip_address(value).compressed if value else ""
    if name == "actor_id":
        return str(value) if value is not None else ""
    return value


def event_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """The hash of one event from its recorded fields (a row or a values() dict)."""
    payload = {name: _value(name, fields[name]) for name in FIELDS}
    payload["prev_hash"] = prev_hash
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def fields_of(event: Any) -> dict[str, Any]:
    return {name: getattr(event, name) for name in FIELDS}


def head() -> str:
    """The hash of the newest event (``GENESIS`` for an empty trail)."""
    from .models import AuditEvent

    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS


def append(events: Sequence[Any]) -> list[Any]:
    """Chain ``events`` (unsaved, in order) onto the trail and insert them, in the caller's
    transaction."""
    from .models import AuditEvent

    # no savepoint: inside the caller's transaction the lock is held until it ends anyway
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        previous = head()
        for event in events:
            event.prev_hash = previous
            event.hash = event_hash(fields_of(event), previous)
            previous = event.hash
        if len(events) == 1:
            events[0].save(chained=True)
            return list(events)
        return AuditEvent.objects.bulk_create(events)
