"""API tokens: shown once, stored as a hash, expire, revoked from a command or the page."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from reentry.accounts.models import ApiToken
from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.accounts.tokens import token_hash
from reentry.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def me(key):
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE_OFFICER, "38", username="tinh.test")


def test_issue_token_prints_a_key_once_that_authenticates_and_keeps_only_its_hash(
    province, capsys, settings
):
    call_command("issue_token", "tinh.test", "--name", "báo cáo tỉnh")
    captured = capsys.readouterr()
    key = captured.out.strip()
    assert len(key) == 40
    assert "hết hạn" in captured.err
    response = me(key)
    assert response.status_code == 200
    assert response.json()["unit"]["code"] == "38"
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(key)
    assert key not in token.key_hash
    assert token.prefix == key[:8]
    assert token.last_used_at is not None
    assert (token.expires_at - token.created_at).days == settings.API_TOKEN_DAYS
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_ISSUED)
    assert key not in str(event.changes)
    assert event.changes["prefix"] == key[:8]

    call_command("issue_token", "tinh.test", "--rotate", "--days", "7")
    rotated = capsys.readouterr().out.strip()
    assert me(rotated).status_code == 200
    old = me(key)
    assert old.status_code == 401
    assert "đã bị thu hồi" in old.json()["detail"]


def test_an_expired_token_is_refused_with_401_and_says_so(province):
    key = api_token_key(province, days=1)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = me(key)
    assert response.status_code == 401
    assert "đã hết hạn" in response.json()["detail"]
    assert me("0" * 40).json()["detail"] == "Mã truy cập API không hợp lệ."


def test_revoke_token_command(province, capsys):
    first = api_token_key(province)
    second = api_token_key(province)
    call_command("revoke_token", "tinh.test", "--prefix", first[:8])
    assert "Đã thu hồi 1 mã" in capsys.readouterr().out
    assert me(first).status_code == 401
    assert me(second).status_code == 200
    call_command("revoke_token", "tinh.test")
    assert me(second).status_code == 401
    with pytest.raises(CommandError, match="không có mã truy cập API nào") as excinfo:
        call_command("revoke_token", "tinh.test")
    assert excinfo.value.returncode == 2
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).count() == 2


def test_issue_token_refuses_bad_days(province):
    with pytest.raises(CommandError, match="Số ngày hiệu lực") as excinfo:
        call_command("issue_token", "tinh.test", "--days", "0")
    assert excinfo.value.returncode == 2
    assert not ApiToken.objects.exists()


def test_the_account_page_lists_own_tokens_and_revokes_them(province, make_user, client_for):
    key = api_token_key(province, name="máy chủ báo cáo")
    stranger = make_user(Role.PROVINCE_OFFICER, "31")
    other_key = api_token_key(stranger)
    client = client_for(province)
    page = client.get("/accounts/password/").content.decode()
    assert f"{key[:8]}…" in page
    assert "máy chủ báo cáo" in page
    assert other_key[:8] not in page
    token = ApiToken.objects.get(user=province)
    theirs = ApiToken.objects.get(user=stranger)
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert me(other_key).status_code == 200
    done = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "Đã thu hồi mã truy cập" in done.content.decode()
    assert me(key).status_code == 401
    assert "Đã thu hồi ngày" in client.get("/accounts/password/").content.decode()
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKED)
    assert (event.actor, event.changes["prefix"]) == (province, key[:8])


def test_a_deactivated_users_token_is_refused(province):
    key = api_token_key(province)
    province.is_active = False
    province.save()
    assert me(key).status_code == 401
