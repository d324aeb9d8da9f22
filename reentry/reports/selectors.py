"""Which units a user may report on, and the report itself, within their scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from reentry.access.scoping import units_under_scope
from reentry.core.errors import NotFoundError
from reentry.geography.models import AdminUnit

from .engine import Report, compute
from .periods import Period

if TYPE_CHECKING:
    from reentry.accounts.models import User


def report_units_for(actor: User) -> QuerySet[AdminUnit]:
    """The actor's scope unit and every 2025 unit below it."""
    return units_under_scope(actor)


def report_unit_get(*, actor: User, code: str) -> AdminUnit:
    unit = report_units_for(actor).filter(code=code).first()
    if unit is None:
        raise NotFoundError(_("Không tìm thấy đơn vị trong phạm vi của bạn."))
    return unit


def report_for(*, actor: User, unit_code: str, period: Period, children: bool) -> Report:
    return compute(report_unit_get(actor=actor, code=unit_code), period, children=children)
