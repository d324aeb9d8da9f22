"""The province's report, from a figure to its records and out as XLSX and PDF; and an
Excel import from a commune, with its mistakes found, fixed and imported again."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest
from playwright.sync_api import expect

from e2e.conftest import TABLET, accessible, fits, screenshot

NOTICES = "Thông báo của trại giam đã nhận (lượt)"


def test_province_report_drill_down_and_downloads(site, as_user):  # type: ignore[no-untyped-def]
    page = as_user("tinh.thanhhoa")
    page.goto(f"{site.url}/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo công tác tái hòa nhập cộng đồng"
    )
    expect(page.locator("main")).to_contain_text("Tỉnh Thanh Hóa")
    accessible(page)
    screenshot(page, "report-province")
    row = page.get_by_role("row", name=re.compile("^" + re.escape(NOTICES)))
    figure = row.get_by_role("cell").first
    count = int(figure.inner_text().replace(".", ""))
    assert count > 0

    # the figure is the number of records behind it
    figure.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text(NOTICES.split(" (")[0])
    expect(page.locator("main")).to_contain_text(f"{count} bản ghi được tính vào số liệu.")
    expect(page.locator("main tbody tr")).to_have_count(count)
    fits(page)
    page.go_back()

    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Tải XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(xlsx.value.path().read_bytes()))
    summary = {row[0]: row for row in book["Tổng hợp"].iter_rows(values_only=True) if row}
    assert summary["notices_received"][1:4] == ("Thông báo của trại giam đã nhận", "lượt", count)
    assert xlsx.value.suggested_filename.endswith(".xlsx")

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Tải PDF").click()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf.value.path()).pages)
    assert "Tỉnh Thanh Hóa" in text
    assert NOTICES.split(" (")[0] in text

    # on a tablet the wide table scrolls in its own frame, not the page
    tablet = as_user("tinh.thanhhoa", viewport=TABLET)
    tablet.goto(f"{site.url}/reports/")
    fits(tablet)


def _sheet(rows: list[tuple[object, ...]], header: tuple[object, ...]) -> bytes:
    """A sheet filled in under the header of the template the officer downloaded from the
    page (not ``reentry.imports.tests.sheets``, which builds it from the code's columns)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Dữ liệu"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_with_errors_fix_and_import_again(site, as_user, tmp_path):  # type: ignore[no-untyped-def]
    page = as_user("ca.hoanghoa")
    page.goto(f"{site.url}/persons/?status=managed")
    people = []  # two files of the commune with their CCCD (a sheet names people by it)
    for row in page.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        if re.fullmatch(r"\d{12}", cells[2]) and len(people) < 2:
            people.append((cells[0], cells[2], cells[1]))  # name, CCCD, born
    if len(people) < 2:
        pytest.fail("the demo has fewer than two managed files with a CCCD on the first page")
    template = page.request.get(f"{site.url}/imports/templates/activities.xlsx")
    header = next(
        openpyxl.load_workbook(io.BytesIO(template.body()))["Dữ liệu"].iter_rows(values_only=True)
    )

    def row(person: tuple[str, str, str], day: str) -> tuple[object, ...]:
        name, cccd, born = person
        return (name, cccd, born, "Tư vấn tâm lý", day, "Tổ 3/1 thôn 3", "Thành viên mô hình",
                "Đã gặp, động viên", None, None)  # fmt: skip

    today = datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    first, second = (f"{today - datetime.timedelta(days=n):%d/%m/%Y}" for n in (6, 5))
    wrong = tmp_path / "hotro.xlsx"
    wrong.write_bytes(_sheet([row(people[0], first), row(people[1], "31/11/2026")], header))
    page.goto(f"{site.url}/imports/")
    accessible(page)
    page.get_by_label("Loại dữ liệu").select_option("activities")
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(wrong)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    errors = page.get_by_role("row", name=re.compile("^Dòng lỗi"))
    expect(errors).to_have_text(re.compile(r"^Dòng lỗi\s*1$"), timeout=60_000)
    expect(page.locator("main")).to_contain_text("31/11/2026")
    screenshot(page, "import-preview")
    accessible(page)
    page.get_by_role("button", name="Hủy để sửa tệp").click()

    fixed = tmp_path / "hotro-da-sua.xlsx"
    fixed.write_bytes(_sheet([row(people[0], first), row(people[1], second)], header))
    page.goto(f"{site.url}/imports/")
    page.get_by_label("Loại dữ liệu").select_option("activities")
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(fixed)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_role("row", name=re.compile("^Dòng lỗi"))).to_have_text(
        re.compile(r"^Dòng lỗi\s*0$"), timeout=60_000
    )
    expect(page.get_by_role("row", name=re.compile("^Sẽ tạo mới"))).to_have_text(
        re.compile(r"^Sẽ tạo mới\s*2$")
    )
    page.get_by_role("button", name="Nhập dữ liệu", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Đã nhập xong")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("row", name=re.compile("^Đã tạo mới"))).to_have_text(
        re.compile(r"^Đã tạo mới\s*2$")
    )

    page.goto(f"{site.url}/persons/?q={people[1][1]}")
    page.locator("tbody").get_by_role("link", name=people[1][0]).click()
    support = page.get_by_role("region", name=re.compile("^Hỗ trợ"))
    expect(support).to_contain_text(second)
