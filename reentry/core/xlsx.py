"""Spreadsheets handed to users (XLSX through openpyxl), written one way everywhere.

``list_xlsx`` writes a list as the user filtered it: the title, the unit, the filters, the
time of export, then a bold frozen header row and one row per record. Dates are date cells
shown dd/mm/yyyy, money whole đồng with a thousands separator, text is always text (a cell
typed as ``=…`` by a user never becomes a formula). Lists are downloaded from their own page
with ``?format=xlsx`` and the page's other parameters (``xlsx_url``).

This module decides nothing about who sees what: the rows and the columns come from the
caller's selector and the access policies.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
THOUSANDS_FORMAT = "#,##0"  # 1.200 or 1,200 as the reader's Excel shows thousands
MONEY_FORMAT = THOUSANDS_FORMAT  # whole đồng
# the query parameter and value that turn a list page into its download
EXPORT_PARAM, EXPORT_VALUE = "format", "xlsx"
# paging parameters: a download is the whole filtered list, never one page
PAGING_PARAMS = ("after", "before", "page")


@dataclass(frozen=True)
class Column:
    header: str | Promise
    kind: Literal["text", "date", "money", "number"] = "text"


def write_heading(sheet: Worksheet, lines: Sequence[str], columns: Sequence[Any]) -> int:
    """Write ``lines`` (the first is the title) above a bold header row; return the header's
    row number."""
    for line in lines:
        sheet.append([line] if line else [])
    sheet.append([str(c) for c in columns])
    sheet["A1"].font = Font(bold=True, size=13)
    header_row = len(lines) + 1
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    return header_row


def set_widths(sheet: Worksheet, widths: Iterable[float]) -> None:
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _shown_length(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == "date":
        return 10
    if kind == "money" and isinstance(value, int):
        return len(f"{value:,}")
    return len(str(value))


def list_xlsx(
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    unit: str,
    filters: Sequence[tuple[str, str]],
) -> bytes:
    """A list as XLSX. ``filters`` are (label, value) pairs as the user chose them
    (``describe_filters``); none means the whole list in the user's scope."""
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", " ", title)[:31]  # what Excel allows a sheet name
    applied = "; ".join(f"{label}: {value}" for label, value in filters)
    lines = [
        title.upper(),
        _("Đơn vị: %(unit)s") % {"unit": unit},
        _("Bộ lọc: %(filters)s") % {"filters": applied}
        if applied
        else _("Bộ lọc: không (toàn bộ danh sách trong phạm vi của bạn)"),
        _("Xuất lúc %(time)s") % {"time": f"{timezone.localtime():%d/%m/%Y %H:%M}"},
    ]
    header_row = write_heading(sheet, lines, [c.header for c in columns])
    widths = [min(max(len(str(c.header)) // 2, 8), 30) for c in columns]
    for row_number, values in enumerate(rows, start=header_row + 1):
        for position, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=position, value=value)
            if column.kind == "date" and isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif column.kind == "money":
                cell.number_format = MONEY_FORMAT
            elif column.kind == "number":
                cell.number_format = THOUSANDS_FORMAT
            elif isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=…" typed by a user is no formula
            widths[position - 1] = max(widths[position - 1], _shown_length(value, column.kind))
    set_widths(sheet, [min(width + 2, 50) for width in widths])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"
    return workbook_bytes(book)


def applied_filters(form: forms.Form) -> dict[str, Any]:
    """The filters of a list form that were given and valid, by field name."""
    values = getattr(form, "cleaned_data", {})
    return {
        name: values[name]
        for name in form.fields
        if values.get(name) not in (None, "", [], ())  # 0 is a value, "" is not
    }


def describe_filters(form: forms.Form) -> list[tuple[str, str]]:
    """The applied filters as the user chose them: the field's label and the value shown
    (a choice's label, a date as dd/mm/yyyy)."""
    described = []
    for name, value in applied_filters(form).items():
        field = form.fields[name]
        if isinstance(field, forms.ChoiceField):
            shown = dict(field.choices).get(value, value)  # type: ignore[arg-type]
        elif isinstance(value, datetime.date):
            shown = f"{value:%d/%m/%Y}"
        else:
            shown = value
        described.append((str(field.label), str(shown)))
    return described


def unit_label(unit: Any) -> str:
    """A unit named so that it cannot be confused: a commune with its province."""
    parent = unit.parent if unit.kind == "commune" else None
    return f"{unit.name}, {parent.name}" if parent is not None else str(unit.name)


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get(EXPORT_PARAM) == EXPORT_VALUE


def list_query(request: HttpRequest) -> dict[str, str]:
    """The filters of a list page's query string, without its paging and export."""
    return {
        key: str(value)
        for key, value in request.GET.items()
        if value and key not in (*PAGING_PARAMS, EXPORT_PARAM)
    }


def xlsx_url(request: HttpRequest) -> str:
    """The download of the list on this page: the same filters, every page."""
    return "?" + urlencode({**list_query(request), EXPORT_PARAM: EXPORT_VALUE})


def xlsx_response(content: bytes, *, name: str, dated: bool = True) -> HttpResponse:
    """An XLSX download named ``<name>-<yyyymmdd>.xlsx`` (``name`` in ASCII; without the
    date when ``dated`` is False), never cached: it holds personal data more often than not."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.xlsx" if dated else f"{name}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
