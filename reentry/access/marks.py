"""Marking views with what they need. A view that is not marked is refused (deny by default).

    @requires(Permission.UNIT_VIEW)
    def unit_browser(request): ...

    @requires(Permission.ACCOUNT_SELF)
    class MeView(APIView): ...

    @public("the login page must be reachable without an account")
    class LoginView(auth_views.LoginView): ...

The mark is an ``AccessRule`` stored on the function or class; ``rule_for`` finds it on the
callable a URL pattern resolves to (plain functions, ``as_view()`` of Django and DRF classes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .permissions import Permission

ACCESS_ATTR = "access_rule"
V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class AccessRule:
    permission: Permission | None
    public: bool = False
    reason: str = ""


def requires(permission: Permission) -> Callable[[V], V]:
    if not isinstance(permission, Permission):
        raise TypeError(f"requires() takes a Permission, not {permission!r}")

    def mark(view: V) -> V:
        setattr(view, ACCESS_ATTR, AccessRule(permission=permission))
        return view

    return mark


def public(reason: str) -> Callable[[V], V]:
    """Mark a view as reachable without an account; say why, it shows in the access docs."""
    if not reason:
        raise ValueError("public() needs the reason the view is public")

    def mark(view: V) -> V:
        setattr(view, ACCESS_ATTR, AccessRule(permission=None, public=True, reason=reason))
        return view

    return mark


def view_class_of(view_func: Callable[..., Any]) -> type | None:
    return getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)


def is_api_view(view_func: Callable[..., Any]) -> bool:
    from rest_framework.views import APIView

    cls = view_class_of(view_func)
    return isinstance(cls, type) and issubclass(cls, APIView)


def rule_for(view_func: Callable[..., Any]) -> AccessRule | None:
    rule = getattr(view_func, ACCESS_ATTR, None)
    if isinstance(rule, AccessRule):
        return rule
    cls = view_class_of(view_func)
    rule = getattr(cls, ACCESS_ATTR, None) if cls is not None else None
    return rule if isinstance(rule, AccessRule) else None
