"""A report as XLSX: one sheet for the unit, one for its child units; numbers as numbers,
Vietnamese headers, "<5" where a small count of people is hidden."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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
                cell.number_format = "#,##0"


def report_xlsx(report: Report, *, suppression: Suppression) -> bytes:
    book = Workbook()
    title = f"BÁO CÁO CÔNG TÁC TÁI HÒA NHẬP CỘNG ĐỒNG — {report.unit.name.upper()}"
    period = (
        f"{report.period.label} (từ {report.period.start:%d/%m/%Y} "
        f"đến {report.period.end:%d/%m/%Y})"
    )
    made = f"Lập ngày {timezone.localdate():%d/%m/%Y}"

    def head(sheet: object, columns: list[str]) -> None:
        for line in (title, period, made, ""):
            sheet.append([line])  # type: ignore[attr-defined]
        sheet.append(columns)  # type: ignore[attr-defined]
        sheet["A1"].font = Font(bold=True, size=13)  # type: ignore[index]
        for cell in sheet[5]:  # type: ignore[index]
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")

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
    for position, width in enumerate([30, 60, 12, 18], start=1):
        total.column_dimensions[get_column_letter(position)].width = width
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
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
