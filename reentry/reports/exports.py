"""A report as XLSX: one sheet for the unit, one for its child units; numbers as numbers,
Vietnamese headers, "<5" where a small count of people is hidden."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook

from reentry.core.xlsx import THOUSANDS_FORMAT, set_widths, workbook_bytes, write_heading

from .engine import Column, Report
from .registry import INDICATORS, UNIT_LABELS
from .suppression import Suppression


def _format(sheet: object, rows: range, columns: range) -> None:
    for row in rows:
        for column in columns:
            cell = sheet.cell(row, column)  # type: ignore[attr-defined]
            code = sheet.cell(row, 1).value  # type: ignore[attr-defined]
            if code in INDICATORS and INDICATORS[code].unit == "percent":
                cell.number_format = "0.0"
            else:
                cell.number_format = THOUSANDS_FORMAT


def report_xlsx(report: Report, *, suppression: Suppression) -> bytes:
    book = Workbook()
    title = f"BÁO CÁO CÔNG TÁC TÁI HÒA NHẬP CỘNG ĐỒNG — {report.unit.name.upper()}"
    period = (
        f"{report.period.label} (từ {report.period.start:%d/%m/%Y} "
        f"đến {report.period.end:%d/%m/%Y})"
    )
    made = f"Lập ngày {timezone.localdate():%d/%m/%Y}"

    def head(sheet: object, columns: list[str]) -> None:
        write_heading(sheet, [title, period, made, ""], columns)

    total = book.active
    total.title = "Tổng hợp"
    head(total, ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", report.unit.name])
    for code, indicator in INDICATORS.items():
        total.append(
            [
                code,
                str(indicator.name),
                str(UNIT_LABELS[indicator.unit]),
                suppression.json(code, report.total.values),
            ]
        )
    _format(total, range(6, total.max_row + 1), range(4, 5))
    set_widths(total, [30, 60, 12, 18])
    if report.children:
        children = book.create_sheet("Theo đơn vị")
        columns: list[Column] = report.children
        head(children, ["Mã chỉ tiêu", "Chỉ tiêu", *[c.name for c in columns], report.unit.name])
        for code, indicator in INDICATORS.items():
            children.append(
                [
                    code,
                    str(indicator.name),
                    *[suppression.json(code, c.values) for c in columns],
                    suppression.json(code, report.total.values),
                ]
            )
        _format(children, range(6, children.max_row + 1), range(3, children.max_column + 1))
        children.column_dimensions["A"].width = 30
        children.column_dimensions["B"].width = 50
        children.freeze_panes = "C6"
    return workbook_bytes(book)
