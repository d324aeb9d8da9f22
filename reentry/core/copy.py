"""Many new rows at once: PostgreSQL's COPY where it runs, ``bulk_create`` elsewhere.

``copy_create`` takes unsaved model instances as ``bulk_create`` does and writes them the
way the ORM would (each field's ``pre_save`` — ``auto_now_add``, a blind index computed
from its source — then ``get_db_prep_save``, so an encrypted field is written encrypted).
COPY returns no ids, so the ids are taken from the table's sequence first and set on the
instances: children built afterwards refer to them as they would after ``bulk_create``.

``copy_rows`` takes the rows as tuples of column values instead, for the tables written by
the million (acts of help, classifications): building a model instance per row was a third
of the generator's time. It keeps what the ORM would do all the same: a field given that is
not a plain column (encrypted, JSON) goes through its ``get_db_prep_save``, a blind index
left out is computed from its source, an ``auto_now`` date left out takes the batch's time,
any other field left out its default; the ids come from the table's own default.

For generated data (``seed_demo`` at national size, issue 9): no signals, no ``save()``,
no audit events, like ``bulk_create``. Call it inside a transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from .crypto import blind_index
from .fields import BlindIndexField

M = TypeVar("M", bound=models.Model)

# fields whose Python value psycopg writes as it is (no ``get_db_prep_save`` needed)
PLAIN = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.BigIntegerField,
        models.BooleanField,
        models.CharField,
        models.DateField,
        models.DateTimeField,
        models.ForeignKey,
        models.IntegerField,
        models.PositiveBigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.TextField,
    }
)


def _writer(field: models.Field[Any, Any], db: Any, now: datetime.datetime) -> Any:
    """How one field's value is taken from an instance: as the ORM would, with the work it
    does only where it changes something (8 of 10 columns are plain: 4x faster). The
    ``auto_now`` dates of one batch all take the batch's ``now``."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        stamp = now if isinstance(field, models.DateTimeField) else now.date()

        def write(obj: Any) -> Any:
            setattr(obj, attname, stamp)
            return stamp

        return write
    custom = type(field).pre_save is not models.Field.pre_save and not isinstance(
        field, models.DateField
    )
    if custom or type(field) not in PLAIN:
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), db)
    return lambda obj: getattr(obj, attname)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],  # type: ignore[union-attr]
        )
        return [row[0] for row in cursor.fetchall()]


def copy_create(model: type[M], objs: Sequence[M], *, batch_size: int = 2000) -> Sequence[M]:
    """Insert ``objs`` (new instances of ``model``) and return them with their ids."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=batch_size)  # type: ignore[attr-defined]
    meta = model._meta
    fields = list(meta.concrete_fields)
    missing = [obj for obj in objs if obj.pk is None]
    if missing:
        for obj, new_id in zip(missing, _reserve_ids(model, len(missing)), strict=True):
            obj.pk = new_id
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-call proxy
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    now = timezone.now()
    writers = [_writer(f, db, now) for f in fields]
    with db.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(statement) as copy:
            for obj in objs:
                copy.write_row([write(obj) for write in writers])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def _preparer(field: models.Field[Any, Any], db: Any) -> Callable[[Any], Any]:
    return lambda value: field.get_db_prep_save(value, db)


def copy_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Insert ``rows``, each the values of ``columns`` (field attnames: ``person_id``) in
    that order, as Python values the model's fields take; return how many were written.
    COPY on PostgreSQL, ``executemany`` elsewhere (every value through its field's
    ``get_db_prep_save`` there)."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    unknown = [c for c in columns if c not in by_attname]
    if unknown:
        raise ValueError(f"{meta.label}: no field {', '.join(unknown)}")
    db = connections[DEFAULT_DB_ALIAS]
    given = [by_attname[c] for c in columns]
    now = timezone.now()
    # what each row gets besides its own values: derived (a blind index of a column given)
    # or the same for every row of the call (auto dates, defaults)
    derived: list[tuple[models.Field[Any, Any], int]] = []
    constant: list[tuple[models.Field[Any, Any], Any]] = []
    for field in meta.concrete_fields:
        if field.attname in columns or field.primary_key:
            continue
        if isinstance(field, BlindIndexField) and field.source in columns:
            derived.append((field, list(columns).index(field.source)))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constant.append((field, now if isinstance(field, models.DateTimeField) else now.date()))
        elif field.has_default() or field.null or field.empty_strings_allowed:
            constant.append((field, field.get_default()))  # as the ORM would: "" for text
        else:
            raise ValueError(f"{meta.label}.{field.attname}: no value given and no default")
    fields = [*given, *(f for f, _ in derived), *(f for f, _ in constant)]
    postgres = db.vendor == "postgresql"
    prepare: list[Callable[[Any], Any] | None] = [
        None
        if postgres and type(f) in PLAIN and not isinstance(f, BlindIndexField)
        else _preparer(f, db)
        for f in given
    ]
    prepared = [i for i, p in enumerate(prepare) if p is not None]
    extra = tuple(
        f.get_db_prep_save(value, db) if not postgres or type(f) not in PLAIN else value
        for f, value in constant
    )
    hashes = [(index, f) for f, index in derived]

    def values(row: Sequence[Any]) -> Sequence[Any]:
        out = list(row)
        for i in prepared:
            out[i] = prepare[i](out[i])  # type: ignore[misc]
        return [*out, *(blind_index(row[i] or "") for i, _f in hashes), *extra]

    quote = db.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    written = 0
    with db.cursor() as cursor:
        if postgres:
            raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
                if prepared or hashes:
                    for row in rows:
                        copy.write_row(values(row))
                        written += 1
                else:  # only plain columns: the row as it is, with the constants
                    for row in rows:
                        copy.write_row((*row, *extra))
                        written += 1
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
            batch = [values(row) for row in rows]
            cursor.executemany(sql, batch)
            written = len(batch)
    return written
