"""The shared list writer: what a user sees when they open a downloaded list in Excel."""

import datetime
import io

import pytest
from django import forms
from django.test import RequestFactory
from openpyxl import load_workbook

from reentry.core.xlsx import (
    Column,
    describe_filters,
    list_xlsx,
    xlsx_url,
)

COLUMNS = [
    Column("Họ và tên"),
    Column("Ngày", "date"),
    Column("Số tiền (đồng)", "money"),
    Column("Lượt người", "number"),
]


def _sheet(rows, filters=()):
    content = list_xlsx(
        title="Hoạt động hỗ trợ",
        columns=COLUMNS,
        rows=rows,
        unit="Xã Hoằng Hóa, Tỉnh Thanh Hóa",
        filters=list(filters),
    )
    return load_workbook(io.BytesIO(content)).active


def test_the_heading_says_unit_filters_and_time_above_a_bold_frozen_header():
    sheet = _sheet(
        [["Nguyễn Văn Hùng", datetime.date(2026, 3, 1), 1_500_000, 1200]],
        filters=[("Loại hỗ trợ", "Tư vấn tâm lý"), ("Từ ngày", "01/01/2026")],
    )
    assert sheet.title == "Hoạt động hỗ trợ"
    assert sheet["A1"].value == "HOẠT ĐỘNG HỖ TRỢ"
    assert sheet["A2"].value == "Đơn vị: Xã Hoằng Hóa, Tỉnh Thanh Hóa"
    assert sheet["A3"].value == "Bộ lọc: Loại hỗ trợ: Tư vấn tâm lý; Từ ngày: 01/01/2026"
    assert sheet["A4"].value.startswith("Xuất lúc ")
    datetime.datetime.strptime(sheet["A4"].value, "Xuất lúc %d/%m/%Y %H:%M")  # noqa: DTZ007
    assert [c.value for c in sheet[5]] == ["Họ và tên", "Ngày", "Số tiền (đồng)", "Lượt người"]
    assert all(c.font.bold for c in sheet[5])
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:D6"
    assert sheet.column_dimensions["A"].width >= len("Nguyễn Văn Hùng")


def test_dates_are_dates_money_and_counts_are_whole_numbers():
    sheet = _sheet([["Lê Thị Mai", datetime.date(2026, 3, 1), 1_500_000, 1200]])
    name, day, amount, people = sheet[6]
    assert day.is_date  # a date cell, not text
    assert day.value.date() == datetime.date(2026, 3, 1)
    assert day.number_format == "DD/MM/YYYY"
    assert (amount.value, amount.number_format) == (1_500_000, "#,##0")
    assert (people.value, people.number_format) == (1200, "#,##0")
    assert name.value == "Lê Thị Mai"


def test_without_filters_it_says_the_whole_list_and_empty_cells_stay_empty():
    sheet = _sheet([["Lê Thị Mai", None, None, 0]])
    assert sheet["A3"].value == "Bộ lọc: không (toàn bộ danh sách trong phạm vi của bạn)"
    assert [c.value for c in sheet[6]] == ["Lê Thị Mai", None, None, 0]


def test_text_a_user_typed_never_becomes_a_formula_nor_breaks_the_file():
    sheet = _sheet(
        [['=HYPERLINK("http://x","bấm")', None, None, None], ["Hùng\x0b", None, None, 1]]
    )
    assert sheet["A6"].data_type == "s"
    assert sheet["A6"].value == '=HYPERLINK("http://x","bấm")'
    assert sheet["A7"].value == "Hùng"


class _Filters(forms.Form):
    q = forms.CharField(label="Tìm tên", required=False)
    kind = forms.ChoiceField(
        label="Loại hỗ trợ",
        choices=[("", "Tất cả"), ("counselling", "Tư vấn tâm lý")],
        required=False,
    )
    date_from = forms.DateField(label="Từ ngày", required=False)
    year = forms.IntegerField(label="Năm", required=False)


def test_filters_are_described_as_the_user_chose_them_and_a_wrong_one_is_left_out():
    form = _Filters({"q": "hung", "kind": "counselling", "date_from": "2026-01-05", "year": "x"})
    form.is_valid()
    assert describe_filters(form) == [
        ("Tìm tên", "hung"),
        ("Loại hỗ trợ", "Tư vấn tâm lý"),
        ("Từ ngày", "05/01/2026"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "?format=xlsx"),
        ("?status=managed&after=abc", "?status=managed&format=xlsx"),
        ("?kind=loan&page=3&format=xlsx&q=", "?kind=loan&format=xlsx"),
    ],
)
def test_the_download_link_keeps_the_filters_and_drops_the_page(query, expected):
    assert xlsx_url(RequestFactory().get(f"/persons/{query}")) == expected
