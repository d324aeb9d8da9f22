"""The list of initiatives as XLSX: the columns of the list page (no personal data)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.core.xlsx import Column, list_xlsx

from .models import Initiative

COLUMNS = [
    Column(gettext_lazy("Tên mô hình")),
    Column(gettext_lazy("Loại mô hình")),
    Column(gettext_lazy("Cấp")),
    Column(gettext_lazy("Xã, phường")),
    Column(gettext_lazy("Ngày ra mắt"), "date"),
    Column(gettext_lazy("Tình trạng")),
    Column(gettext_lazy("Thành viên"), "number"),
    Column(gettext_lazy("Người được giúp đỡ"), "number"),
]


def initiative_list_xlsx(
    *, initiatives: Iterable[Initiative], unit: str, filters: Sequence[tuple[str, str]]
) -> bytes:
    """``initiatives`` as ``selectors.initiative_list`` gives them (with their counts)."""
    return list_xlsx(
        title=_("Mô hình tái hòa nhập cộng đồng"),
        columns=COLUMNS,
        rows=(
            [
                i.name,
                i.get_template_display(),
                i.get_level_display(),
                ", ".join(c.name for c in i.communes.all()),
                i.launched_on,
                i.get_status_display(),
                i.member_count,  # type: ignore[attr-defined]
                i.person_count,  # type: ignore[attr-defined]
            ]
            for i in initiatives
        ),
        unit=unit,
        filters=filters,
    )
