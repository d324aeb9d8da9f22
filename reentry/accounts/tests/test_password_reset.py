"""A forgotten password: the administrator in scope gives a temporary one, shown once; the
user logs in with it and their second factor, and every page leads to the password change
until they have chosen their own."""

import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from reentry.accounts.roles import Role
from reentry.accounts.services import TEMPORARY_PASSWORD_ALPHABET
from reentry.accounts.tests.factories import TEST_PASSWORD
from reentry.accounts.tests.test_two_factor import code_of, password_login
from reentry.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-khau-moi-cua-toi-2027"


@pytest.fixture
def officer(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865", username="ca.quen")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.SYSADMIN, "38")


def reset(client: Client, username: str):
    return client.post("/accounts/locked/reset-password/", {"username": username})


def temporary_password_of(response) -> str:
    match = re.search(r'<code class="secret">([^<]+)</code>', response.content.decode())
    assert match, "the page shows the temporary password"
    return match.group(1)


def logged_in_with_second_factor(user, password: str) -> Client:
    client = Client()
    response = password_login(client, user, password=password)
    assert response.status_code == 302, "the password is accepted"
    device = TOTPDevice.objects.get(user=user)
    verified = client.post(
        "/accounts/2fa/", {"code": code_of(device), "next": "/persons/"}, REMOTE_ADDR="10.0.0.1"
    )
    assert verified.status_code == 302
    return client


def test_the_login_page_says_what_to_do_when_the_password_is_forgotten():
    login = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/forgotten/"' in login
    assert "Quên mật khẩu?" in login
    page = Client().get("/accounts/password/forgotten/")
    assert page.status_code == 200
    assert "quản trị hệ thống" in page.content.decode()


def test_a_temporary_password_must_be_changed_before_any_other_page(
    officer, admin_user, client_for
):
    response = reset(client_for(admin_user), officer.username)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # shown once: never kept by a browser
    temporary = temporary_password_of(response)
    assert re.fullmatch(
        rf"[{TEMPORARY_PASSWORD_ALPHABET}]{{4}}(-[{TEMPORARY_PASSWORD_ALPHABET}]{{4}}){{2}}",
        temporary,
    )
    # the old password no longer works; the temporary one does, with the second factor
    assert password_login(Client(), officer, password=TEST_PASSWORD).status_code == 200
    client = logged_in_with_second_factor(officer, temporary)
    for path in ("/persons/", "/worklist/", "/"):
        assert client.get(path)["Location"] == "/accounts/password/"
    api = client.get("/api/v1/worklist/")
    assert api.status_code == 403
    assert "mật khẩu tạm thời" in api.json()["detail"]
    page = client.get("/accounts/password/").content.decode()
    assert "Bạn đang dùng mật khẩu tạm thời" in page
    # the same password again is refused, and the user stays on the page
    same = client.post(
        "/accounts/password/",
        {"old_password": temporary, "new_password1": temporary, "new_password2": temporary},
    )
    assert "Mật khẩu mới phải khác mật khẩu đang dùng." in same.content.decode()
    changed = client.post(
        "/accounts/password/",
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert client.get("/persons/").status_code == 200
    officer.refresh_from_db()
    assert not officer.password_change_required
    assert officer.check_password(NEW_PASSWORD)


def test_the_reset_is_audited_without_the_password_and_clears_the_lockout(
    officer, admin_user, client_for, settings
):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        password_login(Client(), officer, password="sai-mat-khau")
    assert AccessAttempt.objects.filter(username=officer.username).exists()
    temporary = temporary_password_of(reset(client_for(admin_user), officer.username))
    assert not AccessAttempt.objects.filter(username=officer.username).exists()
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert (event.object_id, event.actor) == (str(officer.pk), admin_user)
    assert temporary not in str(event.changes) + event.summary


def test_only_the_administrator_in_scope_and_never_for_their_own_account(
    officer, admin_user, make_user, client_for
):
    other_province = client_for(make_user(Role.SYSADMIN, "31"))
    refused = reset(other_province, officer.username)
    assert refused.status_code == 302
    assert (
        "không có quyền cấp mật khẩu tạm thời"
        in other_province.get("/accounts/locked/").content.decode()
    )
    admin = client_for(admin_user)
    reset(admin, admin_user.username)
    assert "không có quyền cấp mật khẩu tạm thời" in admin.get("/accounts/locked/").content.decode()
    province_officer = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    assert reset(province_officer, officer.username).status_code == 403
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)
    assert not officer.password_change_required
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET).exists()


def test_the_command_prints_a_temporary_password(officer, capsys):
    call_command("reset_password", officer.username)
    temporary = capsys.readouterr().out.strip()
    officer.refresh_from_db()
    assert officer.check_password(temporary)
    assert officer.password_change_required
