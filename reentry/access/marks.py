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


def own_rule(cls: type) -> AccessRule | None:
    """The mark on this very class: a subclass does not inherit its parent's mark."""
    rule = vars(cls).get(ACCESS_ATTR)
    return rule if isinstance(rule, AccessRule) else None


def rule_for(view_func: Callable[..., Any]) -> AccessRule | None:
    cls = view_class_of(view_func)
    if cls is not None:
        return own_rule(cls)
    rule = getattr(view_func, ACCESS_ATTR, None)
    return rule if isinstance(rule, AccessRule) else None


def enforces_marks(view_func: Callable[..., Any]) -> bool:
    """An API view must keep ``RequiredPermission`` among its permission classes."""
    from .api import RequiredPermission

    cls = view_class_of(view_func)
    return RequiredPermission in getattr(cls, "permission_classes", ())


TWO_FACTOR_EXEMPT_ATTR = "before_two_factor"


def before_two_factor(view: V) -> V:
    """The page is for a user who has given their password but not yet their second factor
    (enrolment, verification). Every other page sends such a user to the verification."""
    setattr(view, TWO_FACTOR_EXEMPT_ATTR, True)
    return view


def allows_unverified(view_func: Callable[..., Any]) -> bool:
    """Whether the page is marked ``before_two_factor`` (on the very class, not inherited)."""
    cls = view_class_of(view_func)
    if cls is not None:
        return bool(vars(cls).get(TWO_FACTOR_EXEMPT_ATTR, False))
    return bool(getattr(view_func, TWO_FACTOR_EXEMPT_ATTR, False))
