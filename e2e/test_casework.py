"""A commune police officer's work on a file, page by page, as in docs/user-guide.md."""

import datetime
import re
import time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from e2e.conftest import TABLET, accessible, fits, screenshot
from reentry.core.text import fold_key
from reentry.law.intake import residence_check_deadline

OFFICER = "ca.hoanghoa"  # Xã Hoằng Hóa, Tỉnh Thanh Hóa


def today() -> datetime.date:
    """The server's today (Vietnam), whatever the machine's time zone."""
    return datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def worklist_rows(page, site, name: str, task: str):  # type: ignore[no-untyped-def]
    """The rows of the officer's worklist naming ``name`` for ``task``."""
    page.goto(f"{site.url}/worklist/")
    return page.locator("tr", has_text=name).filter(has_text=task)


def register(page, site, name: str, born: str) -> str:  # type: ignore[no-untyped-def]
    """A new file through the form; its address."""
    page.goto(f"{site.url}/persons/new/")
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Ngày sinh").fill(born)
    page.get_by_label("Địa chỉ nơi cư trú").fill("Thôn 4, Xã Hoằng Hóa")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    return page.url


def test_register_a_person_with_the_duplicate_warning(site, as_user):  # type: ignore[no-untyped-def]
    page = as_user(OFFICER, viewport=TABLET)
    page.goto(f"{site.url}/persons/")
    held = [
        (cells[0].strip(), cells[1].strip())
        for cells in (row.locator("td").all_inner_texts() for row in page.locator("tbody tr").all())
        if re.fullmatch(r"\d\d/\d\d/\d{4}", cells[1].strip())
    ]
    if not held:
        pytest.fail("the demo has no file with a full day of birth on the list's first page")
    name, born = held[0]

    page.get_by_role("link", name="Lập hồ sơ mới").click()
    fits(page)
    accessible(page)
    # a mistyped date first: the form says what is wrong and keeps what was typed
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Ngày sinh").fill("31/02/1980")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Địa chỉ nơi cư trú").fill("Thôn 4, Xã Hoằng Hóa")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lập hồ sơ mới")
    expect(page.locator(".field-error, .errorlist").first).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value(name)
    expect(page.get_by_label("Số điện thoại")).to_have_value("0912 345 678")
    expect(page.get_by_label("Địa chỉ nơi cư trú")).to_have_value("Thôn 4, Xã Hoằng Hóa")

    # the same name and day of birth as a file already held: warned, not saved
    page.get_by_label("Ngày sinh").fill(born)
    page.get_by_role("button", name="Lưu").click()
    warning = page.locator("section.card-warning")
    expect(warning).to_contain_text(name)
    expect(warning).to_contain_text(born)
    screenshot(page, "person-create-duplicate")
    accessible(page)
    expect(page.get_by_label("Số điện thoại")).to_have_value("0912 345 678")

    # the officer has checked: another person of the same name
    page.get_by_label(re.compile("Tôi đã kiểm tra")).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("main")).to_contain_text("Xã Hoằng Hóa")
    expect(page.locator("main")).to_contain_text(born)


def test_release_notice_residence_check_and_reporting(site, as_user):  # type: ignore[no-untyped-def]
    page = as_user(OFFICER)
    person = register(page, site, "Lương Văn Khải", "12/03/1990")
    # the prison wrote three weeks before the release, which was yesterday
    received, released = today() - datetime.timedelta(days=22), today() - datetime.timedelta(days=1)
    page.get_by_role("link", name="Ghi thông báo trại giam").click()
    accessible(page)
    page.get_by_label("Trại giam gửi thông báo").fill("Trại giam Thanh Phong")
    page.get_by_label("Ngày nhận thông báo").fill(dmy(received))
    page.get_by_label("Ngày dự kiến ra trại").fill(dmy(released))
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(re.escape(person)))
    intake = page.get_by_role("region", name="Tiếp nhận", exact=True)
    # the deadline as the law counts it: 3 working days, weekends and holidays left out
    expect(intake).to_contain_text(f"hạn {dmy(residence_check_deadline(received))}")
    expect(intake).to_contain_text("Trình diện: chưa")

    # it is on the worklist until it is done
    expect(worklist_rows(page, site, "Lương Văn Khải", "Xác minh nơi cư trú")).to_have_count(1)

    page.goto(person)
    page.get_by_role("link", name="Ghi kết quả tiếp nhận").click()
    page.get_by_label("Ngày xác minh nơi cư trú").fill(dmy(received + datetime.timedelta(days=2)))
    page.get_by_label("Kết quả xác minh").fill("Có mặt tại nơi cư trú cùng gia đình")
    page.get_by_label("Ngày trình diện tại UBND xã").fill(dmy(today()))
    page.get_by_label("Ngày ký cam kết").fill(dmy(today()))
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(re.escape(person)))
    intake = page.get_by_role("region", name="Tiếp nhận", exact=True)
    expect(intake).to_contain_text(f"Trình diện: {dmy(today())}")
    expect(intake).not_to_contain_text("Trình diện: chưa")

    expect(worklist_rows(page, site, "Lương Văn Khải", "Xác minh nơi cư trú")).to_have_count(0)


