from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import VnDateField

from .models import Difficulty, Grade


class ClassificationForm(forms.Form):
    assessed_on = VnDateField(label=_("Ngày phân loại"))
    grade = forms.ChoiceField(label=_("Loại"), choices=Grade.choices, widget=forms.RadioSelect)
    difficulties = forms.MultipleChoiceField(
        label=_("Khó khăn (loại B)"),
        choices=Difficulty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Diễn biến, lý do"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc với loại C, D: việc gì đã xảy ra."),
    )
