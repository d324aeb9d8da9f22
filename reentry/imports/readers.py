"""Opening an uploaded table: XLSX (formulas read as their saved values, never run) or CSV
(UTF-8 with or without BOM, or Windows-1258 as older Vietnamese Excel writes it). What comes
out is rows of raw cell values with their line numbers; nothing here knows what a row means.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from reentry.core.errors import DomainError

MAX_ROWS = 100_000
ENCODINGS = {"utf-8": "UTF-8", "cp1258": "Windows-1258 (CP1258)"}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .xlsm's sibling .xlsb), unsupported


class ReadError(DomainError):
    """The file cannot be read as a table; the message says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass
class Table:
    rows: list[tuple[int, list[Any]]]  # (line number in the file, cell values), header first
    format: str  # "xlsx" or "csv"
    encoding: str = ""  # for CSV: the encoding it was read with


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def check_size(size: int) -> None:
    """``ReadError`` for a file over ``IMPORT_MAX_BYTES`` (checked before it is read)."""
    if size > max_bytes():
        raise ReadError(
            _("Tệp lớn hơn giới hạn %(limit)s: chia thành nhiều tệp nhỏ hơn.")
            % {"limit": filesizeformat(max_bytes())}
        )


def read_table(data: bytes, filename: str, *, encoding: str = "") -> Table:
    """The rows of the first sheet (XLSX) or of the file (CSV); ``ReadError`` with a
    Vietnamese message for anything that cannot be read as a table."""
    name = filename.lower()
    check_size(len(data))
    if not data.strip():
        raise ReadError(_("Tệp trống: không có dòng nào."))
    if name.endswith((".xlsm", ".xltm", ".xlsb")):
        raise ReadError(_("Không nhận tệp có macro (.xlsm, .xlsb): lưu lại dưới dạng .xlsx."))
    if data.startswith(_OLE):
        raise ReadError(
            _("Tệp Excel cũ (.xls) không được hỗ trợ: mở bằng Excel và lưu lại dưới dạng .xlsx.")
        )
    if data.startswith(_ZIP):
        return _read_xlsx(data)
    if name.endswith((".xlsx", ".xls")):
        raise ReadError(_("Tệp XLSX bị hỏng hoặc không phải bảng tính Excel."))
    if name.endswith((".csv", ".txt")) or not name:
        return _read_csv(data, encoding)
    if name.endswith(".json"):
        return _read_json(data)
    raise ReadError(_("Chỉ nhận tệp bảng tính .xlsx hoặc .csv."))


# what reading a damaged workbook raises; a part whose XML is not well-formed (a character
# XML 1.0 forbids, such as U+FFFF, written by another program) is a ParseError (found by
# the import fuzzer: it was a 500)
_BROKEN = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ElementTree.ParseError)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ReadError(_("Không nhận tệp có macro: lưu lại dưới dạng .xlsx không macro."))
            if "xl/workbook.xml" not in names:
                raise ReadError(_("Tệp không phải bảng tính Excel (.xlsx)."))
            bad = archive.testzip()
            if bad is not None:
                raise zipfile.BadZipFile(bad)
        # data_only: a formula cell gives the value Excel saved with it; nothing is computed
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ReadError:
        raise
    except (*_BROKEN, InvalidFileException):
        raise ReadError(
            _("Tệp XLSX bị hỏng hoặc không đầy đủ: mở lại bằng Excel, lưu rồi tải lên lại.")
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = _keep(
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
    except _BROKEN:
        raise ReadError(
            _("Tệp XLSX bị hỏng hoặc không đầy đủ: mở lại bằng Excel, lưu rồi tải lên lại.")
        ) from None
    finally:
        book.close()
    return Table(rows, "xlsx")


def decode(data: bytes, encoding: str = "") -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with: UTF-8 (with or without
    BOM) when it is valid UTF-8, otherwise Windows-1258; or the encoding the user chose."""
    if encoding and encoding not in ENCODINGS:
        raise ReadError(_("Chọn bảng mã UTF-8 hoặc Windows-1258."))
    tried = [encoding] if encoding else ["utf-8", "cp1258"]
    for candidate in tried:
        codec = "utf-8-sig" if candidate == "utf-8" else candidate
        try:
            text = codecs.decode(data, codec)
        except UnicodeDecodeError:
            continue
        # Windows-1258 writes tones as combining marks: compose them as every form does
        return unicodedata.normalize("NFC", text), candidate
    raise ReadError(
        _(
            "Không đọc được chữ trong tệp với bảng mã %(encodings)s: lưu lại từ Excel dưới dạng "
            "“CSV UTF-8” rồi tải lên lại."
        )
        % {"encodings": ", ".join(ENCODINGS[e] for e in tried)}
    )


def _read_csv(data: bytes, encoding: str) -> Table:
    text, used = decode(data, encoding)
    if "\x00" in text:
        raise ReadError(_("Tệp không phải là văn bản CSV."))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        rows = _keep((reader.line_num, row) for row in reader)
    except csv.Error as exc:
        raise ReadError(_("Tệp CSV sai định dạng: %(error)s") % {"error": exc}) from None
    return Table(rows, "csv", used)


def _read_json(data: bytes) -> Table:
    """A JSON list of objects (the bulk API): the keys of the objects, in the order first
    seen, are the header; item N is line N + 1, as if it were a sheet."""
    try:
        items = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ReadError(_("Dữ liệu JSON không hợp lệ.")) from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ReadError(_("Gửi một mảng JSON các đối tượng, mỗi đối tượng một dòng."))
    header: dict[str, None] = {}
    for item in items:
        header.update(dict.fromkeys(str(key) for key in item))
    keys = list(header)

    def cell(value: Any) -> Any:
        if isinstance(value, dict | list):
            raise ReadError(_("Mỗi giá trị phải là chữ, số hoặc ngày, không phải danh sách."))
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    numbered = [(1, list(keys))]
    numbered += [
        (line, [cell(item.get(key)) for key in keys]) for line, item in enumerate(items, start=2)
    ]
    return Table(_keep(numbered), "json", "utf-8")


def _keep(numbered: Iterable[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """Non-blank rows, up to the header plus ``MAX_ROWS``."""
    rows = []
    for number, values in numbered:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS + 1:
            raise ReadError(
                _("Tệp có hơn %(limit)s dòng dữ liệu: chia thành nhiều tệp.")
                % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
            )
    if not rows:
        raise ReadError(_("Tệp trống: không có dòng nào."))
    return rows
