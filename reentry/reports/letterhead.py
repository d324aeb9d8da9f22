"""Who issues a report, as its heading and signature block say (Nghị định 30/2020/NĐ-CP).

The body is the user's own office: the commune police, the commune People's Committee, the
province's Steering Committee 138 (or the labour department), the national Steering
Committee. The number is left blank for the clerk to fill in when the report is registered
("Số:      /BC-…"), and the signature is the head of that office, on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reentry.accounts.roles import Role
from reentry.geography.models import AdminUnit

PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ")


@dataclass(frozen=True)
class Letterhead:
    parent_issuer: str
    issuer: str
    number: str
    place: str
    signer_title: str


def _bare(name: str) -> str:
    """ "Tỉnh Thanh Hóa" → "Thanh Hóa" (the place line names the place, not its rank)."""
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def letterhead_for(actor: Any) -> Letterhead:
    scope: AdminUnit = actor.scope
    province = scope if scope.kind != "commune" else scope.parent
    province_name = province.name if province is not None else scope.name
    place = _bare(province_name) if scope.kind != "nation" else "Hà Nội"
    blank = "     "
    if actor.role == Role.COMMUNE_OFFICER:
        return Letterhead(
            f"CÔNG AN {province_name.upper()}",
            f"CÔNG AN {scope.name.upper()}",
            f"{blank}/BC-CAX",
            place,
            "TRƯỞNG CÔNG AN XÃ",
        )
    if actor.role == Role.COMMUNE_COMMITTEE:
        return Letterhead(
            "ỦY BAN NHÂN DÂN", scope.name.upper(), f"{blank}/BC-UBND", place, "CHỦ TỊCH"
        )
    if actor.role == Role.LABOUR_OFFICER:
        return Letterhead(
            f"ỦY BAN NHÂN DÂN {province_name.upper()}",
            "SỞ NỘI VỤ",
            f"{blank}/BC-SNV",
            place,
            "GIÁM ĐỐC",
        )
    if scope.kind == "nation":
        return Letterhead("CHÍNH PHỦ", "BAN CHỈ ĐẠO 138", f"{blank}/BC-BCĐ", place, "TRƯỞNG BAN")
    return Letterhead(
        f"ỦY BAN NHÂN DÂN {province_name.upper()}",
        "BAN CHỈ ĐẠO 138",
        f"{blank}/BC-BCĐ",
        place,
        "TRƯỞNG BAN",
    )
