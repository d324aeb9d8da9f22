"""Reads of administrative units.

``unit_by_code`` is the reference lookup services use to validate a code (units are public
reference data). Everything a user browses goes through the scoped selectors, which start
from ``access.scoping.units_visible_to(actor)``: a commune user sees their commune and the
units above it, never a sibling commune.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from vietnamadminunits import ParseMode, parse_address

from reentry.access.scoping import scope_path, units_visible_to
from reentry.core.errors import DomainError, NotFoundError
from reentry.core.text import fold_key

from .models import CURRENT_KINDS, AdminUnit, AdminUnitKind

if TYPE_CHECKING:
    from reentry.accounts.models import User

T = TypeVar("T")


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


@dataclass(frozen=True)
class CommuneMatches:
    """Communes whose name matches a search, best first, and how many matched in all;
    ``searched`` is False when the query was too short to look for."""

    query: str = ""
    units: list[AdminUnit] = field(default_factory=list)
    total: int = 0
    searched: bool = False


# how a commune's folded name begins (``search_key`` is the folded name with its division)
_DIVISION_KEYS = ("xa", "phuong", "dackhu")


def commune_search(*, query: str, limit: int = 20, exclude_pk: int | None = None) -> CommuneMatches:
    """The 2025 communes of the whole country whose name contains ``query``, with or without
    diacritics ("hoằng hóa", "hoang hoa", "Xã Hoằng Hóa"); a part after a comma narrows to
    the province ("hoang hoa, thanh hoa"); five digits find the commune by its code. The
    exact name first, then names that begin with it, then the rest; each with its province
    (``parent``) for the label "Xã X, Tỉnh Y (mã 12345)". Unit names are public reference
    data: no scope applies, the caller's page has its own permission."""
    query = (query or "").strip()[:100]
    name, _sep, province = query.partition(",")
    key, province_key = fold_key(name), fold_key(province)
    if len(key) < 2:  # one letter would list half the country
        return CommuneMatches(query=query)
    communes = AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE)
    if exclude_pk is not None:
        communes = communes.exclude(pk=exclude_pk)
    if key.isdigit():
        matches = communes.filter(code=key)
    else:
        matches = communes.filter(search_key__contains=key)
    if province_key:
        matches = matches.filter(parent__search_key__contains=province_key)
    exact = Q(search_key=key) | Q(search_key__in=[d + key for d in _DIVISION_KEYS])
    begins = Q(search_key__startswith=key)
    for division in _DIVISION_KEYS:
        begins |= Q(search_key__startswith=division + key)
    ranked = matches.annotate(
        rank=Case(
            When(exact, then=Value(0)),
            When(begins, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "parent__search_key", "search_key", "code")
    units = list(ranked.select_related("parent")[:limit])
    total = len(units) if len(units) < limit else matches.count()
    return CommuneMatches(query=query, units=units, total=total, searched=True)


def units_loaded() -> bool:
    """Whether ``load_admin_units`` has run (the 2025 communes are present)."""
    return AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE).exists()


def unit_get(*, actor: User, code: str, with_counts: bool = False) -> AdminUnit:
    """A unit visible to ``actor`` by its code; ``NotFoundError`` (404) otherwise."""
    visible: QuerySet[AdminUnit] = (
        units_visible_to(actor).filter(code=code).select_related("parent")
    )
    if with_counts:
        visible = _with_child_counts(actor, visible)
    unit = visible.first()
    if unit is None:
        raise NotFoundError(_("Không tìm thấy đơn vị hành chính."))
    if with_counts:
        units_with_user_counts(actor=actor, units=[unit])
    return unit


def unit_ancestors(*, actor: User, unit: AdminUnit) -> list[AdminUnit]:
    """The visible units above ``unit``, from the top (for breadcrumbs)."""
    return list(units_visible_to(actor).filter(path__in=unit.ancestor_paths).order_by("depth"))


def _with_child_counts(actor: User, queryset: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """Children of each unit inside the actor's scope (one indexed lookup per row)."""
    inside = scope_path(actor) or "(no scope)"
    children = (
        AdminUnit.objects.filter(parent=OuterRef("pk"), path__startswith=inside)
        .order_by()
        .values("parent")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return queryset.annotate(child_count=Coalesce(Subquery(children[:1]), Value(0)))


def units_with_user_counts(*, actor: User, units: Iterable[AdminUnit]) -> list[AdminUnit]:
    """Set ``user_count`` on each unit: active accounts at or below it, counted only inside
    the actor's scope (a commune officer looking at their province sees their commune's).

    One grouped query whatever the number of units: each account's unit adds to its own
    path and to every path above it.
    """
    from reentry.accounts.models import User

    units = list(units)
    inside = scope_path(actor)
    totals: dict[str, int] = defaultdict(int)
    if inside is not None and units:
        rows = (
            User.objects.filter(is_active=True, scope_unit__path__startswith=inside)
            .order_by()
            .values("scope_unit__path")
            .annotate(total=Count("pk"))
        )
        for row in rows:
            parts = row["scope_unit__path"].strip("/").split("/")
            for depth in range(1, len(parts) + 1):
                totals["/".join(parts[:depth]) + "/"] += row["total"]
    for unit in units:
        unit.user_count = totals.get(unit.path, 0)  # type: ignore[attr-defined]
    return units


def unit_list(
    *,
    actor: User,
    parent_code: str | None = None,
    search: str = "",
) -> QuerySet[AdminUnit]:
    """Units visible to ``actor``; under ``parent_code`` when given (404 if not visible)."""
    parent = unit_get(actor=actor, code=parent_code) if parent_code else None
    return _unit_list(actor=actor, parent=parent, search=search)


def _unit_list(*, actor: User, parent: AdminUnit | None, search: str) -> QuerySet[AdminUnit]:
    queryset = units_visible_to(actor)
    if parent is not None:
        queryset = queryset.filter(parent=parent)
    search = search.strip()
    if search:
        queryset = queryset.filter(Q(search_key__contains=fold_key(search)) | Q(code=search))
    return _with_child_counts(actor, queryset.select_related("parent")).order_by("path")


def unit_children(*, actor: User, unit: AdminUnit, search: str = "") -> QuerySet[AdminUnit]:
    """The visible units directly under ``unit`` (already checked visible by the caller)."""
    return _unit_list(actor=actor, parent=unit, search=search)


def legacy_unit_by_code(code: str) -> AdminUnit:
    """A commune of the 63-province structure (before 01/07/2025) by its code."""
    unit = AdminUnit.objects.filter(
        code=(code or "").strip(), kind=AdminUnitKind.LEGACY_COMMUNE
    ).first()
    if unit is None:
        raise DomainError(
            _("Không có xã cũ (trước 01/07/2025) mã “%(code)s”.") % {"code": code},
            field="legacy_commune",
        )
    return unit


def unit_successor(legacy: AdminUnit) -> AdminUnit | None:
    """The 2025 commune an address in ``legacy`` maps to (the default when it was split)."""
    return (
        AdminUnit.objects.filter(predecessions__legacy=legacy, predecessions__is_default=True)
        .select_related("parent")
        .first()
    )


def legacy_maps_to(legacy: AdminUnit, code: str) -> bool:
    """Whether the 2025 commune ``code`` is one of the successors of ``legacy``."""
    return AdminUnit.objects.filter(predecessions__legacy=legacy, code=code).exists()


def unit_successors(legacy: AdminUnit) -> list[AdminUnit]:
    """Every 2025 commune ``legacy`` was merged into, the default first: more than one when
    the old commune was split."""
    return list(
        AdminUnit.objects.filter(predecessions__legacy=legacy)
        .select_related("parent")
        .order_by("-predecessions__is_default", "name")
    )


def legacy_commune_in_address(text: str) -> AdminUnit | None:
    """The commune of before 01/07/2025 a free-text address names ("xã Hoằng Đồng, huyện
    Hoằng Hóa, Thanh Hóa", also without accents or with abbreviations), or None when the
    address does not name one down to the commune."""
    if not (text or "").strip():
        return None
    code = parse_address(text, mode=ParseMode.LEGACY, level=3).ward_code
    if not code:
        return None
    return AdminUnit.objects.filter(code=code, kind=AdminUnitKind.LEGACY_COMMUNE).first()


class UnitLookups:
    """The reference lookups a validation asks, each answered once: the rows of one import
    name the same few codes thousands of times. A lookup that fails is remembered too, and
    its error raised again. ``UnitLookups(remember=False)`` asks the database every time."""

    def __init__(self, *, remember: bool = True) -> None:
        self._remember = remember
        self._memo: dict[tuple[object, ...], tuple[object, DomainError | None]] = {}

    def _once(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        if not self._remember:
            return compute()
        if key not in self._memo:
            try:
                self._memo[key] = (compute(), None)
            except DomainError as exc:
                self._memo[key] = (None, exc)
        value, error = self._memo[key]
        if error is not None:
            raise error
        return value  # type: ignore[return-value]

    def unit_by_code(self, code: str) -> AdminUnit:
        return self._once(("unit", code), lambda: unit_by_code(code))

    def legacy_unit_by_code(self, code: str) -> AdminUnit:
        return self._once(("legacy", code), lambda: legacy_unit_by_code(code))

    def unit_successor(self, legacy: AdminUnit) -> AdminUnit | None:
        return self._once(("successor", legacy.pk), lambda: unit_successor(legacy))

    def unit_successors(self, legacy: AdminUnit) -> list[AdminUnit]:
        return self._once(("successors", legacy.pk), lambda: unit_successors(legacy))

    def legacy_maps_to(self, legacy: AdminUnit, code: str) -> bool:
        return self._once(("maps_to", legacy.pk, code), lambda: legacy_maps_to(legacy, code))

    def legacy_commune_in_address(self, text: str) -> AdminUnit | None:
        return self._once(("address", text), lambda: legacy_commune_in_address(text))
