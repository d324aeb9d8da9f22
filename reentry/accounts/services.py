"""Writes to accounts: create a user, issue an API token. Each writes its audit row."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from reentry.audit import events
from reentry.core.errors import DomainError
from reentry.geography.models import AdminUnitKind
from reentry.geography.selectors import unit_by_code

from .models import User
from .roles import ROLE_SCOPE_KINDS, Role
from .selectors import user_exists, user_get_by_username, user_is_assigned

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


@transaction.atomic
def user_token_issue(
    *, actor: User | None, username: str, rotate: bool = False, via: str = ""
) -> str:
    """Return the user's API token, creating it (or replacing it when ``rotate``)."""
    user = user_get_by_username(username)
    if not user.is_active:
        raise DomainError(_("Tài khoản “%(username)s” đã bị khóa.") % {"username": username})
    if not user_is_assigned(user):
        raise DomainError(
            _("Tài khoản “%(username)s” chưa được giao vai trò và đơn vị phụ trách.")
            % {"username": username}
        )
    existing = Token.objects.filter(user=user).first()
    if existing is not None and not rotate:
        events.token_issued(actor=actor, user=user, rotated=False, via=via)
        return str(existing.key)
    if existing is not None:
        existing.delete()
    token = Token.objects.create(user=user)
    events.token_issued(actor=actor, user=user, rotated=existing is not None, via=via)
    return str(token.key)


@transaction.atomic
def user_password_change(*, actor: User, new_password: str, ip_address: str | None) -> User:
    """Set the actor's own new password (the form checked the old one) and record it."""
    try:
        validate_password(new_password, user=actor)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    events.password_changed(user=actor, ip_address=ip_address)
    return actor
