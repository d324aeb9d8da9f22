"""Files that are not what they should be: each refused with a message that says why."""

import io
import unicodedata

import pytest
from openpyxl import Workbook

from reentry.imports.readers import MAX_ROWS, ReadError, decode, read_table


def to_cp1258(text):
    """As older Vietnamese Excel writes it: base letters precomposed where Windows-1258 has
    them (â, ê, ô, ă, ơ, ư, đ), tone marks as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
            marks = "".join(p for p in parts if p in tones)
            out.append(base.encode("cp1258") + marks.encode("cp1258"))
    return b"".join(out)


def workbook_bytes(rows):
    book = Workbook()
    for values in rows:
        book.active.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_is_read_with_its_line_numbers_and_blank_rows_skipped():
    table = read_table(workbook_bytes([["Họ và tên"], [None], ["An"]]), "a.xlsx")
    assert table.rows == [(1, ["Họ và tên"]), (3, ["An"])]


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "a.xlsx", "trống"),
        (b"   \n", "a.csv", "trống"),
        (b"%PDF-1.4 not a sheet", "a.pdf", ".xlsx hoặc .csv"),
        (b"not a zip at all", "a.xlsx", "hỏng"),
        (b"\xd0\xcf\x11\xe0old excel", "a.xls", ".xls"),
        (b"PK\x03\x04whatever", "a.xlsm", "macro"),
    ],
)
def test_files_that_are_not_tables(data, name, says):
    with pytest.raises(ReadError, match=says):
        read_table(data, name)


def test_a_truncated_xlsx():
    whole = workbook_bytes([["Họ và tên"], ["An"]])
    with pytest.raises(ReadError, match="hỏng"):
        read_table(whole[: len(whole) // 2], "a.xlsx")


def test_an_xlsx_whose_xml_is_not_well_formed():
    """Found by the import fuzzer: a character XML forbids, written into the sheet by
    another program, made the reader raise a ParseError (a 500) instead of saying so."""
    book = Workbook()
    book.active.append(["Họ và tên", "Nguyễn Văn An\uffff"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ReadError, match="hỏng"):
        read_table(out.getvalue(), "so.xlsx")


def test_csv_encodings():
    text = "Họ và tên;Địa chỉ\r\nNguyễn Văn An;Hoằng Hóa\r\n"
    assert read_table(text.encode(), "a.csv").rows[1] == (2, ["Nguyễn Văn An", "Hoằng Hóa"])
    assert read_table(b"\xef\xbb\xbf" + text.encode(), "a.csv").rows[0][1][0] == "Họ và tên"
    legacy = to_cp1258("Nguyễn Văn An")
    decoded, used = decode(legacy)
    assert used == "cp1258"
    assert decoded == "Nguyễn Văn An"  # composed again, as every form stores it
    with pytest.raises(ReadError, match="UTF-8"):
        decode(legacy, "utf-8")


def test_more_rows_than_the_limit():
    lines = "\n".join(["a"] + ["1"] * (MAX_ROWS + 1))
    with pytest.raises(ReadError, match=r"100\.000"):
        read_table(lines.encode(), "a.csv")
    assert (
        len(read_table("\n".join(["a"] + ["1"] * MAX_ROWS).encode(), "a.csv").rows) == MAX_ROWS + 1
    )


def test_a_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ReadError, match="giới hạn"):
        read_table(b"a" * 101, "a.csv")
