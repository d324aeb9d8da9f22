"""Stored base figures: a province's recount kept for the period until a record under it
changes, so that the national report reads 34 stored results instead of every record.

- A report of the nation is the union of its provinces' base figures (a place belongs to
  exactly one province), a province's is its own, a commune's is the part of its
  province's under the commune. Each province's are taken from ``StoredFigures`` when
  they still stand, else recounted from the records (``recount``, the measures of
  ``measures.py``) and stored.
- They stand while no ``ChangeMark`` (written by the database's triggers on every table
  the measures read, ``freshness.py``) that reaches the period has been written since the
  recount began. "Since" is the recount's watermark: the highest mark it could see, and on
  PostgreSQL also its snapshot, because a transaction still open when the recount began
  may commit a lower-numbered mark afterwards. Figures therefore equal a fresh recount
  exactly, whatever wrote the records; ``tests/test_stored.py`` checks it write by write.
- A change dated today leaves every period that ended before today standing: last year's
  national report stays instant while the communes record this year's work. A change to
  something without history (an initiative, a unit, a merge) reaches every period.
- A change also names the communes it can move (``ChangeMark.place``: every commune the
  person lived in). Another province's figures stand; a province whose changes name a few
  communes is mended: those communes are recounted, the rest kept (``mend_and_store``).
  A change that names no commune (an initiative, a unit, a merge) reaches every place.
- A commune whose province's figures do not stand is recounted on its own and not stored
  (it is small; its province is mended when a province or national report asks).
"""

# ruff: noqa: S608 - the SQL here is table names and fixed clauses; values are parameters
from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from reentry.core.locks import _key
from reentry.geography.models import AdminUnit

from .measures import MEASURES, Values
from .models import ChangeMark, StoredFigures
from .periods import Period

# recounts hold it shared from their watermark to their store; ``prune`` exclusively
PRUNE_LOCK = _key("reports:stored-figures")
# more provinces than this to recount: one national pass instead
ONE_BY_ONE = 3
# changes naming more communes of a province than this: recount the province
MEND_LIMIT = 25


def recount(prefix: str, period: Period) -> Values:
    """Every base figure grouped by place, for the places under ``prefix``, from the records."""
    values: Values = {}
    for measure in MEASURES:
        values.update(measure(period, prefix))
    return values


def _restrict(values: Values, prefix: str) -> Values:
    return {
        code: {place: v for place, v in places.items() if place.startswith(prefix)}
        for code, places in values.items()
    }


def base_values(unit: AdminUnit, period: Period) -> Values:
    """The base figures of every place under ``unit`` for ``period``."""
    if unit.kind == "nation":
        provinces = list(AdminUnit.objects.filter(kind="province").order_by("path"))
        merged: Values = {}
        for values in province_values(provinces, period).values():
            for code, places in values.items():
                merged.setdefault(code, {}).update(places)
        return merged
    if unit.kind == "province":
        return province_values([unit], period)[unit.path]
    province_path = "/".join(unit.path.split("/")[:2]) + "/"
    standing = _standing(StoredFigures.objects.filter(**_key_of(province_path, period)))
    if standing:
        return _restrict(standing[0].values, unit.path)
    return recount(unit.path, period)


def _key_of(prefix: str, period: Period) -> dict[str, object]:
    return {"prefix": prefix, "starts_on": period.start, "ends_on": period.end}


def province_values(provinces: list[AdminUnit], period: Period) -> dict[str, Values]:
    """Each province's base figures: stored if they stand; mended if the changes since
    name a few communes (those are recounted, the rest kept); else recounted."""
    found = list(
        StoredFigures.objects.filter(
            prefix__in=[p.path for p in provinces], starts_on=period.start, ends_on=period.end
        )
    )
    reaching = _reaching(found)
    out: dict[str, Values] = {}
    for row in found:
        places = reaching.get(row.pk)
        if places is None:
            out[row.prefix] = row.values
        elif _mendable(places):
            mended = mend_and_store(row, period)
            if mended is not None:
                out[row.prefix] = mended
    missing = [p.path for p in provinces if p.path not in out]
    if len(missing) > ONE_BY_ONE:
        # many to recount (a national report of a period still open): one national pass,
        # split by province, costs what one province's recount costs in queries
        out.update(recount_and_store(missing, period, via="VN/"))
    else:
        for prefix in missing:
            out.update(recount_and_store([prefix], period, via=prefix))
    return {p.path: out[p.path] for p in provinces}


def _mendable(places: set[str | None]) -> bool:
    return None not in places and len(places) <= MEND_LIMIT


