"""The audit trail as XLSX: the rows the page shows, every page of them (up to a limit)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.core.xlsx import Column, list_xlsx

from .display import EventRow

# a download holds at most this many events, the newest; the file says so when reached
EXPORT_LIMIT = 50_000

COLUMNS = [
    Column(gettext_lazy("Thời điểm")),
    Column(gettext_lazy("Tên đăng nhập")),
    Column(gettext_lazy("Vai trò")),
    Column(gettext_lazy("Đơn vị của người thực hiện")),
    Column(gettext_lazy("Hành động")),
    Column(gettext_lazy("Đối tượng")),
    Column(gettext_lazy("Chi tiết")),
    Column(gettext_lazy("Địa chỉ IP")),
    Column(gettext_lazy("Số sự kiện"), "number"),
]


def trail_xlsx(
    *, rows: Iterable[EventRow], title: str, unit: str, filters: Sequence[tuple[str, str]]
) -> bytes:
    return list_xlsx(
        title=title or _("Nhật ký truy cập"),
        columns=COLUMNS,
        rows=(
            [
                f"{r.occurred_at:%d/%m/%Y %H:%M:%S}",
                r.username,
                r.role,
                r.actor_unit,
                r.action,
                r.subject,
                r.detail,
                r.ip_address,
                r.id,
            ]
            for r in rows
        ),
        unit=unit,
        filters=filters,
    )
