"""Targets: setting them, and how far each unit is from them.

Progress is read from the same engine as the report: the unit's figure over the target's
period (from ``starts_on`` to the deadline, or to today while it runs) and, for each unit
below it, the same figure, so "who is behind and by how much" is the report's own column.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.scoping import scope_path
from reentry.audit.models import AuditAction
from reentry.audit.services import audit_record
from reentry.core.errors import DomainError, ValidationFailed
from reentry.geography.models import AdminUnit

from .engine import Column, compute
from .models import Direction, Target
from .periods import EARLIEST, Period, period_of
from .registry import INDICATORS, Number
from .suppression import Suppression

if TYPE_CHECKING:
    from reentry.accounts.models import User

MET, BEHIND, MISSED, ON_TRACK, UNKNOWN = "met", "behind", "missed", "on_track", "unknown"


@transaction.atomic
def target_set(
    *,
    actor: User,
    unit_code: str,
    indicator: str,
    value: Decimal,
    starts_on: datetime.date,
    deadline: datetime.date,
    direction: str = Direction.AT_LEAST,
    note: str = "",
) -> Target:
    """A province (or the nation) sets a target for itself and the units below it."""
    if not has_permission(actor, Permission.TARGET_MANAGE):
        raise DomainError(_("Bạn không được đặt chỉ tiêu phấn đấu."))
    path = scope_path(actor) or "-"
    unit = AdminUnit.objects.current().filter(code=unit_code, path__startswith=path).first()
    errors: dict[str, list[str]] = {}
    if unit is None or unit.kind not in ("nation", "province"):
        errors["unit"] = [_("Chọn tỉnh, thành phố (hoặc cả nước) trong phạm vi của bạn.")]
    if indicator not in INDICATORS:
        errors["indicator"] = [_("Chọn một chỉ tiêu trong danh mục.")]
    elif INDICATORS[indicator].unit == "percent" and not 0 <= value <= 100:
        errors["value"] = [_("Tỷ lệ phải từ 0 đến 100.")]
    if value < 0:
        errors["value"] = [_("Mức phấn đấu không thể âm.")]
    if deadline < starts_on:
        errors["deadline"] = [_("Thời hạn phải từ ngày bắt đầu tính trở đi.")]
    if starts_on < EARLIEST:
        errors["starts_on"] = [_("Ngày bắt đầu tính không được trước năm 2000.")]
    if direction not in Direction.values:
        errors["direction"] = [_("Chọn yêu cầu: đạt ít nhất hoặc không vượt quá.")]
    if errors or unit is None:
        raise ValidationFailed(errors)
    target = Target.objects.create(
        unit=unit,
        unit_path=unit.path,
        indicator=indicator,
        direction=direction,
        value=value,
        starts_on=starts_on,
        deadline=deadline,
        note=note.strip(),
        set_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=target,
        unit_path=unit.path,
        changes={"indicator": indicator, "value": str(value), "deadline": deadline.isoformat()},
    )
    return target


def targets_for(unit: AdminUnit) -> QuerySet[Target]:
    """Targets that apply to ``unit``: set for it or for a unit above it."""
    parts = unit.path.strip("/").split("/")
    above = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return Target.objects.filter(unit_path__in=above).select_related("unit")


@dataclass
class Standing:
    name: str
    value: Number | str
    gap: float | None  # how far from the target (positive: short of it)
    status: str


@dataclass
class Progress:
    target: Target
    period: Period
    unit: Standing
    behind: list[Standing]  # units below, furthest from the target first
    counted: int  # units below counted


def _status(target: Target, value: Number, today: datetime.date) -> tuple[str, float | None]:
    over = today > target.deadline
    if value is None:
        return (MISSED if over else BEHIND), None
    goal = float(target.value)
    at_least = target.direction == Direction.AT_LEAST
    gap = goal - float(value) if at_least else float(value) - goal
    if gap > 0:
        return (MISSED if over else BEHIND), round(gap, 1)
    if not at_least and not over and INDICATORS[target.indicator].flow:
        return ON_TRACK, 0.0  # within the limit so far; the count can still grow
    return MET, 0.0


def progress(
    target: Target, unit: AdminUnit, suppression: Suppression, today: datetime.date | None = None
) -> Progress:
    today = today or timezone.localdate()
    end = min(today, target.deadline)
    if INDICATORS[target.indicator].flow:
        period = period_of("custom", start=target.starts_on, end=max(end, target.starts_on))
    else:
        period = period_of("custom", start=end, end=end)
    report = compute(unit, period, children=True)

    def standing(column: Column) -> Standing:
        value = column.values[target.indicator]
        if suppression.hidden(target.indicator, column.values):
            return Standing(column.name, "<5", None, UNKNOWN)  # met or not would tell
        status, gap = _status(target, value, today)
        return Standing(column.name, value, gap, status)

    children = [standing(c) for c in report.children if not c.exact]
    children = [s for s in children if s.status != UNKNOWN]
    behind = sorted(
        (s for s in children if s.status in (BEHIND, MISSED)), key=lambda s: -(s.gap or 0)
    )
    return Progress(target, period, standing(report.total), behind, len(children))
