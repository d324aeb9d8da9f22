from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import VnDateField

from .models import OutreachKind


class OutreachForm(forms.Form):
    held_on = VnDateField(label=_("Ngày"))
    kind = forms.ChoiceField(label=_("Hình thức"), choices=OutreachKind.choices)
    title = forms.CharField(label=_("Nội dung"), max_length=300)
    communes = forms.CharField(
        label=_("Mã các xã, phường"),
        max_length=300,
        help_text=_("Mã 5 chữ số, cách nhau bằng dấu phẩy, ví dụ 15865, 15880."),
    )
    participants = forms.IntegerField(
        label=_("Lượt người tham dự"), min_value=0, max_value=1_000_000, initial=0
    )
    materials = forms.IntegerField(
        label=_("Tài liệu, tờ rơi phát ra"), min_value=0, max_value=1_000_000, initial=0
    )
