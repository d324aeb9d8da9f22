import pytest
from django.core.management import CommandError, call_command

from reentry.accounts.models import User
from reentry.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Mot-mat-khau-dai-2026"


def test_add_user_creates_a_user_with_role_and_unit(capsys):
    call_command(
        "add_user",
        "ca.test",
        "--role",
        "commune_officer",
        "--unit",
        "15865",
        "--password",
        PASSWORD,
        "--full-name",
        "Lê Văn Thử",
    )
    user = User.objects.get(username="ca.test")
    assert (user.role, user.scope_unit.code, user.full_name) == (
        "commune_officer",
        "15865",
        "Lê Văn Thử",
    )
    assert user.check_password(PASSWORD)
    assert "Xã Hoằng Hóa (15865)" in capsys.readouterr().out
    event = AuditEvent.objects.get(action=AuditAction.USER_CREATED, object_id=str(user.pk))
    assert event.changes == {"role": "commune_officer", "scope_unit": "15865"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "chief", "--unit", "15865"], "Vai trò không hợp lệ"),
        (["--role", "commune_officer", "--unit", "99999"], "Không có đơn vị hành chính mã “99999”"),
        (["--role", "commune_officer", "--unit", "38"], "phải gắn với đơn vị cấp xã"),
        (["--role", "province_officer", "--unit", "15865"], "phải gắn với đơn vị cấp tỉnh"),
        (["--role", "national_analyst", "--unit", "38"], "toàn quốc"),
    ],
)
def test_add_user_refuses_bad_input_with_exit_code_2_and_writes_nothing(args, message):
    with pytest.raises(CommandError) as excinfo:
        call_command("add_user", "ca.sai", *args, "--password", PASSWORD)
    assert excinfo.value.returncode == 2
    assert message in str(excinfo.value)
    assert not User.objects.filter(username="ca.sai").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.USER_CREATED).exists()


def test_add_user_refuses_a_taken_username_and_a_weak_password(make_user):
    make_user("commune_officer", "15865", username="ca.trung")
    with pytest.raises(CommandError, match="đã có người dùng"):
        call_command(
            "add_user",
            "CA.TRUNG",
            "--role",
            "commune_officer",
            "--unit",
            "15865",
            "--password",
            PASSWORD,
        )
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "add_user",
            "ca.yeu",
            "--role",
            "commune_officer",
            "--unit",
            "15865",
            "--password",
            "12345",
        )
    assert excinfo.value.returncode == 2
    assert not User.objects.filter(username="ca.yeu").exists()


def test_add_user_without_password_and_without_a_terminal_asks_for_one(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--password"):
        call_command("add_user", "ca.khong", "--role", "commune_officer", "--unit", "15865")


def test_issue_token_for_an_unknown_user_exits_2():
    with pytest.raises(CommandError, match="Không có người dùng") as excinfo:
        call_command("issue_token", "khong.co")
    assert excinfo.value.returncode == 2


def test_issue_token_refuses_an_account_without_role_or_unit():
    User.objects.create_user(username="khongvaitro", password=PASSWORD)
    with pytest.raises(CommandError, match="chưa được giao vai trò") as excinfo:
        call_command("issue_token", "khongvaitro")
    assert excinfo.value.returncode == 2
