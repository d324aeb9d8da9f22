from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import VnDateField

from .models import RequestChannel, RequestKind, RequestStatus


class SubjectRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=RequestKind.choices)
    received_on = VnDateField(label=_("Ngày nhận"))
    requester = forms.CharField(
        label=_("Người yêu cầu"),
        max_length=200,
        help_text=_("Chính người đó, hoặc họ tên và quan hệ của người đại diện"),
    )
    channel = forms.ChoiceField(label=_("Hình thức"), choices=RequestChannel.choices)
    details = forms.CharField(label=_("Nội dung yêu cầu"), max_length=2000, widget=forms.Textarea)


class SubjectAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (RequestStatus.ANSWERED, RequestStatus.ANSWERED.label),
            (RequestStatus.REFUSED, RequestStatus.REFUSED.label),
        ],
    )
    answered_on = VnDateField(label=_("Ngày trả lời"))
    answer = forms.CharField(
        label=_("Nội dung trả lời hoặc lý do từ chối"), max_length=2000, widget=forms.Textarea
    )
