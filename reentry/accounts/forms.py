from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import user_is_assigned


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "no_role": _(
            "Tài khoản này chưa được giao vai trò và đơn vị phụ trách. "
            "Hãy liên hệ quản trị hệ thống."
        ),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            until = getattr(self.request, "account_hourly_limit_until", None)
            if until is not None:
                raise forms.ValidationError(
                    _(
                        "Tài khoản này đã bị nhập sai quá %(limit)s lần trong một giờ nên tạm "
                        "thời không đăng nhập được. Hãy thử lại sau %(time)s, hoặc nhờ quản "
                        "trị hệ thống mở khóa."
                    )
                    % {
                        "limit": settings.ACCOUNT_FAILURES_PER_HOUR,
                        "time": timezone.localtime(until).strftime("%H:%M %d/%m/%Y"),
                    },
                    code="hourly_limit",
                ) from None
            raise

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user_is_assigned(user):
            raise forms.ValidationError(self.error_messages["no_role"], code="no_role")


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "text"}
        ),
    )


class UsernameForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
