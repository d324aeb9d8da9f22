"""Read administrative units from the maintained packages (see docs/adr/0002).

- The 2025 structure (34 provinces, 3,321 communes) with the statistics office's codes comes
  from ``vietnam-provinces``.
- The legacy 63-province structure (provinces, districts, communes), coordinates, and the
  legacy→2025 conversion come from ``vietnamadminunits``. Its own 2025 codes disagree with the
  statistics office's list for some communes, so its 2025 units are matched to ours by
  province and name, never by its code.

This module only reads; ``loaders.py`` writes.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from reentry.core.text import fold_key

from .models import LEGACY_END_DATE, NATION_CODE, REFORM_DATE, AdminUnitKind

LEGACY_ROOT = "legacy"
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class UnitRecord:
    kind: str
    code: str
    name: str
    division: str
    path: str
    parent_path: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    latitude: Decimal | None
    longitude: Decimal | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.code)

    @property
    def search_key(self) -> str:
        return fold_key(self.name)

    @property
    def depth(self) -> int:
        return self.path.strip("/").count("/")


@dataclass(frozen=True)
class SuccessionRecord:
    legacy: tuple[str, str]  # (kind, code)
    successor: tuple[str, str]
    is_default: bool


def _exact_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).lower().split())


class NameIndex:
    """Find a value by (province, commune name): the exact name first, then the name folded
    without accents, but only when the folded name is unambiguous in that province (Xã Cẩm
    Giang and Xã Cẩm Giàng are two communes of Hải Phòng)."""

    def __init__(self) -> None:
        self._exact: dict[tuple[str, str], object] = {}
        self._folded: dict[tuple[str, str], list[object]] = defaultdict(list)

    def add(self, province: str, name: str, value: object) -> None:
        self._exact[(province, _exact_key(name))] = value
        self._folded[(province, fold_key(name))].append(value)

    def find(self, province: str, name: str) -> object | None:
        found = self._exact.get((province, _exact_key(name)))
        if found is not None:
            return found
        candidates = self._folded.get((province, fold_key(name)), [])
        return candidates[0] if len(candidates) == 1 else None


def _coordinate(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(SIX_PLACES)


def _adminunits_rows(table: str) -> list[dict]:
    from vietnamadminunits.database import query

    return query(f"SELECT * FROM [{table}]")  # noqa: S608 - fixed table names only


def _converter_data() -> dict:
    data = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(data.read_text(encoding="utf-8"))


def _province_name(name: str, division_type: str) -> tuple[str, str]:
    if division_type == "tỉnh":
        return f"Tỉnh {name}", "Tỉnh"
    return name, "Thành phố"


def current_units() -> list[UnitRecord]:
    """Nation, 34 provinces and 3,321 communes of the structure in force since 01/07/2025."""
    import vietnam_provinces

    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as handle:
        provinces = json.load(handle)

    province_coords: dict[str, tuple[float, float]] = {}
    commune_coords = NameIndex()
    for row in _adminunits_rows("admin_units"):
        province_coords[row["provinceCode"]] = (row["provinceLat"], row["provinceLon"])
        commune_coords.add(row["provinceCode"], row["ward"], (row["wardLat"], row["wardLon"]))

    nation_path = f"{NATION_CODE}/"
    records = [
        UnitRecord(
            kind=AdminUnitKind.NATION,
            code=NATION_CODE,
            name="Việt Nam",
            division="Quốc gia",
            path=nation_path,
            parent_path=None,
            valid_from=None,
            valid_to=None,
            latitude=None,
            longitude=None,
        )
    ]
    for province in provinces:
        code = f"{province['code']:02d}"
        name, division = _province_name(province["name"], province["division_type"])
        lat, lon = province_coords.get(code, (None, None))
        province_path = f"{nation_path}{code}/"
        records.append(
            UnitRecord(
                kind=AdminUnitKind.PROVINCE,
                code=code,
                name=name,
                division=division,
                path=province_path,
                parent_path=nation_path,
                valid_from=REFORM_DATE,
                valid_to=None,
                latitude=_coordinate(lat),
                longitude=_coordinate(lon),
            )
        )
        for ward in province["wards"]:
            ward_code = f"{ward['code']:05d}"
            lat, lon = commune_coords.find(code, ward["name"]) or (None, None)  # type: ignore[misc]
            records.append(
                UnitRecord(
                    kind=AdminUnitKind.COMMUNE,
                    code=ward_code,
                    name=ward["name"],
                    division=ward["division_type"].capitalize(),
                    path=f"{province_path}{ward_code}/",
                    parent_path=province_path,
                    valid_from=REFORM_DATE,
                    valid_to=None,
                    latitude=_coordinate(lat),
                    longitude=_coordinate(lon),
                )
            )
    return records


def _legacy_rows() -> Iterator[dict]:
    yield from _adminunits_rows("admin_units_legacy")


def legacy_units() -> list[UnitRecord]:
    """The 63 provinces, their districts and communes in force until 30/06/2025."""
    records: dict[tuple[str, str], UnitRecord] = {}
    for row in _legacy_rows():
        province_code = row["provinceCode"]
        province_path = f"{LEGACY_ROOT}/{province_code}/"
        province_key = (AdminUnitKind.LEGACY_PROVINCE, province_code)
        if province_key not in records:
            division = "Tỉnh" if row["province"].startswith("Tỉnh") else "Thành phố"
            records[province_key] = UnitRecord(
                kind=AdminUnitKind.LEGACY_PROVINCE,
                code=province_code,
                name=row["province"],
                division=division,
                path=province_path,
                parent_path=None,
                valid_from=None,
                valid_to=LEGACY_END_DATE,
                latitude=_coordinate(row["provinceLat"]),
                longitude=_coordinate(row["provinceLon"]),
            )
        district_path = f"{province_path}{row['districtCode']}/"
        district_key = (AdminUnitKind.LEGACY_DISTRICT, row["districtCode"])
        if district_key not in records:
            records[district_key] = UnitRecord(
                kind=AdminUnitKind.LEGACY_DISTRICT,
                code=row["districtCode"],
                name=row["district"],
                division=row["districtType"],
                path=district_path,
                parent_path=province_path,
                valid_from=None,
                valid_to=LEGACY_END_DATE,
                latitude=_coordinate(row["districtLat"]),
                longitude=_coordinate(row["districtLon"]),
            )
        if not row["wardCode"]:
            continue  # island districts without communes
        records[(AdminUnitKind.LEGACY_COMMUNE, row["wardCode"])] = UnitRecord(
            kind=AdminUnitKind.LEGACY_COMMUNE,
            code=row["wardCode"],
            name=row["ward"],
            division=row["wardType"],
            path=f"{district_path}{row['wardCode']}/",
            parent_path=district_path,
            valid_from=None,
            valid_to=LEGACY_END_DATE,
            latitude=_coordinate(row["wardLat"]),
            longitude=_coordinate(row["wardLon"]),
        )
    return list(records.values())


def successions(current: list[UnitRecord]) -> tuple[list[SuccessionRecord], list[str]]:
    """The legacy→2025 mapping, as (kind, code) pairs, and the source keys left unmatched."""
    current_by_name = NameIndex()
    for record in current:
        if record.kind == AdminUnitKind.COMMUNE:
            current_by_name.add(record.parent_path or "", record.name, record.code)
    new_province_code: dict[str, str] = {}
    # the package's own ward keys keep accents where two communes would otherwise collide
    new_ward_code: dict[tuple[str, str], str] = {}
    for row in _adminunits_rows("admin_units"):
        new_province_code[row["provinceKey"]] = row["provinceCode"]
        parent_path = f"{NATION_CODE}/{row['provinceCode']}/"
        code = current_by_name.find(parent_path, row["ward"])
        if code is not None:
            new_ward_code[(row["provinceKey"], row["wardKey"])] = str(code)

    old_province_code: dict[str, str] = {}
    old_unit: dict[str, tuple[str, str]] = {}
    for row in _legacy_rows():
        old_province_code[row["provinceKey"]] = row["provinceCode"]
        if row["wardCode"]:
            key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
            old_unit[key] = (AdminUnitKind.LEGACY_COMMUNE, row["wardCode"])
        else:
            key = f"{row['provinceKey']}_{row['districtKey']}_"
            old_unit[key] = (AdminUnitKind.LEGACY_DISTRICT, row["districtCode"])

    data = _converter_data()
    found: dict[tuple[tuple[str, str], tuple[str, str]], bool] = {}
    unmatched: list[str] = []

    def add(old_key: str, new_province_key: str, new_key: str, is_default: bool) -> None:
        legacy = old_unit.get(old_key)
        code = new_ward_code.get((new_province_key, new_key))
        if legacy is None or code is None:
            unmatched.append(f"{old_key} → {new_province_key}/{new_key}")
            return
        pair = (legacy, (AdminUnitKind.COMMUNE, code))
        found[pair] = found.get(pair, False) or is_default

    for new_province_key, old_keys in data["DICT_PROVINCE"].items():
        for old_key in old_keys:
            if old_key in old_province_code and new_province_key in new_province_code:
                pair = (
                    (AdminUnitKind.LEGACY_PROVINCE, old_province_code[old_key]),
                    (AdminUnitKind.PROVINCE, new_province_code[new_province_key]),
                )
                found[pair] = True
            else:
                unmatched.append(f"{old_key} → {new_province_key}")
    for new_province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            for old_key in old_keys:
                add(old_key, new_province_key, new_key, True)
    for new_province_key, old_wards in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in old_wards.items():
            for target in targets:
                add(old_key, new_province_key, target["newWardKey"], target["isDefaultNewWard"])

    records = [
        SuccessionRecord(legacy=legacy, successor=successor, is_default=is_default)
        for (legacy, successor), is_default in sorted(found.items())
    ]
    return records, unmatched
