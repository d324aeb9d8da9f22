"""One function per kind of audit event (the Saleor ``events.py`` habit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import AuditAction, AuditEvent
from .services import audit_record

if TYPE_CHECKING:
    from reentry.accounts.models import User


def _unit_path(user: User) -> str:
    return user.scope_unit.path if user.scope_unit is not None else ""


def _own_account_event(action: AuditAction, user: User, ip_address: str | None) -> AuditEvent:
    return audit_record(
        actor=user, action=action, obj=user, unit_path=_unit_path(user), ip_address=ip_address
    )


def login_succeeded(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.LOGIN, user, ip_address)


def logged_out(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.LOGOUT, user, ip_address)


def password_changed(*, user: User, ip_address: str | None) -> AuditEvent:
    return _own_account_event(AuditAction.PASSWORD_CHANGED, user, ip_address)


def login_failed(*, username: str, ip_address: str | None) -> AuditEvent:
    return audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        actor_username=username,
        object_type="accounts.user",
        object_repr=username,
        ip_address=ip_address,
    )


def user_created(*, actor: User | None, user: User, via: str) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=AuditAction.USER_CREATED,
        obj=user,
        unit_path=_unit_path(user),
        changes={"role": user.role, "scope_unit": user.scope.code},
        summary=via,
    )


def token_issued(*, actor: User | None, user: User, rotated: bool, via: str) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=AuditAction.TOKEN_ISSUED,
        obj=user,
        unit_path=_unit_path(user),
        changes={"rotated": rotated},
        summary=via,
    )
