"""The workbooks an import hands out: the empty template of a kind (its headers, an example
row and a notes sheet), and the rows of an upload that were in error, as they were given,
with what is wrong, to fix and upload again."""

from __future__ import annotations

import io
from collections import defaultdict
from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .readers import MAX_ROWS, max_bytes, read_table

if TYPE_CHECKING:
    from .kinds import Column, Kind
    from .models import ImportBatch

BOLD = Font(bold=True)
REQUIRED = PatternFill("solid", fgColor="FFF2CC")
EXAMPLE = Font(italic=True, color="7F7F7F")
WRAP = Alignment(wrap_text=True, vertical="top")


def options_of(column: Column) -> list[str]:
    """The labels a choice column accepts (for the template's drop-down)."""
    read = column.read
    if isinstance(read, partial) and "choices" in read.keywords:
        return [str(label) for _value, label in read.keywords["choices"]]
    return []


def template_xlsx(kind: Kind) -> bytes:
    """The template of ``kind``: the data sheet with its headers (required ones shaded) and
    one example row, and a notes sheet saying how each column is filled."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Dữ liệu")
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = BOLD
        if column.required:
            cell.fill = REQUIRED
        example = sheet.cell(row=2, column=index, value=str(column.example) or None)
        example.font = EXAMPLE
        example.number_format = "@"  # kept as typed: dates, codes with leading zeros
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(column.header)) + 4))
        labels = options_of(column)
        if labels and len(",".join(labels)) < 250:  # Excel's limit for an inline list
            check = DataValidation(type="list", formula1='"' + ",".join(labels) + '"')
            check.error = _("Chọn một giá trị trong danh sách.")
            check.showErrorMessage = True
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(_("Hướng dẫn"))
    notes.append([str(kind.label)])
    notes["A1"].font = Font(bold=True, size=13)
    for line in _general_notes():
        notes.append([line])
    notes.append([])
    notes.append([_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Ví dụ")])
    for cell in notes[notes.max_row]:
        cell.font = BOLD
    for column in kind.columns:
        how = str(column.help)
        labels = options_of(column)
        if labels:
            how = "; ".join(filter(None, [how, _("một trong: %s") % ", ".join(labels)]))
        notes.append(
            [str(column.header), _("có") if column.required else "", how, str(column.example)]
        )
    for letter, width in zip("ABCD", (34, 10, 60, 34), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    return _save(book)


def _general_notes() -> list[str]:
    megabytes = max_bytes() // (1024 * 1024)
    return [
        _("Ghi dữ liệu vào trang “Dữ liệu”, mỗi dòng một bản ghi, bắt đầu từ dòng 2."),
        _("Dòng 2 là dòng ví dụ: ghi đè hoặc xóa dòng này trước khi tải lên."),
        _("Không đổi tên cột; cột tô màu là cột bắt buộc. Có thể bỏ các cột không bắt buộc."),
        _("Ngày ghi theo ngày/tháng/năm (15/03/1990); ô ngày của Excel cũng được."),
        _("Số tiền ghi bằng đồng (2.690.000.000) hoặc “2,69 tỷ”, “500 triệu”."),
        _("Tệp .xlsx hoặc .csv (UTF-8 hoặc Windows-1258), tối đa %(mb)s MB và %(rows)s dòng.")
        % {"mb": megabytes, "rows": f"{MAX_ROWS:,}".replace(",", ".")},
        _(
            "Trước khi ghi, hệ thống kiểm tra từng dòng và cho xem kết quả; tải lại cùng một "
            "tệp không tạo bản ghi trùng."
        ),
    ]


def error_rows_xlsx(batch: ImportBatch) -> bytes:
    """The rows of ``batch`` that were in error, with the file's own header and cells, and
    two more columns: the line in the original file and what to fix. The extra columns are
    ignored when the fixed file is uploaded again."""
    with batch.file.open("rb") as handle:
        table = read_table(handle.read(), batch.filename, encoding=batch.encoding)
    problems: dict[int, list[str]] = defaultdict(list)
    for line, column, message in batch.problems:
        problems[line].append(f"{column}: {message}" if column else message)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Dòng lỗi")
    _line, header = table.rows[0]
    width = len(header)
    sheet.append([*header, _("Dòng trong tệp gốc"), _("Lỗi cần sửa")])
    for cell in sheet[1]:
        cell.font = BOLD
    for line, values in table.rows[1:]:
        if line in problems:
            cells: list[Any] = [*values[:width], *[None] * (width - len(values))]
            sheet.append([*map(_as_given, cells), line, "\n".join(problems[line])])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=…" in a cell stays text, never a formula
            sheet.cell(row=sheet.max_row, column=width + 2).alignment = WRAP
    sheet.column_dimensions[get_column_letter(width + 2)].width = 60
    sheet.freeze_panes = "A2"
    return _save(book)


def _as_given(value: Any) -> Any:
    """A cell as it was in the file, minus the control characters XLSX cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
