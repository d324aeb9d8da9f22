from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import VnDateField

from .models import (
    AssessmentOccasion,
    EmploymentKind,
    Lender,
    LoanStatus,
    NeedKind,
    NeedState,
    ProviderKind,
    SupportKind,
)
from .selectors import ActivityFilters, LoanFilters
from .services import ActivityData, EmploymentData, GoalData, LoanData, NeedData

MAX_VND = 10**12


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hỗ trợ"), choices=SupportKind.choices)
    occurred_on = VnDateField(label=_("Ngày"))
    provider_kind = forms.ChoiceField(
        label=_("Bên hỗ trợ"), choices=ProviderKind.choices, initial=ProviderKind.AGENCY
    )
    provider_name = forms.CharField(label=_("Người, cơ quan hỗ trợ"), max_length=200)
    outcome = forms.CharField(label=_("Kết quả"), max_length=500, required=False)
    amount_vnd = forms.IntegerField(
        label=_("Số tiền (đồng), nếu có"), required=False, min_value=0, max_value=MAX_VND
    )
    next_follow_up_on = VnDateField(label=_("Hẹn theo dõi tiếp"), required=False)

    def to_data(self) -> ActivityData:
        return ActivityData(**self.cleaned_data)


class LoanForm(forms.Form):
    lender = forms.ChoiceField(label=_("Nơi cho vay"), choices=Lender.choices)
    amount_vnd = forms.IntegerField(label=_("Số tiền vay (đồng)"), min_value=0, max_value=MAX_VND)
    term_months = forms.IntegerField(label=_("Thời hạn (tháng)"), min_value=1, max_value=600)
    purpose = forms.CharField(label=_("Mục đích"), max_length=300)
    applied_on = VnDateField(label=_("Ngày đề nghị"))
    approved_on = VnDateField(label=_("Ngày phê duyệt"), required=False)
    disbursed_on = VnDateField(label=_("Ngày giải ngân"), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=LoanStatus.choices)

    def to_data(self) -> LoanData:
        return LoanData(**self.cleaned_data)


