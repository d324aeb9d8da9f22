"""Write the administrative units into the database: idempotent, all or nothing.

Running the loader twice changes nothing the second time. Units that disappear from the
source are kept (records may point to them; history is never overwritten).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction

from . import sources
from .models import AdminUnit, UnitSuccession

COMPARED_FIELDS = (
    "name",
    "search_key",
    "division",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_removed: int = 0
    unmatched: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.successions_created
            or self.successions_updated
            or self.successions_removed
        )


def _unit_differs(unit: AdminUnit, record: sources.UnitRecord, parent_id: int | None) -> bool:
    if unit.parent_id != parent_id:
        return True
    return any(getattr(unit, name) != getattr(record, name) for name in COMPARED_FIELDS)


def _apply(unit: AdminUnit, record: sources.UnitRecord, parent_id: int | None) -> None:
    unit.parent_id = parent_id
    for name in COMPARED_FIELDS:
        setattr(unit, name, getattr(record, name))


@transaction.atomic
def load_admin_units(*, include_legacy: bool = True) -> LoadResult:
    current = sources.current_units()
    records = list(current)
    succession_records: list[sources.SuccessionRecord] = []
    result = LoadResult()
    if include_legacy:
        records.extend(sources.legacy_units())
        succession_records, result.unmatched = sources.successions(current)

    existing = {(unit.kind, unit.code): unit for unit in AdminUnit.objects.all()}
    id_by_path = {unit.path: unit.pk for unit in existing.values()}

    by_depth: dict[int, list[sources.UnitRecord]] = defaultdict(list)
    for record in records:
        by_depth[record.depth].append(record)
        result.counts[record.kind] = result.counts.get(record.kind, 0) + 1

    for depth in sorted(by_depth):
        to_create: list[AdminUnit] = []
        to_update: list[AdminUnit] = []
        for record in by_depth[depth]:
            parent_id = id_by_path[record.parent_path] if record.parent_path else None
            unit = existing.get(record.key)
            if unit is None:
                unit = AdminUnit(kind=record.kind, code=record.code)
                _apply(unit, record, parent_id)
                to_create.append(unit)
            elif _unit_differs(unit, record, parent_id):
                _apply(unit, record, parent_id)
                to_update.append(unit)
            else:
                result.unchanged += 1
        if to_update:
            AdminUnit.objects.bulk_update(to_update, ["parent", *COMPARED_FIELDS], batch_size=500)
        if to_create:
            AdminUnit.objects.bulk_create(to_create, batch_size=500)
        result.created += len(to_create)
        result.updated += len(to_update)
        for unit in AdminUnit.objects.filter(depth=depth).only("id", "path", "kind", "code"):
            id_by_path[unit.path] = unit.pk
            existing.setdefault((unit.kind, unit.code), unit)

    if include_legacy:
        _load_successions(succession_records, existing, result)
    if result.changed and connection.vendor == "postgresql":
        # fresh statistics after a bulk load, or the planner guesses 1 row per table
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE geography_adminunit, geography_unitsuccession")
    return result


def _load_successions(
    records: list[sources.SuccessionRecord],
    units: dict[tuple[str, str], AdminUnit],
    result: LoadResult,
) -> None:
    wanted = {
        (units[record.legacy].pk, units[record.successor].pk): record.is_default
        for record in records
    }
    present = {(row.legacy_id, row.successor_id): row for row in UnitSuccession.objects.all()}
    stale = [row.pk for pair, row in present.items() if pair not in wanted]
    if stale:
        UnitSuccession.objects.filter(pk__in=stale).delete()
    to_update = []
    for pair, row in present.items():
        if pair in wanted and row.is_default != wanted[pair]:
            row.is_default = wanted[pair]
            to_update.append(row)
    if to_update:
        UnitSuccession.objects.bulk_update(to_update, ["is_default"], batch_size=500)
    to_create = [
        UnitSuccession(legacy_id=legacy_id, successor_id=successor_id, is_default=is_default)
        for (legacy_id, successor_id), is_default in wanted.items()
        if (legacy_id, successor_id) not in present
    ]
    UnitSuccession.objects.bulk_create(to_create, batch_size=1000)
    result.successions_created = len(to_create)
    result.successions_updated = len(to_update)
    result.successions_removed = len(stale)
