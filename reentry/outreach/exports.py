"""The list of outreach events as XLSX: the columns of the list page (no personal data)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.core.xlsx import Column, list_xlsx

from .models import OutreachEvent

COLUMNS = [
    Column(gettext_lazy("Ngày"), "date"),
    Column(gettext_lazy("Hình thức")),
    Column(gettext_lazy("Nội dung")),
    Column(gettext_lazy("Xã, phường")),
    Column(gettext_lazy("Lượt người tham dự"), "number"),
    Column(gettext_lazy("Tài liệu, tờ rơi phát ra"), "number"),
]


def outreach_list_xlsx(
    *, events: Iterable[OutreachEvent], unit: str, filters: Sequence[tuple[str, str]]
) -> bytes:
    return list_xlsx(
        title=_("Tuyên truyền"),
        columns=COLUMNS,
        rows=(
            [
                e.held_on,
                e.get_kind_display(),
                e.title,
                ", ".join(c.name for c in e.communes.all()),
                e.participants,
                e.materials,
            ]
            for e in events
        ),
        unit=unit,
        filters=filters,
    )
