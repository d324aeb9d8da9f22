"""The cells of real sheets: every way a date, a sum, a name or a gender is typed."""

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reentry.imports import cells
from reentry.imports.cells import CellError

D = datetime.date
TODAY = D(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("25/02/2026", D(2026, 2, 25)),
        ("5/2/26", D(2026, 2, 5)),
        ("5/2/99", D(1999, 2, 5)),  # two digits: never a year after this one
        ("25.02.2026", D(2026, 2, 25)),
        ("25-02-2026", D(2026, 2, 25)),
        ("2026-02-25", D(2026, 2, 25)),
        (45000, D(2023, 3, 15)),  # an Excel serial number
        ("45000", D(2023, 3, 15)),  # the same, arrived as text in a CSV
        (datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), D(2026, 1, 1)),  # a date cell
        (None, None),
        ("  ", None),
    ],
)
def test_dates_typed_every_way(typed, expected):
    assert cells.date(typed, today=TODAY) == expected


@pytest.mark.parametrize("typed", ["31/02/2026", "hôm qua", "2026/25/02", 1.5, -3])
def test_a_date_that_is_not_one_says_so(typed):
    with pytest.raises(CellError, match="ngày"):
        cells.date(typed, today=TODAY)


@given(st.dates(min_value=D(1900, 3, 1), max_value=D(2099, 12, 31)))
def test_every_date_reads_back_from_its_usual_forms(day):
    assert cells.date(day.strftime("%d/%m/%Y"), today=TODAY) == day
    assert cells.date(f"{day.day}/{day.month}/{day.year}", today=TODAY) == day
    assert cells.date((day - cells.EXCEL_EPOCH).days, today=TODAY) == day


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2.690.000.000", 2_690_000_000),
        ("2,690,000,000", 2_690_000_000),
        ("2.690.000.000 đ", 2_690_000_000),
        ("2.690.000.000đ", 2_690_000_000),
        ("2,69 tỷ", 2_690_000_000),
        ("1,5 tỷ đồng", 1_500_000_000),
        ("500 triệu", 500_000_000),
        ("12.5 triệu VNĐ", 12_500_000),
        ("2 690 000 000", 2_690_000_000),
        (2690000000, 2_690_000_000),
        (30000000.0, 30_000_000),
        ("", None),
    ],
)
def test_money_as_localities_write_it(typed, expected):
    assert cells.money(typed) == expected


@pytest.mark.parametrize("typed", ["2,5", "abc", "-5.000", "1,2,3 tỷ", "5 đô", 0.5])
def test_money_that_cannot_be_read_says_how_to_write_it(typed):
    with pytest.raises(CellError):
        cells.money(typed)


@given(st.integers(min_value=0, max_value=10**13))
def test_every_sum_reads_back_with_dots_between_thousands(amount):
    assert cells.money(f"{amount:,}".replace(",", ".")) == amount


def test_names_in_any_case_with_stray_spaces_and_decomposed_accents():
    assert cells.name("  NGUYỄN  văn   an ") == "Nguyễn Văn An"
    assert cells.name("đỗ thị ĐÀO") == "Đỗ Thị Đào"
    decomposed = unicodedata.normalize("NFD", "Lê Thị Hằng")
    assert cells.name(decomposed) == "Lê Thị Hằng"
    assert unicodedata.is_normalized("NFC", cells.text(decomposed))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Nam", "male"), ("NỮ", "female"), ("nu", "female"), ("M", "male"), ("f", "female")],
)
def test_gender(typed, expected):
    assert cells.gender(typed) == expected


def test_a_gender_that_is_not_one():
    with pytest.raises(CellError, match="Nam hoặc Nữ"):
        cells.gender("khác")
