from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .readers import ENCODINGS


class UploadForm(forms.Form):
    wide_fields = ("kind", "file")

    kind = forms.ChoiceField(label=_("Loại dữ liệu"))
    unit = forms.ChoiceField(
        label=_("Nhập vào đơn vị"),
        help_text=_("Dòng không ghi mã xã được nhập vào đơn vị này (khi là một xã, phường)."),
    )
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    encoding = forms.ChoiceField(
        label=_("Bảng mã (tệp CSV)"),
        required=False,
        choices=[("", _("Tự nhận biết")), *ENCODINGS.items()],
        help_text=_("Chỉ cần chọn khi chữ có dấu hiện sai trong bản xem trước."),
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        units: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
