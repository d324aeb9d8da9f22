"""Locks that make a check and the write after it one step, for writers of the same thing.

"No file has this CCCD yet, so open one" is two statements; two transactions that both
run the first before either runs the second both open a file (the unique index then turns
the second into an ``IntegrityError``, a 500), and for a person without a CCCD, whom no
index guards, both files stay. A writer takes ``identity_lock`` on what it is about to
check before checking it: the second writer waits until the first has committed, and its
check then sees the first's file.

On PostgreSQL the lock is a transaction-level advisory lock (``pg_advisory_xact_lock``),
released when the transaction ends; its 64-bit key is derived from the blind index (the
identity number itself never reaches the database in the clear). Keys are taken in one
statement, in ascending order, so two writers holding several never wait for each other
in a circle. On SQLite every writing transaction already holds the database's write lock
from BEGIN (``transaction_mode: IMMEDIATE``): nothing more to do.

Take the locks early: before the transaction writes its first audit event (the audit chain
holds its own lock to the end of the transaction, docs/audit.md), and for a batch, all of
its keys at once before anything else, so that no one holding one of them waits for the
chain while the batch waits for them.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.db import connection

from .crypto import blind_index


def _key(text: str) -> int:
    """A signed 64-bit advisory-lock key for ``text``."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


def identity_keys(
    *,
    national_id: str = "",
    name_key: str = "",
    birth_year: int | None = None,
    date_of_birth: datetime.date | None = None,
) -> set[int]:
    """The keys of what decides whether a new file is a duplicate: the CCCD (by its blind
    index) and the folded name with the year of birth (``may_be_same_person``)."""
    keys = set()
    if national_id:
        keys.add(_key("cccd:" + blind_index(national_id)))
    year = date_of_birth.year if date_of_birth is not None else birth_year
    if name_key and year is not None:
        keys.add(_key(f"name:{blind_index(name_key)}:{year}"))
    return keys


def identity_lock(keys: Iterable[int]) -> None:
    """Hold ``keys`` until the current transaction ends (must be called inside one)."""
    wanted = sorted(set(keys))
    if not wanted or connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("identity_lock outside a transaction would be released at once")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM "
            "(SELECT unnest(%s::bigint[]) AS k ORDER BY 1) AS wanted",
            [wanted],
        )
