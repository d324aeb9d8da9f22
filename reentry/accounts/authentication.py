"""``Authorization: Token <key>`` for the API, against our hashed, expiring, revocable tokens.

A system calling the API with a token needs no second factor (the token is the credential);
a browser session does (``access.api.RequiredPermission``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiToken
from .selectors import user_is_assigned
from .tokens import token_hash

# last_used_at is written at most this often per token, not on every call
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.select_related("user", "user__scope_unit")
            .filter(key_hash=token_hash(key))
            .first()
        )
        if token is None:
            raise AuthenticationFailed(_("Mã truy cập API không hợp lệ."))
        if token.revoked_at is not None:
            raise AuthenticationFailed(_("Mã truy cập API này đã bị thu hồi. Hãy xin cấp mã mới."))
        now = timezone.now()
        if token.expires_at <= now:
            raise AuthenticationFailed(
                _("Mã truy cập API này đã hết hạn ngày %(date)s. Hãy xin cấp mã mới.")
                % {"date": timezone.localtime(token.expires_at).strftime("%d/%m/%Y")}
            )
        user = token.user
        if not user.is_active:
            raise AuthenticationFailed(_("Tài khoản của mã truy cập này đã bị khóa."))
        if not user_is_assigned(user):
            raise AuthenticationFailed(
                _("Tài khoản của mã truy cập này chưa được giao vai trò và đơn vị phụ trách.")
            )
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
