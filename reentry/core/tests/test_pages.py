import re

import pytest
from django.test import Client

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_then_home_shows_role_and_unit(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865", full_name="Trần Thị Lan")
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    step = client.post(
        "/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert "Xác thực hai lớp" in step.content.decode()
    response = client.post(
        "/accounts/2fa/", {"code": str(totp(device.bin_key)).zfill(6), "next": "/"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xin chào, Trần Thị Lan" in html
    assert "Cán bộ Công an xã" in html
    assert "Xã Hoằng Hóa" in html
    assert 'lang="vi"' in html


def test_navigation_shows_only_what_the_role_holds(make_user, client_for, monkeypatch):
    from reentry.access import context_processors
    from reentry.access.navigation import NAV_ITEMS, NavItem
    from reentry.access.permissions import Permission

    files = NavItem("Hồ sơ thử", "core:home", Permission.PERSON_VIEW, "persons")
    monkeypatch.setattr(context_processors, "NAV_ITEMS", (*NAV_ITEMS, files))
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN")).get("/").content.decode()
    assert "Đơn vị hành chính" in analyst
    assert "Hồ sơ thử" not in analyst
    officer = client_for(make_user(Role.COMMUNE_OFFICER, "15865")).get("/").content.decode()
    assert "Hồ sơ thử" in officer


def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(make_user, client_for):
    client = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đổi mật khẩu" in html


def test_english_when_the_user_chooses_it(make_user, client_for):
    client = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Change password" in html
    assert "Commune police officer" in html


def test_login_page_loads_nothing_from_outside(client):
    html = client.get("/accounts/login/").content.decode()
    external = re.findall(r'(?:src|href)="(https?:)?//', html)
    assert external == []


def test_health_check_reports_the_database(client):
    response = client.get("/health/")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_pages_need_login(client):
    for url in ["/", "/accounts/password/", "/units/15865/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_an_account_without_role_or_unit_cannot_log_in(make_user):
    from reentry.accounts.models import User

    User.objects.create_user(username="khongvaitro", password=TEST_PASSWORD)
    response = Client().post(
        "/accounts/login/", {"username": "khongvaitro", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "chưa được giao vai trò" in response.content.decode()
