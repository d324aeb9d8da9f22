"""The signed-in user of a request, typed.

A view marked with ``@requires`` only runs for a signed-in user who holds the permission
(``AccessMiddleware`` for pages, ``RequiredPermission`` for the API), so ``actor_of`` never
refuses in practice; it states the guarantee for the type checker and fails closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from reentry.accounts.models import User


def actor_of(request: Any) -> User:
    from reentry.accounts.models import User

    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
