"""Writes to accounts: users, API tokens, unlocking. Each writes its audit row."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.access.policies import can_reset_password, can_unlock_account
from reentry.audit import events
from reentry.core.errors import DomainError
from reentry.geography.models import AdminUnitKind
from reentry.geography.selectors import unit_by_code

from .models import ApiToken, User
from .roles import ROLE_SCOPE_KINDS, Role
from .selectors import user_exists, user_get_by_username, user_is_assigned
from .tokens import token_hash, token_new_key, token_prefix

_KIND_WORDS: dict[str, str | Promise] = {
    AdminUnitKind.NATION: gettext_lazy("toàn quốc (mã VN)"),
    AdminUnitKind.PROVINCE: gettext_lazy("tỉnh/thành phố (mã 2 chữ số)"),
    AdminUnitKind.COMMUNE: gettext_lazy("xã/phường/đặc khu (mã 5 chữ số)"),
}


def role_parse(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise DomainError(
            _("Vai trò không hợp lệ: “%(role)s”. Các vai trò: %(roles)s.")
            % {"role": value, "roles": ", ".join(Role.values)},
            field="role",
        ) from None


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    role: str,
    unit_code: str,
    password: str,
    full_name: str = "",
    email: str = "",
    via: str = "",
) -> User:
    """Create a user with one role and one scope unit; nothing is written if anything is wrong."""
    parsed_role = role_parse(role)
    unit = unit_by_code(unit_code)
    allowed = ROLE_SCOPE_KINDS[parsed_role]
    if unit.kind not in allowed:
        raise DomainError(
            _("Vai trò “%(role)s” phải gắn với đơn vị cấp %(kinds)s; “%(code)s” là %(unit)s.")
            % {
                "role": parsed_role.label,
                "kinds": _(" hoặc ").join(str(_KIND_WORDS[kind]) for kind in allowed),
                "code": unit.code,
                "unit": unit.name,
            },
            field="unit",
        )
    username = username.strip()
    if not username:
        raise DomainError(_("Tên đăng nhập không được để trống."), field="username")
    if user_exists(username):
        raise DomainError(
            _("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": username},
            field="username",
        )
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        role=parsed_role,
        scope_unit=unit,
    )
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    user.save()
    events.user_created(actor=actor, user=user, via=via)
    return user


def _user_for_token(username: str) -> User:
    user = user_get_by_username(username)
    if not user.is_active:
        raise DomainError(_("Tài khoản “%(username)s” đã bị khóa.") % {"username": username})
    if not user_is_assigned(user):
        raise DomainError(
            _("Tài khoản “%(username)s” chưa được giao vai trò và đơn vị phụ trách.")
            % {"username": username}
        )
    return user


@transaction.atomic
def api_token_issue(
    *,
    actor: User | None,
    username: str,
    name: str = "",
    days: int | None = None,
    rotate: bool = False,
    via: str = "",
) -> tuple[ApiToken, str]:
    """Issue a new API token for ``username``; return it and its key (shown once: only a
    hash is stored). It expires after ``days`` (``API_TOKEN_DAYS`` by default); ``rotate``
    revokes the user's other tokens first."""
    user = _user_for_token(username)
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 3650:
        raise DomainError(_("Số ngày hiệu lực phải từ 1 đến 3650."), field="days")
    now = timezone.now()
    rotated = False
    if rotate:
        for old in ApiToken.objects.select_for_update().filter(user=user, revoked_at=None):
            _revoke(old, actor=actor, via=via, now=now)
            rotated = True
    key = token_new_key()
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=token_prefix(key),
        key_hash=token_hash(key),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    token.save()
    events.token_issued(
        actor=actor,
        user=user,
        rotated=rotated,
        via=via,
        prefix=token.prefix,
        expires=token.expires_at.isoformat(),
    )
    return token, key


def _revoke(token: ApiToken, *, actor: User | None, via: str, now: datetime.datetime) -> None:
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])
    events.token_revoked(actor=actor, user=token.user, prefix=token.prefix, via=via)


