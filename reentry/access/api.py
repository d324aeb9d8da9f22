"""The DRF side of the access layer: the default permission class enforces the view's mark.

A call riding a browser session must have passed the second factor, like the pages; a call
with an API token (a system) needs none.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .marks import own_rule
from .middleware import is_two_factor_verified
from .policies import has_permission, requires_two_factor

TWO_FACTOR_NEEDED = _(
    "Phiên đăng nhập này chưa xác thực hai lớp: hãy nhập mã xác thực tại /accounts/2fa/ "
    "rồi gọi lại, hoặc dùng mã truy cập API (Authorization: Token …)."
)

PASSWORD_CHANGE_NEEDED = _(
    "Tài khoản này đang dùng mật khẩu tạm thời: hãy đặt mật khẩu mới tại /accounts/password/ "
    "rồi gọi lại."
)


class RequiredPermission(BasePermission):
    """Allow only what the view's ``@requires``/``@public`` mark allows; unmarked → refused."""

    def has_permission(self, request: Any, view: Any) -> bool:
        rule = own_rule(type(view))
        if rule is None:
            return False
        if rule.public:
            return True
        if (
            isinstance(request.successful_authenticator, SessionAuthentication)
            and requires_two_factor(request.user)
            and not is_two_factor_verified(request.user)
        ):
            raise PermissionDenied(TWO_FACTOR_NEEDED)
        if isinstance(request.successful_authenticator, SessionAuthentication) and getattr(
            request.user, "password_change_required", False
        ):
            raise PermissionDenied(PASSWORD_CHANGE_NEEDED)
        return rule.permission is not None and has_permission(request.user, rule.permission)
