from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reentry.persons.forms import ConfirmedForm, VnDateField
from reentry.persons.models import Person

from .models import Difficulty, ExpungementKind, Grade, ReoffenceStatus


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


class ReoffenceForm(forms.Form):
    committed_on = VnDateField(label=_("Ngày thực hiện hành vi"))
    charge = forms.CharField(label=_("Hành vi, tội danh"), max_length=300)
    arrested_on = VnDateField(label=_("Ngày bị bắt, khởi tố"), required=False)
    in_custody = forms.BooleanField(
        label=_("Đang bị tạm giữ, tạm giam (phân loại D)"), required=False
    )


class ReoffenceConcludeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (ReoffenceStatus.CONVICTED.value, ReoffenceStatus.CONVICTED.label),
            (ReoffenceStatus.DROPPED.value, ReoffenceStatus.DROPPED.label),
        ],
    )
    concluded_on = VnDateField(label=_("Ngày"))
    sentence = forms.TypedChoiceField(
        label=_("Bản án mới"), coerce=int, empty_value=None, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, sentences: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sentence"].choices = [("", "—"), *sentences]  # type: ignore[attr-defined]


class ExpungementRecordForm(ConfirmedForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=ExpungementKind.choices)
    number = forms.CharField(label=_("Số phiếu, số quyết định"), max_length=60)
    issued_by = forms.CharField(
        label=_("Cơ quan cấp, Tòa án"),
        max_length=200,
        help_text=_("Ví dụ: Sở Tư pháp tỉnh Thanh Hóa; Tòa án nhân dân tỉnh Thanh Hóa."),
    )
    issued_on = VnDateField(label=_("Ngày cấp, ngày quyết định"))
    # asked of the kinds that seal the file; a refusal leaves it open
    confirm = forms.BooleanField(
        required=False,
        help_text=_(
            "Không cần đánh dấu khi ghi quyết định bác đơn: quyết định đó không niêm phong hồ sơ."
        ),
    )

    def __init__(self, *args: Any, person: Person, openers: list[str], **kwargs: Any) -> None:
        """``openers``: the roles that may open a sealed file, as the page names them."""
        super().__init__(*args, **kwargs)
        said = {"name": person.full_name, "openers": ", ".join(openers)}
        self.fields["confirm"].label = (
            _(
                "Tôi đã đối chiếu giấy tờ gốc và hiểu rằng hồ sơ của %(name)s sẽ kết thúc quản "
                "lý và được niêm phong ngay: rời khỏi mọi danh sách, chỉ %(openers)s mở được. "
                "Không hoàn tác được."
            )
            % said
        )
        self.warning = [
            gettext(
                "Phiếu lý lịch tư pháp, hoặc quyết định xóa án tích của Tòa án, niêm phong hồ "
                "sơ ngay khi bấm “Ghi và niêm phong hồ sơ”: hồ sơ của %(name)s kết thúc quản "
                "lý, rời khỏi mọi danh sách, tìm kiếm, Việc cần làm và tệp xuất; xã không mở "
                "lại được."
            )
            % said,
            gettext(
                "Chỉ %(openers)s (có quyền mở hồ sơ đã niêm phong) mở được hồ sơ, phải nêu lý "
                "do, và lần mở được ghi nhật ký. Không hoàn tác được trên hệ thống: kiểm tra "
                "kỹ loại giấy tờ, số, cơ quan cấp và ngày trước khi ghi."
            )
            % said,
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seals = cleaned.get("kind") in (ExpungementKind.CERTIFICATE, ExpungementKind.COURT_GRANTED)
        if seals and not cleaned.get("confirm"):
            self.add_error(
                "confirm",
                _(
                    "Chưa ghi gì: giấy tờ này niêm phong hồ sơ. Đánh dấu ô này để xác nhận, "
                    "rồi bấm “Ghi và niêm phong hồ sơ”."
                ),
            )
        return cleaned


class SealedSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Số CCCD/CMND hoặc họ và tên"),
        min_length=3,
        max_length=150,
        help_text=_("Hồ sơ đã niêm phong chỉ tìm được theo số CCCD/CMND hoặc đúng họ và tên."),
    )
    birth_year = forms.IntegerField(
        label=_("Năm sinh (nếu tìm theo tên)"), min_value=1900, max_value=2100, required=False
    )


class SealedOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở hồ sơ"),
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ví dụ: trả lời đơn của công dân số …; yêu cầu của cơ quan điều tra theo công văn "
            "số …. Lý do được ghi vào nhật ký, kèm tên bạn và thời điểm."
        ),
    )
