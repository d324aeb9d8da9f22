"""The list of people proposed for loans, as XLSX and PDF, in the layout the commune
committee signs (QĐ 22/2023/QĐ-TTg)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reentry.core.pdf import VnDocument

from .selectors import LoanProposal

TITLE = "DANH SÁCH NGƯỜI CHẤP HÀNH XONG ÁN PHẠT TÙ ĐỀ NGHỊ VAY VỐN"
SUBTITLE = "theo Quyết định số 22/2023/QĐ-TTg của Thủ tướng Chính phủ"


def _columns(with_release: bool) -> list[str]:
    columns = ["STT", "Họ và tên", "Năm sinh", "Nơi cư trú"]
    if with_release:
        columns += ["Ngày chấp hành xong án", "Hạn đề nghị vay"]
    return [*columns, "Nơi cho vay", "Số tiền (đồng)", "Thời hạn (tháng)", "Mục đích"]


def _row(index: int, item: LoanProposal, with_release: bool) -> list[object]:
    loan, person = item.loan, item.loan.person
    row: list[object] = [index, person.full_name, person.birth_year, person.address_text]
    if with_release:
        row += [
            item.completed_on.strftime("%d/%m/%Y") if item.completed_on else "",
            item.window_end.strftime("%d/%m/%Y") if item.window_end else "",
        ]
    return [*row, loan.get_lender_display(), loan.amount_vnd, loan.term_months, loan.purpose]


def loan_list_xlsx(*, unit_name: str, items: list[LoanProposal], with_release: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Đề nghị vay vốn"
    columns = _columns(with_release)
    sheet.append([f"{TITLE} — {unit_name}"])
    sheet.append([SUBTITLE])
    sheet.append([f"Lập ngày {timezone.localdate():%d/%m/%Y}"])
    sheet.append([])
    sheet.append(columns)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["A1"].font = Font(bold=True, size=13)
    for index, item in enumerate(items, start=1):
        sheet.append(_row(index, item, with_release))
    amount_column = columns.index("Số tiền (đồng)") + 1
    total_row = sheet.max_row + 1
    sheet.cell(total_row, 2, "Tổng cộng").font = Font(bold=True)
    sheet.cell(total_row, amount_column, sum(i.loan.amount_vnd for i in items)).font = Font(
        bold=True
    )
    for row in sheet.iter_rows(min_row=6, min_col=amount_column, max_col=amount_column):
        row[0].number_format = "#,##0"
    widths = (
        [6, 26, 10, 34, 14, 14, 26, 16, 12, 30] if with_release else [6, 26, 10, 34, 26, 16, 12, 30]
    )
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def loan_list_pdf(*, unit_name: str, items: list[LoanProposal], with_release: bool) -> bytes:
    doc = VnDocument(orientation="L")
    doc.heading(f"CÔNG AN {unit_name.upper()}", "")
    doc.document_title(f"{TITLE}\n{unit_name.upper()}", SUBTITLE)
    doc.set_font("DejaVu", size=8)
    columns = _columns(with_release)
    widths = (
        (8, 34, 12, 44, 20, 20, 30, 24, 14, 40) if with_release else (8, 38, 12, 50, 32, 26, 14, 46)
    )
    with doc.table(line_height=5, text_align="LEFT", col_widths=widths) as table:
        header = table.row()
        for name in columns:
            header.cell(name)
        for index, item in enumerate(items, start=1):
            row = table.row()
            for value in _row(index, item, with_release):
                row.cell(
                    _vnd(value) if isinstance(value, int) and value >= 1_000_000 else str(value)
                )
        total = table.row()
        for name in columns:
            if name == "Họ và tên":
                total.cell("Tổng cộng")
            elif name == "Số tiền (đồng)":
                total.cell(_vnd(sum(i.loan.amount_vnd for i in items)))
            else:
                total.cell("")
    doc.set_font("DejaVu", size=11)
    doc.signatures(
        "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN",
        "TRƯỞNG CÔNG AN",
        f"Ngày {timezone.localdate():%d} tháng {timezone.localdate():%m} năm "
        f"{timezone.localdate():%Y}",
    )
    return doc.to_bytes()
