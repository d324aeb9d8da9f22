"""The worklist as XLSX: what the page lists, due date first."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.core.xlsx import Column, list_xlsx

from .selectors import PER_KIND, WorkItem

COLUMNS = [
    Column(gettext_lazy("Hạn"), "date"),
    Column(gettext_lazy("Quá hạn")),
    Column(gettext_lazy("Việc")),
    Column(gettext_lazy("Người")),
    Column(gettext_lazy("Xã, phường")),
    Column(gettext_lazy("Ghi chú")),
]


def worklist_xlsx(
    *, items: Sequence[WorkItem], today: datetime.date, unit: str, capped: Sequence[str]
) -> bytes:
    """``capped``: the kinds of work with more to do than the list holds (as on the page)."""
    overdue = _("Quá hạn")
    limit = [
        (
            _("Giới hạn"),
            _("mỗi loại việc chỉ gồm %(count)s việc sớm nhất (%(kinds)s)")
            % {"count": PER_KIND, "kinds": ", ".join(capped)},
        )
    ]
    return list_xlsx(
        title=_("Việc cần làm"),
        columns=COLUMNS,
        rows=(
            [i.due, overdue if i.due < today else "", i.title, i.person_name, i.commune, i.note]
            for i in items
        ),
        unit=unit,
        filters=limit if capped else [],
    )
