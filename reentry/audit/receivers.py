"""Django's authentication signals are the only hook for logins; they only call events."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from . import events
from .services import client_ip


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    events.login_succeeded(user=user, ip_address=client_ip(request))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    events.login_failed(username=username, ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None and user.is_authenticated:
        events.logged_out(user=user, ip_address=client_ip(request))
