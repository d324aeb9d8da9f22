"""Refusing logins after repeated failures (docs/accounts.md).

Two limits, both counted on failed passwords and failed second-factor codes alike:

1. django-axes locks a **username at one address** after ``LOGIN_FAILURE_LIMIT`` failures
   for ``LOGIN_COOLOFF_MINUTES`` (never an address alone: one person mistyping, or an
   attacker, cannot lock a whole commune office out).
2. ``AccountHourlyLimitBackend`` refuses any login of an account that has had
   ``ACCOUNT_FAILURES_PER_HOUR`` failures in the last hour from all addresses together
   (OWASP ASVS 2.2.1), counted from axes' ``AccessFailureLog``.

The lockout answer is a page in Vietnamese saying when to try again and whom to ask.
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.models import AccessFailureLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

HOUR = datetime.timedelta(hours=1)


def client_ip_address(request: HttpRequest) -> str | None:
    """The address axes keys on: the same one the audit trail records (no proxy trusted)."""
    from reentry.audit.services import client_ip

    return client_ip(request)


def hourly_limit_until(username: str) -> datetime.datetime | None:
    """Until when ``username`` is refused by the hourly limit, or None (not refused)."""
    limit = settings.ACCOUNT_FAILURES_PER_HOUR
    if not username or limit <= 0:
        return None
    times = list(
        AccessFailureLog.objects.filter(username=username, attempt_time__gte=timezone.now() - HOUR)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    # the limit-th most recent failure leaves the window last
    return times[limit - 1] + HOUR


class AccountHourlyLimitBackend:
    """Authenticates no one: refuses (PermissionDenied) an account over the hourly limit,
    before its password is even checked. Placed after axes' backend, before ModelBackend."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, **_: Any):  # type: ignore[no-untyped-def]
        if username is None:
            return None
        until = hourly_limit_until(username)
        if until is None:
            return None
        if request is not None:
            request.account_hourly_limit_until = until  # type: ignore[attr-defined]
        from reentry.audit import events

        from .selectors import user_find

        if not _locked_event_since(username, timezone.now() - HOUR, reason="hourly"):
            events.account_locked(
                username=username,
                user=user_find(username),
                ip_address=client_ip_address(request) if request is not None else None,
                reason="hourly",
            )
        raise PermissionDenied("hourly failure limit")

    def get_user(self, user_id: int) -> None:
        return None


def _locked_event_since(username: str, since: datetime.datetime, *, reason: str) -> bool:
    """Whether this lock was already recorded (since ``since`` and the last unlock)."""
    from reentry.audit.models import AuditAction, AuditEvent

    unlocked = (
        AuditEvent.objects.filter(action=AuditAction.ACCOUNT_UNLOCKED, changes__username=username)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    if unlocked is not None and unlocked > since:
        since = unlocked
    return AuditEvent.objects.filter(
        action=AuditAction.ACCOUNT_LOCKED,
        actor_username=username,
        occurred_at__gte=since,
        changes__reason=reason,
    ).exists()


def cooloff_until() -> datetime.datetime:
    return timezone.now() + settings.AXES_COOLOFF_TIME


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """axes' answer to a locked login (status 429): when to retry, and whom to ask."""
    return locked_out_page(request, until=cooloff_until(), reason="address")


def locked_out_page(request: HttpRequest, *, until: datetime.datetime, reason: str) -> HttpResponse:
    return render(
        request,
        "accounts/locked_out.html",
        {
            "until": timezone.localtime(until),
            "reason": reason,
            "failure_limit": settings.LOGIN_FAILURE_LIMIT,
            "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
            "hourly_limit": settings.ACCOUNT_FAILURES_PER_HOUR,
        },
        status=429,
    )


def on_user_locked_out(
    sender: Any, request: HttpRequest, username: str, ip_address: str | None, **_: Any
) -> None:
    """axes locked ``username`` at ``ip_address``: one audit event per lock. axes signals
    again at each attempt refused while locked; only the locking failure has its count."""
    from reentry.audit import events

    from .selectors import user_find

    if getattr(request, "axes_failures_since_start", None) is None:
        return
    events.account_locked(
        username=username or "",
        user=user_find(username or ""),
        ip_address=ip_address,
        reason="address",
    )
