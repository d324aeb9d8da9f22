"""Lockout as an attacker and an officer meet it: by username and address together, the
hourly account limit, the Vietnamese page, and the administrator's unlock."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import TEST_PASSWORD
from reentry.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def attempt(username, password, ip):
    return Client().post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logs_in(username, ip):
    response = attempt(username, TEST_PASSWORD, ip)
    return response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865", username="ca.khoa")


def test_failures_lock_the_username_at_that_address_only(officer, make_user, settings):
    colleague = make_user(Role.COMMUNE_OFFICER, "15865", username="ca.dongnghiep")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(officer.username, "sai-mat-khau", "10.1.1.1")
    locked = attempt(officer.username, TEST_PASSWORD, "10.1.1.1")  # even the right password
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert f"trong {settings.LOGIN_COOLOFF_MINUTES} phút" in html
    assert "Hãy thử lại sau" in html
    assert "quản trị hệ thống" in html
    # the same office (same address) still works for everyone else, and the officer
    # works from another address: never locked by address alone
    assert logs_in(colleague.username, "10.1.1.1")
    assert logs_in(officer.username, "10.9.9.9")
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_LOCKED)
    assert (event.object_id, event.ip_address, event.changes) == (
        str(officer.pk),
        "10.1.1.1",
        {"reason": "address"},
    )


def test_the_lock_ends_after_the_cool_off(officer, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(officer.username, "sai-mat-khau", "10.1.1.1")
    assert not logs_in(officer.username, "10.1.1.1")
    earlier = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert logs_in(officer.username, "10.1.1.1")


def fail_from_many_addresses(username, count):
    now = timezone.now()
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(
            username=username,
            ip_address=f"10.2.{i // 250}.{i % 250 + 1}",
            user_agent="bot",
            http_accept="*/*",
            path_info="/accounts/login/",
            attempt_time=now - datetime.timedelta(seconds=30 * i),
        )
        for i in range(count)
    )


def test_at_most_100_failures_per_account_per_hour_from_all_addresses(officer, settings):
    assert settings.ACCOUNT_FAILURES_PER_HOUR == 100
    fail_from_many_addresses(officer.username, 99)
    assert logs_in(officer.username, "10.3.3.3")  # 99: still allowed
    fail_from_many_addresses(officer.username, 1)
    refused = attempt(officer.username, TEST_PASSWORD, "10.3.3.4")
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "đã bị nhập sai quá 100 lần trong một giờ" in html
    assert "Hãy thử lại sau" in html
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.ACCOUNT_LOCKED, changes__reason="hourly"
        ).count()
        == 1
    )
    # failures older than an hour do not count
    AccessFailureLog.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=2))
    assert logs_in(officer.username, "10.3.3.4")


def test_the_administrator_sees_locked_accounts_in_scope_and_unlocks(
    officer, make_user, client_for, settings
):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(officer.username, "sai-mat-khau", "10.1.1.1")
    admin_user = make_user(Role.SYSADMIN, "38")
    admin = client_for(admin_user)
    page = admin.get("/accounts/locked/").content.decode()
    assert officer.username in page
    assert "10.1.1.1" in page
    # another province's administrator does not see it, nor may unlock it
    other = client_for(make_user(Role.SYSADMIN, "31"))
    assert officer.username not in other.get("/accounts/locked/").content.decode()
    refused = other.post("/accounts/locked/unlock/", {"username": officer.username}, follow=True)
    assert "không có quyền mở khóa" in refused.content.decode()
    assert not logs_in(officer.username, "10.1.1.1")
    # an officer may not open the page
    assert (
        client_for(make_user(Role.PROVINCE_OFFICER, "38")).get("/accounts/locked/").status_code
        == 403
    )

    done = admin.post("/accounts/locked/unlock/", {"username": officer.username}, follow=True)
    assert "Đã mở khóa đăng nhập" in done.content.decode()
    assert logs_in(officer.username, "10.1.1.1")
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_UNLOCKED)
    assert (event.object_id, event.actor) == (str(officer.pk), admin_user)


def test_unlock_clears_the_hourly_count_too(officer, make_user, client_for):
    fail_from_many_addresses(officer.username, 100)
    admin = client_for(make_user(Role.SYSADMIN, "VN"))
    assert officer.username in admin.get("/accounts/locked/").content.decode()
    admin.post("/accounts/locked/unlock/", {"username": officer.username})
    assert logs_in(officer.username, "10.3.3.3")
