"""Reads of accounts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from reentry.core.errors import DomainError

from .models import ApiToken, User
from .roles import Role


def user_is_assigned(user: Any) -> bool:
    """A user may work only with a known role and a scope unit (accounts made otherwise,
    e.g. by ``createsuperuser``, cannot log in or get a token)."""
    return bool(getattr(user, "scope_unit_id", None)) and user.role in Role.values


def user_get_by_username(username: str) -> User:
    user = User.objects.select_related("scope_unit").filter(username=username).first()
    if user is None:
        raise DomainError(
            _("Không có người dùng “%(username)s”.") % {"username": username},
            field="username",
            code="not_found",
        )
    return user


def user_exists(username: str) -> bool:
    return User.objects.filter(username__iexact=username.strip()).exists()


def user_find(username: str) -> User | None:
    """The user of this exact username, or None (a login may name no one)."""
    if not username:
        return None
    return User.objects.select_related("scope_unit").filter(username=username).first()


def api_tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too: their history)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


@dataclass(frozen=True)
class LockedAccount:
    user: User
    until: datetime.datetime
    reason: str  # "address": locked at some addresses; "hourly": the hourly account limit
    addresses: tuple[str, ...]
    failures: int


def locked_accounts_list(*, actor: Any) -> list[LockedAccount]:
    """Accounts whose logins are refused now, among those the actor may unlock."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Count, Max
    from django.utils import timezone

    from reentry.access.policies import can_unlock_account

    from .lockout import HOUR, hourly_limit_until

    now = timezone.now()
    locked: dict[str, dict[str, Any]] = {}
    attempts = (
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
        )
        .exclude(username=None)
        .values("username", "ip_address", "failures_since_start", "attempt_time")
    )
    for row in attempts:
        entry = locked.setdefault(
            row["username"], {"until": now, "addresses": set(), "failures": 0, "reason": "address"}
        )
        entry["until"] = max(entry["until"], row["attempt_time"] + settings.AXES_COOLOFF_TIME)
        entry["addresses"].add(row["ip_address"] or "?")
        entry["failures"] += row["failures_since_start"]
    from axes.models import AccessFailureLog

    busy = (
        AccessFailureLog.objects.filter(attempt_time__gte=now - HOUR)
        .exclude(username=None)
        .values("username")
        .annotate(n=Count("id"), last=Max("attempt_time"))
        .filter(n__gte=max(settings.ACCOUNT_FAILURES_PER_HOUR, 1))
    )
    for row in busy:
        until = hourly_limit_until(row["username"])
        if until is not None:
            entry = locked.setdefault(
                row["username"], {"until": until, "addresses": set(), "failures": 0}
            )
            entry.update(reason="hourly", until=max(entry["until"], until), failures=row["n"])
    users = {
        u.username: u
        for u in User.objects.select_related("scope_unit").filter(username__in=list(locked))
    }
    result = [
        LockedAccount(
            user=users[name],
            until=entry["until"],
            reason=entry["reason"],
            addresses=tuple(sorted(entry["addresses"])),
            failures=entry["failures"],
        )
        for name, entry in locked.items()
        if name in users and can_unlock_account(actor, users[name])
    ]
    return sorted(result, key=lambda item: item.user.username)


def user_is_demo(user: User) -> bool:
    """Whether ``seed_demo`` created this account (its creation event says so)."""
    from reentry.audit.models import AuditAction, AuditEvent

    return AuditEvent.objects.filter(
        action=AuditAction.USER_CREATED,
        object_type="accounts.user",
        object_id=str(user.pk),
        summary="seed_demo",
    ).exists()