def test_record_support_from_the_person_page(site, as_user):  # type: ignore[no-untyped-def]
    page = as_user(OFFICER)
    person = register(page, site, "Hà Văn Lợi", "01/06/1985")
    page.get_by_role("link", name="Ghi hoạt động hỗ trợ").click()
    page.get_by_label("Loại hỗ trợ").select_option(label="Trợ giúp xã hội (tiền, hiện vật)")
    day = dmy(today() - datetime.timedelta(days=4))
    page.get_by_label(re.compile(r"^Ngày( \*)?$")).fill(day)
    page.get_by_label("Người, cơ quan hỗ trợ").fill("Hội Liên hiệp Phụ nữ xã")
    page.get_by_label("Kết quả").fill("Hỗ trợ tiền mua giống")
    page.get_by_label("Số tiền (đồng), nếu có").fill("2690000")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(re.escape(person)))
    support = page.get_by_role("region", name=re.compile("^Hỗ trợ"))
    expect(support).to_contain_text("Trợ giúp xã hội")
    expect(support).to_contain_text(day)
    # money as it is written in Vietnam: dots between thousands, then đ
    expect(support).to_contain_text("2.690.000 đ")

    # the person moves: the commune is found by its name typed without diacritics
    page.get_by_role("link", name="Chuyển hồ sơ").click()
    page.get_by_label("Tìm xã, phường chuyển đến theo tên").fill("hoang giang")
    destination = page.get_by_label("Xã Hoằng Giang, Tỉnh Thanh Hóa (mã 15880)")
    destination.check()
    page.get_by_label("Ngày chuyển").fill(dmy(today()))
    page.get_by_label("Địa chỉ nơi cư trú mới").fill("Thôn 2, Xã Hoằng Giang")
    page.get_by_label("Lý do chuyển").fill("Về ở với gia đình")
    expect(page.locator(".confirm-box")).to_contain_text("Việc này không hoàn tác được")
    fits(page)
    accessible(page)
    page.get_by_label(re.compile("Tôi xác nhận chuyển hồ sơ")).check()
    page.get_by_role("button", name="Chuyển hồ sơ", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Xã Hoằng Giang")
    response = page.goto(person)
    assert response is not None
    assert response.status == 404


def test_create_an_initiative_and_assign_people(site, as_user):  # type: ignore[no-untyped-def]
    page = as_user(OFFICER)
    person = register(page, site, "Đinh Công Mạnh", "15/09/1992")
    number = person.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{site.url}/initiatives/")
    page.get_by_role("link", name="Lập mô hình mới").click()
    page.get_by_label("Tên mô hình").fill("Tổ 3/1 thôn 7, xã Hoằng Hóa")
    page.get_by_label("Ngày ra mắt").fill("01/12/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổ 3/1 thôn 7, xã Hoằng Hóa")
    page.get_by_role("link", name="Phân công giúp đỡ").click()
    # the person is found by name, typed without diacritics, not by a file number
    page.get_by_label("Tìm người theo tên").fill("dinh cong manh")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_label(f"Đinh Công Mạnh — 15/09/1992 — Xã Hoằng Hóa (#{number})").check()
    page.get_by_label("Giúp đỡ từ ngày").fill("02/12/2026")
    fits(page)
    accessible(page)
    page.get_by_role("button", name="Phân công", exact=True).click()
    helped = page.get_by_role("region", name="Người được giúp đỡ")
    expect(helped.get_by_role("link", name="Đinh Công Mạnh")).to_be_visible()
    screenshot(page, "initiative")
    page.goto(person)
    expect(page.locator("main")).to_contain_text("Tổ 3/1 thôn 7, xã Hoằng Hóa")


def test_classify(site, as_user):  # type: ignore[no-untyped-def]
    page = as_user(OFFICER)
    person = register(page, site, "Kiều Văn Nam", "20/10/1988")
    page.get_by_role("link", name="Phân loại", exact=True).click()
    accessible(page)
    # grade C without saying what happened: refused, the choice kept
    page.get_by_role("radio", name=re.compile("^Loại C")).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Bắt buộc với loại C, D").first).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("^Loại C"))).to_be_checked()
    page.get_by_label("Diễn biến, lý do").fill("Tụ tập uống rượu, gây mất trật tự ngày 28/11/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(re.escape(person)))
    expect(page.get_by_role("heading", name=re.compile("Phân loại"))).to_contain_text("Loại C")


def test_expungement_certificate_seals_the_file(site, as_user):  # type: ignore[no-untyped-def]
    page = as_user(OFFICER)
    page.goto(f"{site.url}/worklist/")
    rows = page.locator("tbody tr", has_text="Hướng dẫn đề nghị cấp phiếu lý lịch tư pháp")
    if not rows.count():
        pytest.fail("the demo has no file due for expungement on the commune's worklist")
    row = rows.first
    name = row.locator("a").first.inner_text().strip()
    row.locator("a").first.click()
    person = page.url
    page.get_by_role("link", name="Ghi phiếu lý lịch tư pháp, quyết định").click()
    page.get_by_label("Số phiếu, số quyết định").fill("1234/STP-LLTP")
    page.get_by_label("Cơ quan cấp, Tòa án").fill("Sở Tư pháp tỉnh Thanh Hóa")
    page.get_by_label("Ngày cấp, ngày quyết định").fill("01/12/2026")
    warning = page.locator(".confirm-box")
    expect(warning).to_contain_text("Việc này không hoàn tác được")
    expect(warning).to_contain_text(f"hồ sơ của {name} kết thúc quản lý")
    # not ticked: refused, what was typed kept, the file still there
    page.get_by_role("button", name="Ghi và niêm phong hồ sơ").click()
    expect(page.get_by_text("Chưa ghi gì: giấy tờ này niêm phong hồ sơ")).to_be_visible()
    expect(page.get_by_label("Số phiếu, số quyết định")).to_have_value("1234/STP-LLTP")
    page.get_by_label(re.compile("Tôi đã đối chiếu giấy tờ gốc")).check()
    page.get_by_role("button", name="Ghi và niêm phong hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/persons/$"))
    # the file is sealed: no longer among the files the officer works on
    page.goto(f"{site.url}/persons/?q={name}")
    expect(page.locator("tbody").get_by_role("link", name=name)).to_have_count(0)
    response = page.goto(person)
    assert response is not None
    assert response.status == 404
    page.goto(f"{site.url}/persons/sealed/")
    screenshot(page, "sealed-search")


def settled_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The names on the list once its live filter has shown its last answer.

    The filter form updates the results as each field changes (htmx, one request after the
    other), so the address can already carry ``status=managed`` while the rows are still those
    of an earlier answer. Wait until no request is running and the rows are in name order,
    for at most ten seconds; the caller asserts the order."""
    deadline = time.monotonic() + 10
    while True:
        expect(page.locator("form.filters.htmx-request")).to_have_count(0)
        names = page.locator("tbody tr td:first-child").all_inner_texts()
        if (names and names == sorted(names, key=fold_key)) or time.monotonic() > deadline:
            return names
        page.wait_for_timeout(100)


def test_the_list_filters_stay_in_the_address(site, as_user):  # type: ignore[no-untyped-def]
    """A filtered list can be bookmarked, sent, reloaded: the filters are in its URL."""
    page = as_user(OFFICER)
    page.goto(f"{site.url}/persons/")
    page.get_by_label("Tình trạng").select_option("managed")
    page.get_by_label("Sắp xếp").select_option(label="Tên A-Z")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"status=managed.*sort=name"))
    expect(page.locator(".field-error, .errorlist")).to_have_count(0)
    names = settled_names(page)
    assert names
    assert names == sorted(names, key=fold_key), "the list is not in name order"
    statuses = page.locator("tbody tr td:last-child").all_inner_texts()
    assert set(statuses) == {"Đang quản lý"}
    page.reload()
    expect(page.get_by_label("Tình trạng")).to_have_value("managed")
    assert page.locator("tbody tr td:first-child").all_inner_texts() == names