def _reaching(rows: list[StoredFigures]) -> dict[int, set[str | None]]:
    """For each of ``rows`` that a later change reaches, the communes those changes name
    (``None``: a change that reaches every place); rows absent from the answer stand.
    One query."""
    if not rows:
        return {}
    reach = (
        "c.since <= s.ends_on"
        " AND (c.place IS NULL OR substr(c.place, 1, length(s.prefix)) = s.prefix)"
    )
    if connection.vendor == "postgresql":
        # two index ranges (marks numbered after the watermark; marks of transactions
        # the snapshot did not see), not one OR the planner would scan the table for
        unseen = (
            "c.xid >= pg_snapshot_xmin(s.snapshot::pg_snapshot)"
            " AND NOT pg_visible_in_snapshot(c.xid, s.snapshot::pg_snapshot)"
            " AND c.xid IS DISTINCT FROM s.own_xid::text::xid8"
        )
        join = "SELECT s.id, c.place FROM reports_storedfigures s JOIN reports_changemark c ON "
        sql = (
            f"{join} c.id > s.max_mark AND {reach} WHERE s.id = ANY(%s)"
            f" UNION {join} {unseen} AND {reach} WHERE s.id = ANY(%s)"
        )
        ids = [row.pk for row in rows]
        params: list[Any] = [ids, ids]
    else:
        sql = (
            "SELECT DISTINCT s.id, c.place FROM reports_storedfigures s"
            f" JOIN reports_changemark c ON c.id > s.max_mark AND {reach}"
            f" WHERE s.id IN ({', '.join(['%s'] * len(rows))})"
        )
        params = [row.pk for row in rows]
    out: dict[int, set[str | None]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, place in cursor.fetchall():
            out.setdefault(pk, set()).add(place)
    return out


def _standing(rows) -> list[StoredFigures]:  # type: ignore[no-untyped-def]
    """The rows of ``rows`` that no later change reaches."""
    rows = list(rows)
    reaching = _reaching(rows)
    return [row for row in rows if row.pk not in reaching]


def _watermark() -> tuple[int, str, int | None]:
    """The highest mark visible now, and on PostgreSQL the snapshot and this transaction's
    id (its own marks up to the highest are seen by the recount that follows)."""
    marks = ChangeMark._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT (SELECT coalesce(max(id), 0) FROM {marks}), pg_current_snapshot()::text,"
                f" pg_current_xact_id_if_assigned()::text::bigint"
            )
            top, snapshot, own = cursor.fetchone()
            return int(top), snapshot, own
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {marks}")
        return int(cursor.fetchone()[0]), "", None


def recount_and_store(prefixes: list[str], period: Period, *, via: str) -> dict[str, Values]:
    """Recount ``via`` (a province, or the nation for several) and store the figures of
    each of ``prefixes`` under it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [PRUNE_LOCK])
        top, snapshot, own = _watermark()
        began = time.perf_counter()
        counted = recount(via, period)
        seconds = round(time.perf_counter() - began, 3)
        out = {prefix: _restrict(counted, prefix) for prefix in prefixes}
        rows = [
            StoredFigures(
                **_key_of(prefix, period),
                values=values,
                max_mark=top,
                snapshot=snapshot,
                own_xid=own,
                seconds=seconds,
            )
            for prefix, values in out.items()
        ]
        StoredFigures.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["prefix", "starts_on", "ends_on"],
            update_fields=["values", "max_mark", "snapshot", "own_xid", "computed_at", "seconds"],
        )
    return out


def mend_and_store(row: StoredFigures, period: Period) -> Values | None:
    """``row``'s figures with the communes named by the changes since recounted, stored
    under a new watermark; ``None`` when the changes turn out to reach too much (a full
    recount then). The changes are read after the new watermark is taken, so none that
    the watermark counts as seen is left out."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [PRUNE_LOCK])
        top, snapshot, own = _watermark()
        touched = _reaching([row]).get(row.pk, set())
        if not _mendable(touched):
            return None
        began = time.perf_counter()
        values = {
            code: {place: v for place, v in places.items() if place not in touched}
            for code, places in row.values.items()
        }
        for commune in sorted(p for p in touched if p is not None):
            for code, places in recount(commune, period).items():
                values.setdefault(code, {}).update(places)
        StoredFigures.objects.filter(pk=row.pk).update(
            values=values,
            max_mark=top,
            snapshot=snapshot,
            own_xid=own,
            computed_at=timezone.now(),
            seconds=round(time.perf_counter() - began, 3),
        )
    return values


def prune() -> tuple[int, int]:
    """Drop the stored figures that no longer stand and the marks no stored figures need;
    returns (figures, marks) deleted. Run from ``reports_refresh``."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PRUNE_LOCK])
        rows = list(StoredFigures.objects.all())
        good = {row.pk for row in _standing(rows)}
        stale = [row.pk for row in rows if row.pk not in good]
        figures = StoredFigures.objects.filter(pk__in=stale).delete()[0] if stale else 0
        kept = [row for row in rows if row.pk in good]
        marks = ChangeMark.objects.all()
        if kept:
            # a mark below every kept watermark, from a transaction all their snapshots saw
            marks = marks.filter(id__lte=min(row.max_mark for row in kept))
            if connection.vendor == "postgresql":
                snapshots = [row.snapshot for row in kept]
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT min(pg_snapshot_xmin(s::pg_snapshot))::text"
                        " FROM unnest(%s::text[]) s",
                        [snapshots],
                    )
                    horizon = cursor.fetchone()[0]
                marks = marks.extra(where=["xid < %s::xid8"], params=[horizon])
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
                horizon = cursor.fetchone()[0]
            marks = marks.extra(where=["xid < %s::xid8"], params=[horizon])
        deleted = marks.delete()[0]
    return figures, deleted
