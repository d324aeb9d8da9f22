"""The DRF side of the access layer: the default permission class enforces the view's mark."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from .marks import own_rule
from .policies import has_permission


class RequiredPermission(BasePermission):
    """Allow only what the view's ``@requires``/``@public`` mark allows; unmarked → refused."""

    def has_permission(self, request: Any, view: Any) -> bool:
        rule = own_rule(type(view))
        if rule is None:
            return False
        if rule.public:
            return True
        return rule.permission is not None and has_permission(request.user, rule.permission)