class EmploymentForm(forms.Form):
    """A job; the employer is picked from the province's partner directory or typed."""

    partner = forms.TypedChoiceField(
        label=_("Doanh nghiệp đối tác"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Chọn nếu nơi làm việc có trong danh bạ đối tác của tỉnh."),
    )
    employer = forms.CharField(
        label=_("Nơi làm việc"),
        max_length=200,
        required=False,
        help_text=_("Để trống nếu đã chọn doanh nghiệp đối tác."),
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=EmploymentKind.choices)
    started_on = VnDateField(label=_("Từ ngày"))
    ended_on = VnDateField(label=_("Đến ngày"), required=False)
    monthly_income_vnd = forms.IntegerField(
        label=_("Thu nhập hằng tháng (đồng)"),
        required=False,
        min_value=-(10**12),
        max_value=10**12,
    )

    def __init__(self, *args: Any, partners: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner_names = dict(partners)
        self.fields["partner"].choices = [("", "—"), *partners]  # type: ignore[attr-defined]
        if not partners:
            del self.fields["partner"]

    def to_data(self) -> EmploymentData:
        data = dict(self.cleaned_data)
        partner_id = data.pop("partner", None)
        if partner_id is not None and not data["employer"].strip():
            data["employer"] = self.partner_names.get(partner_id, "")
        return EmploymentData(partner_id=partner_id, **data)


class AssessmentForm(forms.Form):
    """One row per need: its state (blank: not assessed this time) and a note."""

    assessed_on = VnDateField(label=_("Ngày đánh giá"))
    occasion = forms.ChoiceField(label=_("Dịp"), choices=AssessmentOccasion.choices)
    notes = forms.CharField(label=_("Ghi chú chung"), max_length=500, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for value, label in NeedKind.choices:
            self.fields[f"state_{value}"] = forms.ChoiceField(
                label=label, choices=[("", "—"), *NeedState.choices], required=False
            )
            self.fields[f"notes_{value}"] = forms.CharField(
                label=_("Ghi chú: %(need)s") % {"need": label}, max_length=300, required=False
            )

    def needs(self) -> list[NeedData]:
        return [
            NeedData(
                need=value,
                state=self.cleaned_data[f"state_{value}"],
                notes=self.cleaned_data[f"notes_{value}"],
            )
            for value in NeedKind.values
            if self.cleaned_data.get(f"state_{value}")
        ]


class LoanStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=LoanStatus.choices)
    approved_on = VnDateField(label=_("Ngày phê duyệt"), required=False)
    disbursed_on = VnDateField(label=_("Ngày giải ngân"), required=False)


GOAL_ROWS = 3
GOAL_FIELDS = {"need": "need", "goal": "goal", "responsible": "responsible", "target_on": "target"}


class PlanForm(forms.Form):
    """The plan with up to three goals; an empty row is ignored."""

    review_on = VnDateField(label=_("Ngày rà soát kế hoạch"))
    notes = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for row in range(1, GOAL_ROWS + 1):
            self.fields[f"need_{row}"] = forms.ChoiceField(
                label=_("Mục tiêu %(n)s: nhu cầu") % {"n": row},
                choices=[("", "—"), *NeedKind.choices],
                required=False,
            )
            self.fields[f"goal_{row}"] = forms.CharField(
                label=_("Mục tiêu %(n)s") % {"n": row}, max_length=300, required=False
            )
            self.fields[f"responsible_{row}"] = forms.CharField(
                label=_("Mục tiêu %(n)s: người, cơ quan phụ trách") % {"n": row},
                max_length=200,
                required=False,
            )
            self.fields[f"target_{row}"] = VnDateField(
                label=_("Mục tiêu %(n)s: thời hạn") % {"n": row}, required=False
            )

    def goals(self) -> list[GoalData]:
        """The filled rows; ``row_numbers`` keeps which form row each one came from."""
        data = self.cleaned_data
        self.row_numbers = [
            row
            for row in range(1, GOAL_ROWS + 1)
            if data.get(f"need_{row}")
            or data.get(f"goal_{row}")
            or data.get(f"responsible_{row}")
            or data.get(f"target_{row}")
        ]
        return [
            GoalData(
                need=data[f"need_{row}"],
                goal=data[f"goal_{row}"],
                responsible=data[f"responsible_{row}"],
                target_on=data[f"target_{row}"],
            )
            for row in self.row_numbers
        ]

    def field_of(self, service_field: str) -> str:
        """``goals.0.goal`` of the service is ``goal_<row>`` of the form."""
        if not service_field.startswith("goals."):
            return service_field
        _goals, index, name = service_field.split(".")
        return f"{GOAL_FIELDS[name]}_{self.row_numbers[int(index)]}"


class ActivityFilterForm(forms.Form):
    """The filters of the list of acts of help (the page and its download)."""

    q = forms.CharField(label=_("Tìm tên người được hỗ trợ"), max_length=100, required=False)
    commune = forms.CharField(label=_("Mã xã"), max_length=12, required=False)
    kind = forms.ChoiceField(
        label=_("Loại hỗ trợ"), choices=[("", _("Tất cả")), *SupportKind.choices], required=False
    )
    date_from = VnDateField(label=_("Từ ngày"), required=False)
    date_to = VnDateField(label=_("Đến ngày"), required=False)

    def filters(self) -> ActivityFilters:
        """The valid filters (a wrong field shows its error; the others still filter)."""
        values = getattr(self, "cleaned_data", {})
        return ActivityFilters(
            q=values.get("q") or "",
            commune=values.get("commune") or "",
            kind=values.get("kind") or "",
            date_from=values.get("date_from"),
            date_to=values.get("date_to"),
        )


class LoanFilterForm(forms.Form):
    """The filters of the list of loans (the page and its download)."""

    commune = forms.CharField(label=_("Mã xã"), max_length=12, required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", _("Tất cả")), *LoanStatus.choices], required=False
    )
    lender = forms.ChoiceField(
        label=_("Nơi cho vay"), choices=[("", _("Tất cả")), *Lender.choices], required=False
    )
    year = forms.IntegerField(
        label=_("Năm đề nghị vay"), required=False, min_value=2000, max_value=2100
    )

    def filters(self) -> LoanFilters:
        values = getattr(self, "cleaned_data", {})
        return LoanFilters(
            commune=values.get("commune") or "",
            status=values.get("status") or "",
            lender=values.get("lender") or "",
            year=values.get("year"),
        )
