import pytest

from reentry.geography.selectors import commune_search

pytestmark = pytest.mark.django_db


def _labels(query: str, **kwargs: object) -> list[tuple[str, str, str]]:
    found = commune_search(query=query, **kwargs)  # type: ignore[arg-type]
    return [(u.name, u.parent.name, u.code) for u in found.units]


@pytest.mark.parametrize("query", ["Hoằng Giang", "hoang giang", "HOANG GIANG", "xã hoằng giang"])
def test_a_commune_is_found_by_name_with_or_without_diacritics(query):
    assert _labels(query)[0] == ("Xã Hoằng Giang", "Tỉnh Thanh Hóa", "15880")


def test_the_exact_name_comes_before_longer_names_that_contain_it():
    names = [name for name, _province, _code in _labels("hoang hoa")]
    assert names[:2] == ["Xã Hoằng Hóa", "Xã Hoàng Hoa Thám"]


def test_communes_of_the_same_name_are_told_apart_by_province_and_narrowed_after_a_comma():
    everywhere = _labels("tân tiến")
    assert len({province for _name, province, _code in everywhere}) > 3
    narrowed = _labels("tan tien, dong nai")
    assert narrowed
    assert {province for _name, province, _code in narrowed} == {"Tỉnh Đồng Nai"}


def test_a_long_list_is_cut_and_counted_a_code_finds_its_commune_a_letter_finds_nothing():
    many = commune_search(query="an", limit=20)
    assert len(many.units) == 20
    assert many.total > 1000
    assert _labels("15880") == [("Xã Hoằng Giang", "Tỉnh Thanh Hóa", "15880")]
    short = commune_search(query="a")
    assert (short.searched, short.units) == (False, [])


def test_the_current_commune_can_be_left_out(unit):
    here = unit("15865")
    assert "15865" not in [code for _n, _p, code in _labels("hoang hoa", exclude_pk=here.pk)]
