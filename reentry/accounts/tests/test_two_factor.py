"""The login as a user meets it: password, then the authenticator (enrolment the first
time, with backup codes), through the real forms with real codes."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import TEST_PASSWORD, api_token_key
from reentry.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits)).zfill(6)


def password_login(client: Client, user, ip="10.0.0.1", password=TEST_PASSWORD):
    return client.post(
        "/accounts/login/?next=/persons/",
        {"username": user.username, "password": password, "next": "/persons/"},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865", username="ca.thu")


def test_first_login_enrols_the_app_shows_backup_codes_once_then_opens_the_page(officer):
    client = Client()
    response = password_login(client, officer)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/?next=")
    setup = client.get(response["Location"], follow=True)
    html = setup.content.decode()
    assert setup.redirect_chain[-1][0].startswith("/accounts/2fa/setup/")
    assert "<svg" in html
    assert "<script" not in html.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7=]+)</code>', html).group(1)
    import base64

    assert base64.b32decode(secret) == device.bin_key  # the secret in text is the device's

    wrong = client.post("/accounts/2fa/setup/", {"code": "000000", "next": "/persons/"})
    assert wrong.status_code == 400
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert client.get("/persons/")["Location"].startswith("/accounts/2fa/")  # still locked

    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's own back-off after a wrong code
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/accounts/2fa/setup/", {"code": code_of(device), "next": "/persons/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/persons/").status_code == 200
    # shown once: the account page counts them, never shows them again
    account = client.get("/accounts/password/").content.decode()
    assert "Còn 10 mã dự phòng" in account
    assert codes[0] not in account
    actions = list(AuditEvent.objects.filter(actor=officer).values_list("action", flat=True))
    assert AuditAction.TWO_FACTOR_ENROLLED in actions
    assert AuditAction.TWO_FACTOR_FAILED in actions


@pytest.fixture
def enrolled(officer):
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    static = officer.staticdevice_set.create(name="backup", confirmed=True)
    static.token_set.create(token="abcd2345")
    return device


def test_a_later_login_asks_for_the_code_and_until_then_no_page_opens(officer, enrolled):
    client = Client()
    step = password_login(client, officer)
    assert step["Location"].startswith("/accounts/2fa/?next=")
    for url in ("/", "/persons/", "/accounts/password/", "/reports/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/?next="), url
    page = client.get("/accounts/2fa/?next=/persons/")
    assert page.status_code == 200
    assert "Xác thực hai lớp" in page.content.decode()
    ok = client.post("/accounts/2fa/", {"code": code_of(enrolled), "next": "/persons/"})
    assert ok["Location"] == "/persons/"
    assert client.get("/persons/").status_code == 200


def test_a_backup_code_works_once(officer, enrolled):
    client = Client()
    password_login(client, officer)
    ok = client.post("/accounts/2fa/", {"code": "ABCD 2345", "next": "/"}, follow=True)
    assert "Đã dùng một mã dự phòng; còn 0 mã" in ok.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.BACKUP_CODE_USED, actor=officer).exists()
    other = Client()
    password_login(other, officer)
    again = other.post("/accounts/2fa/", {"code": "abcd2345", "next": "/"})
    assert again.status_code == 400
    assert other.get("/")["Location"].startswith("/accounts/2fa/")


def test_a_session_api_call_before_the_second_factor_is_403_but_a_token_needs_none(
    officer, enrolled
):
    client = Client()
    password_login(client, officer)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert "chưa xác thực hai lớp" in response.json()["detail"]
    token_call = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {api_token_key(officer)}")
    assert token_call.status_code == 200


def test_wrong_codes_count_as_failed_logins_and_lock_out(officer, enrolled, settings):
    client = Client()
    password_login(client, officer)
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        wrong = client.post("/accounts/2fa/", {"code": "111111"}, REMOTE_ADDR="10.0.0.1")
        assert wrong.status_code == 400
    locked = client.post("/accounts/2fa/", {"code": "111111"}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    assert "Hãy thử lại sau" in locked.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/login/")  # logged out
    # the password alone does not get back in from this address
    assert password_login(Client(), officer).status_code == 429
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.ACCOUNT_LOCKED, actor_username=officer.username
        ).count()
        == 1
    )


def test_backup_codes_are_regenerated_from_the_account_page(officer, enrolled, client_for):
    client = client_for(officer)
    response = client.post("/accounts/2fa/backup-codes/")
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert not StaticToken.objects.filter(token="abcd2345").exists()  # the old one is void
    assert AuditEvent.objects.filter(
        action=AuditAction.BACKUP_CODES_REGENERATED, actor=officer
    ).exists()


def test_the_administrator_resets_a_lost_authenticator(officer, enrolled, make_user, client_for):
    admin = make_user(Role.SYSADMIN, "38")
    outsider = make_user(Role.SYSADMIN, "31")
    refused = client_for(outsider).post(
        "/accounts/locked/reset-2fa/", {"username": officer.username}, follow=True
    )
    assert "không có quyền" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert (
        client_for(officer)
        .post("/accounts/locked/reset-2fa/", {"username": officer.username})
        .status_code
        == 403
    )
    done = client_for(admin).post(
        "/accounts/locked/reset-2fa/", {"username": officer.username}, follow=True
    )
    assert "Đã đặt lại xác thực hai lớp" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert (event.actor, event.object_id) == (admin, str(officer.pk))
    client = Client()
    step = password_login(client, officer)
    assert client.get(step["Location"])["Location"].startswith("/accounts/2fa/setup/")
