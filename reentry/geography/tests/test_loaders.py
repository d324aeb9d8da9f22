import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from reentry.geography.loaders import load_admin_units
from reentry.geography.models import AdminUnit, AdminUnitKind, UnitSuccession

pytestmark = pytest.mark.django_db

SEED_UNITS = {
    "38": ("Tỉnh Thanh Hóa", AdminUnitKind.PROVINCE, None),
    "15865": ("Xã Hoằng Hóa", AdminUnitKind.COMMUNE, "38"),
    "31": ("Thành phố Hải Phòng", AdminUnitKind.PROVINCE, None),
    "11341": ("Phường Ngô Quyền", AdminUnitKind.COMMUNE, "31"),
    "11359": ("Phường Gia Viên", AdminUnitKind.COMMUNE, "31"),
    "68": ("Tỉnh Lâm Đồng", AdminUnitKind.PROVINCE, None),
    "24697": ("Xã Nam Đà", AdminUnitKind.COMMUNE, "68"),
    "24688": ("Xã Krông Nô", AdminUnitKind.COMMUNE, "68"),
}


def test_the_2025_structure_has_34_provinces_and_3321_communes():
    current = AdminUnit.objects.current()
    assert current.filter(kind=AdminUnitKind.PROVINCE).count() == 34
    communes = current.filter(kind=AdminUnitKind.COMMUNE)
    assert communes.count() == 3321
    assert communes.filter(division="Xã").count() == 2621
    assert communes.filter(division="Phường").count() == 687
    assert communes.filter(division="Đặc khu").count() == 13
    # every commune hangs under a province, and its path says so
    assert not communes.exclude(parent__kind=AdminUnitKind.PROVINCE).exists()
    for commune in communes.select_related("parent")[:50]:
        assert commune.path == f"VN/{commune.parent.code}/{commune.code}/"
    assert communes.filter(latitude__isnull=False).count() > 3300


@pytest.mark.parametrize(("code", "expected"), SEED_UNITS.items())
def test_units_carry_the_statistics_office_codes(code, expected):
    name, kind, parent_code = expected
    unit = AdminUnit.objects.current().get(code=code)
    assert (unit.name, unit.kind) == (name, kind)
    if parent_code:
        assert unit.parent.code == parent_code
    assert unit.valid_from == datetime.date(2025, 7, 1)


def test_legacy_structure_has_63_provinces_and_ends_on_30_06_2025():
    legacy = AdminUnit.objects.legacy()
    assert legacy.filter(kind=AdminUnitKind.LEGACY_PROVINCE).count() == 63
    assert legacy.filter(kind=AdminUnitKind.LEGACY_DISTRICT).count() == 696
    assert legacy.filter(kind=AdminUnitKind.LEGACY_COMMUNE).count() == 10035
    assert set(legacy.values_list("valid_to", flat=True).distinct()) == {datetime.date(2025, 6, 30)}


def test_legacy_communes_of_hoang_hoa_district_map_to_2025_communes():
    district = AdminUnit.objects.get(kind=AdminUnitKind.LEGACY_DISTRICT, name="Huyện Hoằng Hóa")
    old_communes = AdminUnit.objects.under(district).filter(kind=AdminUnitKind.LEGACY_COMMUNE)
    successors = AdminUnit.objects.filter(
        predecessions__legacy__in=old_communes, predecessions__is_default=True
    ).distinct()
    assert successors.filter(code="15865").exists()
    assert set(successors.values_list("parent__code", flat=True)) == {"38"}


def test_every_legacy_commune_has_exactly_one_default_successor():
    defaults = Count("successions", filter=Q(successions__is_default=True))
    counts = (
        AdminUnit.objects.filter(kind=AdminUnitKind.LEGACY_COMMUNE)
        .annotate(n=defaults)
        .values_list("n", flat=True)
    )
    assert set(counts) == {1}


def test_every_2025_commune_has_a_predecessor():
    orphans = AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE, predecessions__isnull=True)
    assert list(orphans.values_list("code", flat=True)) == []


@pytest.mark.parametrize(
    ("code", "name", "legacy_district"),
    [
        ("10888", "Xã Cẩm Giang", "Huyện Cẩm Giàng"),
        ("10903", "Xã Cẩm Giàng", "Huyện Cẩm Giàng"),
        ("21289", "Xã Sơn Hà", "Huyện Sơn Hà"),
        ("21292", "Xã Sơn Hạ", "Huyện Sơn Hà"),
    ],
)
def test_communes_whose_names_differ_only_by_accents_are_kept_apart(code, name, legacy_district):
    unit = AdminUnit.objects.current().get(code=code)
    assert unit.name == name
    predecessors = AdminUnit.objects.filter(successions__successor=unit)
    assert predecessors.exists()
    assert {p.parent.name for p in predecessors.select_related("parent")} == {legacy_district}


def test_coordinates_are_distinct_between_communes():
    duplicated = (
        AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE)
        .values("latitude", "longitude")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicated.exists()


def test_merged_legacy_province_maps_to_its_2025_province():
    hai_duong = AdminUnit.objects.get(kind=AdminUnitKind.LEGACY_PROVINCE, code="30")
    assert hai_duong.name == "Tỉnh Hải Dương"
    successor = UnitSuccession.objects.get(legacy=hai_duong).successor
    assert successor.code == "31"


def _snapshot():
    return sorted(
        AdminUnit.objects.values_list(
            "id", "kind", "code", "name", "path", "parent_id", "latitude", "valid_to"
        )
    ), sorted(UnitSuccession.objects.values_list("legacy_id", "successor_id", "is_default"))


def test_loading_twice_changes_nothing():
    before = _snapshot()
    result = load_admin_units()
    assert not result.changed
    assert result.created == result.updated == 0
    assert result.unmatched == []
    assert _snapshot() == before


def test_loading_repairs_a_unit_that_drifted_from_the_source():
    AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE, code="15865").update(name="Sai tên")
    result = load_admin_units()
    assert result.updated == 1
    assert AdminUnit.objects.current().get(code="15865").name == "Xã Hoằng Hóa"


def test_command_says_in_one_sentence_that_nothing_changed(capsys):
    call_command("load_admin_units")
    out = capsys.readouterr().out.strip()
    assert out.startswith("Đơn vị hành chính đã đầy đủ, không có gì thay đổi")
    assert "3321 xã/phường/đặc khu" in out
    assert len(out.splitlines()) == 1


def test_everything_under_a_province_is_one_prefix_match(django_assert_num_queries):
    province = AdminUnit.objects.current().get(code="38")
    with django_assert_num_queries(1):
        total = AdminUnit.objects.under(province).count()
    assert total == 1 + AdminUnit.objects.filter(parent=province).count()
