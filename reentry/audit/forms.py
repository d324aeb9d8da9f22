"""The filters of the audit trail's pages (the page and its download)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reentry.access.scoping import units_under_scope
from reentry.persons.forms import VnDateField

from .models import AuditAction
from .selectors import AuditFilters

if TYPE_CHECKING:
    from reentry.accounts.models import User


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Tên đăng nhập"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("Hành động"), choices=[("", _("Tất cả")), *AuditAction.choices], required=False
    )
    unit = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=12,
        required=False,
        help_text=_("Mã xã hoặc tỉnh trong phạm vi của bạn, ví dụ 15865."),
    )
    date_from = VnDateField(label=_("Từ ngày"), required=False)
    date_to = VnDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, actor: User, with_unit: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reader = actor
        if not with_unit or actor.scope.kind == "commune":
            del self.fields["unit"]

    def clean_unit(self) -> Any:
        code = (self.cleaned_data.get("unit") or "").strip()
        if not code:
            return None
        found = units_under_scope(self.reader).filter(code=code).first()
        if found is None:
            raise forms.ValidationError(
                _("Không có đơn vị mã %(code)s trong phạm vi của bạn."), params={"code": code}
            )
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
            cleaned.pop("date_to", None)
        return cleaned

    def filters(self) -> AuditFilters:
        """The valid filters (a wrong field shows its error; the others still filter)."""
        values = getattr(self, "cleaned_data", {})
        return AuditFilters(
            actor=values.get("actor") or "",
            action=values.get("action") or "",
            unit=values.get("unit"),
            date_from=values.get("date_from"),
            date_to=values.get("date_to"),
        )
