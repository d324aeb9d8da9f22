"""The form of emergency access: which file, and why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EmergencyAccessForm(forms.Form):
    person_id = forms.IntegerField(
        label=_("Số hồ sơ"),
        min_value=1,
        help_text=_("Số hồ sơ (#) do xã hoặc tỉnh nơi quản lý hồ sơ cung cấp."),
    )
    reason = forms.CharField(
        label=_("Lý do truy cập khẩn cấp"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ví dụ: phối hợp xác minh theo công văn số … của Công an tỉnh …; người này đang "
            "có mặt tại địa bàn và cần hỗ trợ ngay. Lý do, tên bạn và thời điểm được ghi vào "
            "nhật ký, và xã quản lý hồ sơ được thông báo."
        ),
    )
