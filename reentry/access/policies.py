"""Policies: ``can_<verb>_<thing>`` functions. The only place that decides who may do what.

Deny by default: an anonymous or inactive user, a user without a role or a scope unit, holds
no permission. ``is_superuser`` grants nothing here: every account works through its role.
"""

from __future__ import annotations

from typing import Any

from .permissions import ROLE_PERMISSIONS, Permission


def permissions_of(user: Any) -> frozenset[Permission]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if not getattr(user, "scope_unit_id", None):
        return frozenset()
    return ROLE_PERMISSIONS.get(user.role, frozenset())


def has_permission(user: Any, permission: Permission) -> bool:
    return permission in permissions_of(user)


def can_view_offence_details(user: Any) -> bool:
    return has_permission(user, Permission.PERSON_VIEW_OFFENCE)


def can_manage_users(user: Any) -> bool:
    return has_permission(user, Permission.USER_MANAGE)


def can_change_person_in(user: Any, unit_path: str) -> bool:
    """Whether ``user`` may create or change a file managed by the commune at ``unit_path``."""
    if not has_permission(user, Permission.PERSON_CHANGE):
        return False
    return unit_path.startswith(user.scope_unit.path)


def can_record_support_in(user: Any, unit_path: str) -> bool:
    """Whether ``user`` may record support for a file managed at ``unit_path``. Initiative
    members may only for people assigned to their initiative; assignments arrive with
    initiatives, so until then they may not."""
    from reentry.accounts.roles import Role

    if not has_permission(user, Permission.SUPPORT_CHANGE) or user.role == Role.INITIATIVE_MEMBER:
        return False
    return unit_path.startswith(user.scope_unit.path)
