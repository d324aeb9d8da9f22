from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .middleware import is_two_factor_verified
from .navigation import NAV_ITEMS
from .policies import permissions_of, requires_two_factor


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    held = permissions_of(user)
    if requires_two_factor(user) and not is_two_factor_verified(user):
        held = frozenset()  # before the second factor: no menu, every page leads to it
    match = getattr(request, "resolver_match", None)
    # the item that names this page wins; otherwise the item of the page's namespace
    view_name = match.view_name if match is not None else ""
    claimed = {name for item in NAV_ITEMS for name in (item.url_name, *item.sections)}
    section = view_name if view_name in claimed else (match.namespace if match else "")
    items = [
        {
            "label": item.label,
            "url_name": item.url_name,
            "active": section in (item.url_name, *item.sections),
        }
        for item in NAV_ITEMS
        if item.permission in held
    ]
    return {"nav_items": items, "held_permissions": {p.value for p in held}}
