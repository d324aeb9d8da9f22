"""Which 2025 commune a row's person lives in, from what the sheet gives: the 2025 code, a
legacy commune code, or an address written before 01/07/2025 ("xã Hoằng Đồng, huyện Hoằng
Hóa, Thanh Hóa"). The original text is always kept as given. An old commune split between
several 2025 communes is not guessed: the row waits for the user to choose one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from reentry.access.scoping import units_under_scope
from reentry.core.errors import DomainError
from reentry.geography.selectors import UnitLookups

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

# the key under which the pipeline hands a row the commune the user chose for it
CHOSEN_COMMUNE = "_chosen_commune"


class Ambiguous(DomainError):
    """The row's old commune became several 2025 communes: the user must say which."""

    def __init__(self, text: str, options: list[AdminUnit]) -> None:
        self.text = text
        self.options = [(unit.code, unit.name) for unit in options]
        names = ", ".join(f"{unit.name} ({unit.code})" for unit in options)
        super().__init__(
            _("“%(text)s” nay thuộc một trong các xã, phường: %(names)s. Chọn một.")
            % {"text": text, "names": names},
            field="commune",
        )


@dataclass(frozen=True)
class Residence:
    commune_code: str  # the 2025 commune
    legacy_commune_code: str  # the legacy commune, when the sheet named one


def residence_of(
    row: dict[str, Any], unit: AdminUnit, actor: User, *, units: UnitLookups | None = None
) -> Residence:
    """The 2025 commune for ``row`` (uploaded for ``unit`` by ``actor``), in this order: the
    code the sheet gives; the user's choice for an ambiguous row; the successor of the old
    commune the sheet names by code or by address; the commune the file was uploaded for.
    ``units`` answers the lookups (once each for a batch of rows)."""
    units = units or UnitLookups(remember=False)
    given = (row.get("commune_code") or "").strip()
    chosen = (row.get(CHOSEN_COMMUNE) or "").strip()
    legacy_code = (row.get("legacy_commune_code") or "").strip()
    legacy_text = (row.get("legacy_address_text") or "").strip()
    if given:
        return Residence(given, legacy_code)
    legacy = None
    if legacy_code:
        legacy = units.legacy_unit_by_code(legacy_code)
    elif legacy_text:
        legacy = units.legacy_commune_in_address(legacy_text)
        if legacy is None and unit.kind != "commune":
            raise DomainError(
                _(
                    "Không nhận ra xã, phường cũ trong địa chỉ “%(text)s”: ghi rõ xã, huyện, "
                    "tỉnh hoặc điền cột Mã xã."
                )
                % {"text": legacy_text},
                field="legacy_address_text",
            )
    if legacy is None:
        if unit.kind != "commune":
            raise DomainError(_("Nhập mã xã, phường nơi cư trú."), field="commune")
        return Residence(unit.code, "")
    options = units.unit_successors(legacy)
    codes = [option.code for option in options]
    if chosen and chosen in codes:
        return Residence(chosen, legacy.code)
    if len(options) == 1:
        return Residence(codes[0], legacy.code)
    if not units_under_scope(actor).filter(code__in=codes).exists():
        raise DomainError(
            _(
                "“%(text)s” nay thuộc %(names)s, ngoài phạm vi của bạn: chuyển dòng này cho "
                "xã, phường đó nhập."
            )
            % {"text": legacy_text or legacy.name, "names": ", ".join(u.name for u in options)},
            field="commune",
        )
    raise Ambiguous(legacy_text or legacy.name, options)
