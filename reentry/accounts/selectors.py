"""Reads of accounts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from reentry.core.errors import DomainError

from .models import User
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
