"""Key rotation of the values encrypted at rest (``manage.py rotate_keys``, ADR 0006).

Every row of every model with an encrypted field is read (any key of
``FIELD_ENCRYPTION_KEYS`` decrypts it) and written back: under the first key, with its
blind indexes recomputed under the current ``FIELD_HASH_KEY``. Nothing else of the row
changes — not its version, not its ``updated_at``. Each batch is its own transaction, so a
rotation stopped half way is simply run again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction

from . import crypto
from .fields import BlindIndexField, _Encrypted


@dataclass(frozen=True)
class Encrypted:
    model: type[models.Model]
    fields: tuple[str, ...]  # the encrypted fields
    hashes: tuple[str, ...]  # their blind indexes

    @property
    def label(self) -> str:
        return self.model._meta.label


def encrypted_models() -> list[Encrypted]:
    found = []
    for model in apps.get_models():
        concrete = model._meta.concrete_fields
        fields = tuple(f.name for f in concrete if isinstance(f, _Encrypted))
        if fields:
            hashes = tuple(f.name for f in concrete if isinstance(f, BlindIndexField))
            found.append(Encrypted(model, fields, hashes))
    return found


def stale_tokens(item: Encrypted) -> int:
    """Values of the model not encrypted under the first key (read as stored)."""
    q = connection.ops.quote_name
    fields = [item.model._meta.get_field(name) for name in item.fields]
    columns = [str(getattr(f, "column", f.name)) for f in fields]
    table = q(item.model._meta.db_table)
    stale = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(q(c) for c in columns)} FROM {table}")  # noqa: S608
        while rows := cursor.fetchmany(2000):
            for row in rows:
                stale += sum(1 for v in row if v and not crypto.under_first_key(v))
    return stale


def rotate(
    item: Encrypted, *, batch: int = 1000, progress: Callable[[int], None] | None = None
) -> int:
    """Rewrite every row of the model under the current keys; the number of rows."""
    manager = item.model._base_manager
    last = None
    done = 0
    while True:
        page = manager.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        with transaction.atomic():
            rows = list(page.select_for_update()[:batch])
            if not rows:
                return done
            for row in rows:
                for name in item.fields:
                    # read (decrypted by any key) and set again: written under the first key
                    setattr(row, name, getattr(row, name))
            manager.bulk_update(rows, [*item.fields, *item.hashes])
        last = rows[-1].pk
        done += len(rows)
        if progress is not None:
            progress(done)
