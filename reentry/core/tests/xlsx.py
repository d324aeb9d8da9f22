"""Reading a downloaded list the way a user sees it in Excel (shared by the export tests)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import load_workbook

from reentry.core.xlsx import CONTENT_TYPE

HEADER_ROW = 5  # title, unit, filters, time of export, then the header


def open_download(response: Any) -> Any:
    """The workbook of an XLSX download (and it must be one)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def _value(cell: Any) -> Any:
    """A date cell reads back as a midnight datetime: give the date the user sees."""
    return cell.date() if isinstance(cell, datetime.datetime) else cell


def sheet_rows(response: Any) -> list[list[Any]]:
    """Every row of the first sheet; date cells as dates (text stays text)."""
    sheet = open_download(response).active
    return [[_value(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def header(response: Any) -> list[str]:
    return sheet_rows(response)[HEADER_ROW - 1]


def records(response: Any) -> list[dict[str, Any]]:
    """One dict per data row, by header."""
    rows = sheet_rows(response)
    names = rows[HEADER_ROW - 1]
    return [dict(zip(names, row, strict=True)) for row in rows[HEADER_ROW:]]


def column(response: Any, name: str) -> list[Any]:
    return [record[name] for record in records(response)]


def every_text(response: Any) -> str:
    """Every cell of every sheet, as one text: what a search in Excel would find."""
    book = open_download(response)
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