@transaction.atomic
def api_token_revoke(
    *, actor: User | None, username: str, prefix: str = "", via: str = ""
) -> list[ApiToken]:
    """Revoke the user's active tokens (only the one starting with ``prefix`` if given);
    return those revoked. A revoked token is refused at once and for good."""
    user = user_get_by_username(username)
    tokens = ApiToken.objects.select_for_update().filter(user=user, revoked_at=None)
    if prefix:
        tokens = tokens.filter(prefix=prefix.strip()[:8])
    revoked = list(tokens)
    if not revoked:
        raise DomainError(
            _("“%(username)s” không có mã truy cập API nào đang hiệu lực%(which)s.")
            % {
                "username": username,
                "which": (_(" bắt đầu bằng “%(p)s”") % {"p": prefix}) if prefix else "",
            },
            code="not_found",
        )
    now = timezone.now()
    for token in revoked:
        _revoke(token, actor=actor, via=via, now=now)
    return revoked


@transaction.atomic
def api_token_revoke_own(*, actor: User, token_id: int) -> ApiToken:
    """The actor revokes one of their own tokens (another's is not found)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise DomainError(_("Không có mã truy cập này."), code="not_found")
    if token.revoked_at is None:
        _revoke(token, actor=actor, via="account page", now=timezone.now())
    return token


@transaction.atomic
def account_unlock(*, actor: User, username: str) -> int:
    """Clear the login lockouts of ``username`` (every address, and the hourly count);
    return how many records were cleared. Only for an administrator in scope."""
    user = user_get_by_username(username)
    if not can_unlock_account(actor, user):
        raise DomainError(_("Bạn không có quyền mở khóa tài khoản này."), code="forbidden")
    cleared = _lockouts_clear(user)
    events.account_unlocked(actor=actor, user=user, cleared=cleared)
    return cleared


def _lockouts_clear(user: User) -> int:
    """Delete the username's axes records at every address and its failures of the last
    hour; return how many there were."""
    from axes.models import AccessAttempt, AccessFailureLog

    from .lockout import HOUR

    attempts = AccessAttempt.objects.filter(username=user.username)
    cleared: int = attempts.count()
    attempts.delete()
    failures = AccessFailureLog.objects.filter(
        username=user.username, attempt_time__gte=timezone.now() - HOUR
    )
    cleared += failures.count()
    failures.delete()
    return cleared


# Easy to read out over the telephone: no 0/O, 1/I/L; 12 characters of 31, about 59 bits.
TEMPORARY_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - characters


def temporary_password() -> str:
    """``"K7PQ-M3XA-9HTR"``: three groups of four."""
    return "-".join(
        "".join(secrets.choice(TEMPORARY_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)
    )


@transaction.atomic
def password_reset(*, actor: User | None, username: str, via: str = "") -> str:
    """A forgotten password: give the user a temporary one (returned, to be told to them
    once, never stored or logged) that they must change at their next login. Their open
    sessions end (Django ties a session to the password), their login lockouts are
    cleared, and their second factor stays: it is still asked for. From a page, only an
    administrator in scope, never for their own account (``actor=None``: a command)."""
    user = user_get_by_username(username)
    if actor is not None and not can_reset_password(actor, user):
        raise DomainError(
            _("Bạn không có quyền cấp mật khẩu tạm thời cho tài khoản này."), code="forbidden"
        )
    password = temporary_password()
    user.set_password(password)
    user.password_change_required = True
    user.save(update_fields=["password", "password_change_required"])
    _lockouts_clear(user)
    events.password_reset(actor=actor, user=user, via=via)
    return password


@transaction.atomic
def user_password_change(*, actor: User, new_password: str, ip_address: str | None) -> User:
    """Set the actor's own new password (the form checked the old one) and record it; a
    temporary password from the administrator is then no longer asked to be changed."""
    if actor.check_password(new_password):
        raise DomainError(_("Mật khẩu mới phải khác mật khẩu đang dùng."), field="password")
    try:
        validate_password(new_password, user=actor)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    actor.set_password(new_password)
    actor.password_change_required = False
    actor.save(update_fields=["password", "password_change_required"])
    events.password_changed(user=actor, ip_address=ip_address)
    return actor
