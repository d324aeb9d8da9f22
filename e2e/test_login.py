"""Logging in: password, then the second factor; a wrong code keeps the officer out."""

import re

from playwright.sync_api import expect

from e2e.conftest import LAPTOP, PASSWORD, TABLET, accessible, fits, screenshot


def test_login_with_the_second_factor(site, browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{site.url}/persons/")
    expect(page).to_have_url(f"{site.url}/accounts/login/?next=/persons/")
    fits(page)
    accessible(page)

    page.get_by_label("Tên đăng nhập").fill("ca.hoanggiang")
    page.get_by_label("Mật khẩu").fill("not the password")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("ca.hoanggiang")

    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    code = page.get_by_label("Mã xác thực")
    expect(code).to_be_visible()
    accessible(page)
    real = site.code("ca.hoanggiang")
    code.fill(f"{(int(real) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/\?next=%2Fpersons%2F$"))

    # after a wrong code the next try is held back a second (django-otp's throttling),
    # about the time a person takes to type again
    page.wait_for_timeout(1500)
    page.get_by_label("Mã xác thực").fill(real)  # not used yet: the wrong one was typed instead
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(f"{site.url}/persons/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ")
    expect(page.locator("header.topbar")).to_contain_text("Xã Hoằng Giang")
    context.close()


def test_the_login_page_on_a_laptop(site, browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{site.url}/accounts/login/")
    fits(page)
    screenshot(page, "login")
    context.close()
