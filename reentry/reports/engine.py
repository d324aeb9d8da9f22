"""A report: every indicator for a unit and a period, with one column per child unit.

The measures count each base figure once, grouped by place (commune, or province for what
it runs itself); each column sums the places under it, so a parent equals the sum of its
children for every additive indicator. Derived indicators are computed per column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reentry.geography.models import AdminUnit

from . import stored
from .measures import Values
from .periods import Period
from .registry import INDICATORS, Number


@dataclass
class Column:
    code: str
    name: str
    path: str
    exact: bool = False  # only what the unit runs itself (the province's own column)
    values: dict[str, Number] = field(default_factory=dict)


@dataclass
class Report:
    unit: AdminUnit
    period: Period
    total: Column
    children: list[Column]


def base_values(unit: AdminUnit, period: Period, *, fresh: bool = False) -> Values:
    """Every base indicator grouped by place, for the places under ``unit``: the stored
    figures where they still stand (``stored.py``), or with ``fresh`` a recount."""
    if fresh:
        return stored.recount(unit.path, period)
    return stored.base_values(unit, period)


def _fill(columns: list[Column], base: Values) -> None:
    """Each column's figures: the sum of its places (each place is added to the columns
    whose path it lies under, found once per place), then the derived ones."""
    exact = {column.path: column for column in columns if column.exact}
    under = [column for column in columns if not column.exact]
    depths = sorted({column.path.count("/") for column in under})
    by_path = {column.path: column for column in under}
    sums: dict[int, dict[str, int]] = {
        id(column): {code: 0 for code, i in INDICATORS.items() if i.derive is None}
        for column in columns
    }
    for code, places in base.items():
        if code not in INDICATORS:
            continue
        for place, value in places.items():
            if not value:
                continue
            head = place.split("/")
            for depth in depths:
                column = by_path.get("/".join(head[:depth]) + "/")
                if column is not None:
                    sums[id(column)][code] += value
            own = exact.get(place)
            if own is not None:
                sums[id(own)][code] += value
    for column in columns:
        column.values.update(sums[id(column)])
        for code, indicator in INDICATORS.items():
            if indicator.derive is not None:
                column.values[code] = indicator.derive(column.values)


def compute(
    unit: AdminUnit, period: Period, *, children: bool = False, fresh: bool = False
) -> Report:
    """The report of ``unit`` for ``period``; ``fresh`` recounts from the records instead of
    reading the stored figures (the two are equal: ``tests/test_stored.py``)."""
    base = base_values(unit, period, fresh=fresh)
    total = Column(unit.code, unit.name, unit.path)
    columns: list[Column] = []
    if children and unit.kind in ("nation", "province"):
        for child in AdminUnit.objects.filter(parent=unit).order_by("name"):
            columns.append(Column(child.code, child.name, child.path))
        if unit.kind == "province":
            own = Column(unit.code, _("Cấp tỉnh (nhiều xã)"), unit.path, exact=True)
            columns.append(own)
    _fill([total, *columns], base)
    if columns and columns[-1].exact and not any(columns[-1].values.get(c) for c in INDICATORS):
        columns.pop()  # nothing run by the province itself: no empty column
    return Report(unit, period, total, columns)
