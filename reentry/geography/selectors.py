"""Reads of administrative units.

``unit_by_code`` is the reference lookup services use to validate a code (units are public
reference data). Everything a user browses goes through the scoped selectors, which start
from ``access.scoping.units_visible_to(actor)``: a commune user sees their commune and the
units above it, never a sibling commune.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from reentry.access.scoping import scope_path, units_visible_to
from reentry.core.errors import DomainError, NotFoundError
from reentry.core.text import fold_key

from .models import CURRENT_KINDS, AdminUnit, AdminUnitKind

if TYPE_CHECKING:
    from reentry.accounts.models import User


def unit_by_code(code: str) -> AdminUnit:
    """The 2025 unit (or the nation, ``VN``) with this statistics-office code."""
    code = (code or "").strip()
    if not code:
        raise DomainError(_("Chưa nhập mã đơn vị hành chính."), field="unit")
    unit = AdminUnit.objects.filter(code=code, kind__in=CURRENT_KINDS).first()
    if unit is None:
        raise DomainError(
            _(
                "Không có đơn vị hành chính mã “%(code)s” (mã tỉnh 2 chữ số như 38, "
                "mã xã 5 chữ số như 15865, toàn quốc là VN)."
            )
            % {"code": code},
            field="unit",
        )
    return unit


def units_loaded() -> bool:
    """Whether ``load_admin_units`` has run (the 2025 communes are present)."""
    return AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE).exists()


def unit_get(*, actor: User, code: str) -> AdminUnit:
    visible = units_visible_to(actor).filter(code=code)
    unit = _with_counts(actor, visible).select_related("parent").first()
    if unit is None:
        raise NotFoundError(_("Không tìm thấy đơn vị hành chính."))
    return unit


def unit_ancestors(*, actor: User, unit: AdminUnit) -> list[AdminUnit]:
    """The visible units above ``unit``, from the top (for breadcrumbs)."""
    return list(units_visible_to(actor).filter(path__in=unit.ancestor_paths).order_by("depth"))


def _with_counts(actor: User, queryset: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """Children and active accounts below each unit, counted only inside the actor's scope:
    a commune officer looking at their province sees the figures of their own commune."""
    from reentry.accounts.models import User

    inside = scope_path(actor) or "(no scope)"
    users_below = (
        User.objects.filter(
            is_active=True,
            scope_unit__path__startswith=OuterRef("path"),
        )
        .filter(scope_unit__path__startswith=inside)
        .order_by()
        .values("is_active")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return queryset.annotate(
        child_count=Count("children", filter=Q(children__path__startswith=inside), distinct=True),
        user_count=Coalesce(Subquery(users_below[:1]), Value(0)),
    )


def unit_list(
    *,
    actor: User,
    parent_code: str | None = None,
    search: str = "",
) -> QuerySet[AdminUnit]:
    """Units visible to ``actor``; under ``parent_code`` when given (404 if not visible)."""
    queryset = units_visible_to(actor)
    if parent_code:
        parent = unit_get(actor=actor, code=parent_code)
        queryset = queryset.filter(parent=parent)
    search = search.strip()
    if search:
        queryset = queryset.filter(Q(search_key__contains=fold_key(search)) | Q(code=search))
    return _with_counts(actor, queryset.select_related("parent")).order_by("path")


def unit_children(*, actor: User, unit: AdminUnit, search: str = "") -> QuerySet[AdminUnit]:
    return unit_list(actor=actor, parent_code=unit.code, search=search)
