import pytest
from django.test import Client

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import TEST_PASSWORD
from reentry.audit.models import AppendOnlyError, AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_login_is_recorded_with_address(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (event.actor, event.ip_address, event.unit_path) == (user, "10.1.2.3", "VN/38/15865/")


def test_failed_login_is_recorded_with_the_username_tried(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    response = Client().post("/accounts/login/", {"username": user.username, "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_username == user.username


def test_logout_and_password_change_are_recorded(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    client = Client()
    client.force_login(user)
    new_password = "Mat-khau-moi-2027"
    response = client.post(
        "/accounts/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    client.post("/accounts/logout/")
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert AuditAction.PASSWORD_CHANGED in actions
    assert AuditAction.LOGOUT in actions


def test_audit_rows_cannot_be_changed_or_deleted(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    Client().post("/accounts/login/", {"username": user.username, "password": "sai"})
    event = AuditEvent.objects.get()
    event.summary = "sửa"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().summary == ""


def test_a_forged_row_with_an_existing_id_cannot_overwrite_history(make_user):
    from django.db import IntegrityError, transaction

    Client().post("/accounts/login/", {"username": "x", "password": "sai"})
    original = AuditEvent.objects.get()
    forged = AuditEvent(pk=original.pk, action=AuditAction.DELETE, summary="forged")
    with pytest.raises(AppendOnlyError, match="hash chain"):
        forged.save()  # only audit.services writes, and it chains
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save(chained=True)
    assert AuditEvent.objects.get().action == AuditAction.LOGIN_FAILED


def test_a_user_with_history_cannot_be_deleted(make_user):
    from django.db.models import ProtectedError

    user = make_user(Role.COMMUNE_OFFICER, "15865")
    Client().post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
    with pytest.raises(ProtectedError):
        user.delete()
