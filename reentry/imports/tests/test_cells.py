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


LOAN_STATES = [("applied", "Đã đề nghị"), ("current", "Đang trả nợ đúng hạn")]
DIFFICULTIES = [
    ("no_job", "Chưa có việc làm"),
    ("no_capital", "Thiếu vốn"),
    ("stigma", "Mặc cảm, tự ti, bị kỳ thị"),
]


def test_a_choice_by_label_code_or_another_name_the_sheets_use():
    assert cells.choice("ĐANG TRẢ NỢ ĐÚNG HẠN", LOAN_STATES) == "current"
    assert cells.choice("current", LOAN_STATES) == "current"
    assert cells.choice("dang vay", LOAN_STATES, {"Đang vay": "current"}) == "current"
    assert cells.choice("", LOAN_STATES) == ""
    with pytest.raises(CellError, match="Đã đề nghị; Đang trả nợ đúng hạn"):
        cells.choice("Đang vay", LOAN_STATES)  # the list of what is accepted is named


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Chưa có việc làm; Thiếu vốn", ["no_job", "no_capital"]),
        ("chua co viec lam, thieu von", ["no_job", "no_capital"]),
        ("Mặc cảm, tự ti, bị kỳ thị", ["stigma"]),  # commas inside one label
        (
            "Thiếu vốn, Mặc cảm, tự ti, bị kỳ thị\nChưa có việc làm",
            ["no_capital", "stigma", "no_job"],
        ),
        ("Thiếu vốn + thiếu vốn", ["no_capital"]),
        ("", []),
    ],
)
def test_several_choices_in_one_cell(typed, expected):
    assert cells.choice_list(typed, DIFFICULTIES) == expected


def test_several_choices_name_the_one_not_in_the_list():
    with pytest.raises(CellError, match="“Nghiện game” không có trong danh mục"):
        cells.choice_list("Thiếu vốn; Nghiện game", DIFFICULTIES)


def test_a_column_that_may_be_left_empty():
    assert cells.or_blank(cells.gender)("  ") == ""
    assert cells.or_blank(cells.gender)("Nữ") == "female"
    with pytest.raises(CellError):
        cells.or_blank(cells.gender)("?")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (120, 120),
        (120.0, 120),
        ("1.250", 1250),
        ("1,250", 1250),
        ("1 250 lượt", 1250),
        ("2.500 tờ", 2500),
        ("300", 300),
        ("", None),
    ],
)
def test_counts_of_people_and_copies(typed, expected):
    assert cells.count(typed) == expected


@pytest.mark.parametrize("typed", ["khoảng 50", "-5", "1,5", "12.5 người", 2.5, -1, "1.2.3"])
def test_what_is_not_a_count(typed):
    with pytest.raises(CellError, match="số lượng"):
        cells.count(typed)


@given(st.integers(min_value=0, max_value=10**9))
def test_every_count_reads_back_with_dots_between_thousands(number):
    assert cells.count(f"{number:,}".replace(",", ".")) == number


def test_commune_codes():
    assert cells.unit_codes("15865; 15880, 15865") == ["15865", "15880"]
    assert cells.unit_codes(4) == ["00004"]  # a number cell loses the leading zeros
    assert cells.unit_codes("4 15865") == ["00004", "15865"]
    assert cells.unit_codes(None) == []
    with pytest.raises(CellError, match="5 chữ số"):
        cells.unit_codes("Hoằng Hóa")
