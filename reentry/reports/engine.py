"""A report: every indicator for a unit and a period, with one column per child unit.

The measures count each base figure once, grouped by place (commune, or province for what
it runs itself); each column sums the places under it, so a parent equals the sum of its
children for every additive indicator. Derived indicators are computed per column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reentry.geography.models import AdminUnit

from .measures import MEASURES
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


def base_values(unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    """Every base indicator grouped by place, for the places under ``unit``."""
    values: dict[str, dict[str, int]] = {}
    for measure in MEASURES:
        values.update(measure(period, unit.path))
    return values


def _fill(column: Column, base: dict[str, dict[str, int]]) -> None:
    for code, indicator in INDICATORS.items():
        if indicator.derive is None:
            places = base.get(code, {})
            if column.exact:
                column.values[code] = places.get(column.path, 0)
            else:
                column.values[code] = sum(
                    v for place, v in places.items() if place.startswith(column.path)
                )
    for code, indicator in INDICATORS.items():
        if indicator.derive is not None:
            column.values[code] = indicator.derive(column.values)


def compute(unit: AdminUnit, period: Period, *, children: bool = False) -> Report:
    base = base_values(unit, period)
    total = Column(unit.code, unit.name, unit.path)
    columns: list[Column] = []
    if children and unit.kind in ("nation", "province"):
        for child in AdminUnit.objects.filter(parent=unit).order_by("name"):
            columns.append(Column(child.code, child.name, child.path))
        if unit.kind == "province":
            own = Column(unit.code, _("Cấp tỉnh (nhiều xã)"), unit.path, exact=True)
            columns.append(own)
    for column in [total, *columns]:
        _fill(column, base)
    if columns and columns[-1].exact and not any(columns[-1].values.get(c) for c in INDICATORS):
        columns.pop()  # nothing run by the province itself: no empty column
    return Report(unit, period, total, columns)
