from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import VnDateField

from .models import FOLLOW_UP_STATUSES, RecipientKind
from .models import CommendationForm as Form_
from .services import RecommendationData

RECOMMENDATION_ROWS = 5
RECOMMENDATION_FIELDS = {"text": "text", "responsible": "responsible", "due_on": "due"}


class InspectionForm(forms.Form):
    """An inspection with up to five recommendations; an empty row is ignored."""

    # each recommendation starts a new line: its text across, then who and by when
    wide_fields = frozenset(
        {"findings", *(f"text_{row}" for row in range(1, RECOMMENDATION_ROWS + 1))}
    )

    commune = forms.CharField(
        label=_("Mã xã, phường được kiểm tra"),
        max_length=12,
        help_text=_("Mã 5 chữ số, ví dụ 15865."),
    )
    inspected_on = VnDateField(label=_("Ngày kiểm tra"))
    team = forms.CharField(
        label=_("Đoàn kiểm tra"),
        max_length=300,
        help_text=_("Ví dụ: Đoàn kiểm tra liên ngành Ban Chỉ đạo 138 tỉnh."),
    )
    findings = forms.CharField(
        label=_("Kết quả kiểm tra"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, RECOMMENDATION_ROWS + 1):
            self.fields[f"text_{row}"] = forms.CharField(
                label=_("Kiến nghị %(n)s") % {"n": row}, max_length=500, required=False
            )
            self.fields[f"responsible_{row}"] = forms.CharField(
                label=_("Kiến nghị %(n)s: đơn vị thực hiện") % {"n": row},
                max_length=200,
                required=False,
            )
            self.fields[f"due_{row}"] = VnDateField(
                label=_("Kiến nghị %(n)s: thời hạn") % {"n": row}, required=False
            )

    def recommendations(self) -> list[RecommendationData]:
        """The filled rows; ``row_numbers`` keeps which form row each one came from."""
        data = self.cleaned_data
        self.row_numbers = [
            row
            for row in range(1, RECOMMENDATION_ROWS + 1)
            if data.get(f"text_{row}") or data.get(f"responsible_{row}") or data.get(f"due_{row}")
        ]
        return [
            RecommendationData(
                text=data[f"text_{row}"],
                responsible=data[f"responsible_{row}"],
                due_on=data[f"due_{row}"],
            )
            for row in self.row_numbers
        ]

    def field_of(self, service_field: str) -> str:
        """``recommendations.0.text`` of the service is ``text_<row>`` of the form."""
        if not service_field.startswith("recommendations."):
            return service_field
        _rows, index, name = service_field.split(".")
        return f"{RECOMMENDATION_FIELDS[name]}_{self.row_numbers[int(index)]}"


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=FOLLOW_UP_STATUSES)
    occurred_on = VnDateField(label=_("Ngày"))
    note = forms.CharField(label=_("Kết quả thực hiện"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommendationEntryForm(forms.Form):
    """``recipient`` is one choice among the initiatives, members and partners the user may
    see (``initiative:12``), or another collective or individual named in full."""

    awarded_on = VnDateField(label=_("Ngày khen thưởng"))
    form = forms.ChoiceField(label=_("Hình thức"), choices=Form_.choices)
    awarded_by = forms.CharField(
        label=_("Cấp khen"),
        max_length=200,
        help_text=_("Ví dụ: Chủ tịch UBND tỉnh, Giám đốc Công an tỉnh."),
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    recipient = forms.ChoiceField(label=_("Đối tượng được khen"))
    recipient_name = forms.CharField(
        label=_("Tên tập thể, cá nhân khác"),
        max_length=200,
        required=False,
        help_text=_("Chỉ ghi khi chọn “Tập thể khác” hoặc “Cá nhân khác”."),
    )
    commune = forms.CharField(
        label=_("Mã xã, phường của tập thể, cá nhân khác"),
        max_length=12,
        required=False,
        help_text=_("Để trống để ghi cho đơn vị của bạn."),
    )
    reason = forms.CharField(label=_("Thành tích"), max_length=500)

    def __init__(
        self,
        *args: Any,
        initiatives: list[tuple[int, str]],
        members: list[tuple[int, str]],
        partners: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        groups: list[tuple[Any, Any]] = [("", "—")]
        for kind, rows in (
            (RecipientKind.INITIATIVE, initiatives),
            (RecipientKind.MEMBER, members),
            (RecipientKind.PARTNER, partners),
        ):
            if rows:
                groups.append((kind.label, [(f"{kind.value}:{pk}", name) for pk, name in rows]))
        groups.append(
            (
                _("Khác"),
                [
                    (RecipientKind.COLLECTIVE.value, RecipientKind.COLLECTIVE.label),
                    (RecipientKind.INDIVIDUAL.value, RecipientKind.INDIVIDUAL.label),
                ],
            )
        )
        self.fields["recipient"].choices = groups  # type: ignore[attr-defined]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        kind, _sep, pk = data.pop("recipient").partition(":")
        data["recipient_kind"] = kind
        data["recipient_id"] = int(pk) if pk else None
        data["commune_code"] = data.pop("commune")
        return data
