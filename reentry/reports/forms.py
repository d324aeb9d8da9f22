from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import VnDateField

from .periods import Period, period_of

KIND_CHOICES = [
    ("month", _("Tháng")),
    ("quarter", _("Quý")),
    ("half", _("6 tháng")),
    ("year", _("Năm")),
    ("custom", _("Khoảng ngày")),
]


class ReportForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"))
    kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=KIND_CHOICES, initial="year")
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    number = forms.IntegerField(
        label=_("Tháng, quý, nửa năm số"), min_value=1, max_value=12, required=False
    )
    start = VnDateField(label=_("Từ ngày"), required=False)
    end = VnDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]

    @staticmethod
    def defaults(unit_code: str) -> dict[str, Any]:
        today: datetime.date = timezone.localdate()
        return {"unit": unit_code, "kind": "year", "year": today.year}

    def period(self) -> Period:
        """The period the valid form names; ``ValidationFailed`` when it makes no sense."""
        values = self.cleaned_data
        return period_of(
            values["kind"], values["year"], values["number"], values["start"], values["end"]
        )


class CohortForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"))
    cohort = forms.IntegerField(label=_("Năm ra trại"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]

    @staticmethod
    def defaults(unit_code: str) -> dict[str, Any]:
        """The latest cohort whose first year has closed."""
        today: datetime.date = timezone.localdate()
        return {"unit": unit_code, "cohort": today.year - 2}


class DashboardForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]

    @staticmethod
    def defaults(unit_code: str) -> dict[str, Any]:
        return {"unit": unit_code, "year": timezone.localdate().year}


class TargetForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"))
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    direction = forms.ChoiceField(label=_("Yêu cầu"))
    value = forms.DecimalField(label=_("Mức phấn đấu"), max_digits=16, decimal_places=1)
    starts_on = VnDateField(label=_("Tính từ ngày"))
    deadline = VnDateField(label=_("Thời hạn"))
    note = forms.CharField(label=_("Căn cứ, ghi chú"), max_length=300, required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        from .models import Direction
        from .registry import INDICATORS

        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (code, f"{i.name} ({code})") for code, i in INDICATORS.items()
        ]
        self.fields["direction"].choices = Direction.choices  # type: ignore[attr-defined]


PERIOD_KIND_CHOICES = [choice for choice in KIND_CHOICES if choice[0] != "custom"]


class SubmissionPeriodForm(forms.Form):
    """A standard period (month, quarter, half year, year): the periods communes report."""

    kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PERIOD_KIND_CHOICES)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Tháng, quý, nửa năm số"), min_value=1, max_value=12, required=False
    )

    def period(self) -> Period:
        values = self.cleaned_data
        return period_of(values["kind"], values["year"], values["number"])


class SubmitForm(SubmissionPeriodForm):
    unit = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Ghi chú gửi tỉnh (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Duyệt")), ("return", _("Trả lại cho xã sửa"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến (bắt buộc khi trả lại)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
