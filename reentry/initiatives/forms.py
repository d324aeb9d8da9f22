from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import VnDateField

from .models import InitiativeStatus, Level, Organisation, PartnerKind, Template

if TYPE_CHECKING:
    from reentry.persons.models import Person


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Tên mô hình"), max_length=200)
    template = forms.ChoiceField(label=_("Loại mô hình"), choices=Template.choices)
    level = forms.ChoiceField(label=_("Cấp"), choices=Level.choices, initial=Level.COMMUNE)
    communes = forms.CharField(
        label=_("Mã các xã, phường"),
        max_length=300,
        required=False,
        help_text=_("Mã 5 chữ số, cách nhau bằng dấu phẩy, ví dụ 15865, 15880."),
    )
    launched_on = VnDateField(label=_("Ngày ra mắt"), required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=InitiativeStatus.choices, initial=InitiativeStatus.ACTIVE
    )


class InitiativeEditForm(InitiativeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    organisation = forms.ChoiceField(label=_("Tổ chức"), choices=Organisation.choices)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    username = forms.CharField(
        label=_("Tài khoản (nếu thành viên dùng hệ thống)"), max_length=150, required=False
    )
    joined_on = VnDateField(label=_("Ngày tham gia"))


class AssignForm(forms.Form):
    """The person is chosen from those the initiative may help (found by name above the
    form), not typed as a file number."""

    person = forms.TypedChoiceField(
        label=_("Người được giúp đỡ"),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "choice-list"}),
        error_messages={
            "required": _("Chọn người được giúp đỡ trong danh sách (tìm theo tên nếu cần)."),
            "invalid_choice": _(
                "Người này không có trong danh sách có thể phân công: tìm lại theo tên."
            ),
        },
    )
    started_on = VnDateField(label=_("Giúp đỡ từ ngày"))

    def __init__(self, *args: Any, candidates: Iterable[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (person.pk, candidate_label(person)) for person in candidates
        ]


def candidate_label(person: Person) -> str:
    """``Lê Văn Tám — 12/03/1985 — Xã Hoằng Hóa (#123)``: told apart from a namesake."""
    born = (
        f"{person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else str(person.birth_year or "")
    )
    return f"{person.full_name} — {born} — {person.commune.name} (#{person.pk})"


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Tên doanh nghiệp, cơ sở"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=PartnerKind.choices)
    commune = forms.CharField(label=_("Mã xã, phường (nếu có)"), max_length=12, required=False)
    offers_jobs = forms.BooleanField(label=_("Nhận lao động"), required=False)
    offers_training = forms.BooleanField(label=_("Đào tạo nghề"), required=False)
    contact = forms.CharField(label=_("Liên hệ"), max_length=200, required=False)


class EndForm(forms.Form):
    """The date a membership or an assignment ends."""

    on = VnDateField(label=_("Ngày"))
