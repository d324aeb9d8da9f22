"""Outreach (tuyên truyền) from the commune's lists of conferences, loudspeaker bulletins
and leaflet runs, with attendance: not about a person. Written through
``outreach_event_record``, which keeps the communes within the actor's scope."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reentry.access.permissions import Permission
from reentry.access.scoping import outreach_events_visible_to
from reentry.core.errors import ValidationFailed
from reentry.core.text import fold_key
from reentry.outreach.models import OutreachKind
from reentry.outreach.services import outreach_event_record

from .. import cells
from .base import CREATED, DUPLICATE, Column, Kind

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

OUTREACH_ALIASES = {
    "Phát thanh": OutreachKind.LOUDSPEAKER,
    "Loa": OutreachKind.LOUDSPEAKER,
    "Loa truyền thanh": OutreachKind.LOUDSPEAKER,
    "Bài viết": OutreachKind.WEB_ARTICLE,
    "Tin bài": OutreachKind.WEB_ARTICLE,
    "Tờ rơi": OutreachKind.LEAFLETS,
    "Sinh hoạt": OutreachKind.PERIODIC_MEETING,
    "Họp dân": OutreachKind.PERIODIC_MEETING,
}


def _outreach_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["held_on"], row["kind"], fold_key(row["title"]), tuple(sorted(row["communes"])))


def _apply_outreach(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """Natural key: the day, the kind, the title (without case or accents) and the communes.
    No commune in the row means the commune the file is uploaded for."""
    codes = row["communes"] or ([unit.code] if unit.kind == "commune" else [])
    if not codes:
        raise ValidationFailed({"communes": [gettext("Ghi mã xã, phường nơi tổ chức.")]})
    title = fold_key(row["title"])
    for event in (
        outreach_events_visible_to(actor)
        .filter(held_on=row["held_on"], kind=row["kind"])
        .prefetch_related("communes")
    ):
        if fold_key(event.title) == title and {c.code for c in event.communes.all()} == set(codes):
            return DUPLICATE
    outreach_event_record(
        actor=actor,
        held_on=row["held_on"],
        kind=row["kind"],
        title=row["title"],
        commune_codes=codes,
        participants=row["participants"] or 0,
        materials=row["materials"] or 0,
    )
    return CREATED


OUTREACH = Kind(
    code="outreach",
    label=_("Hoạt động tuyên truyền (hội nghị, phát thanh, tờ rơi)"),
    columns=(
        Column("held_on", _("Ngày tổ chức"), cells.date, True, "15/05/2023", _("ngày/tháng/năm")),
        Column(
            "kind",
            _("Hình thức"),
            partial(cells.choice, choices=OutreachKind.choices, aliases=OUTREACH_ALIASES),
            True,
            "Hội nghị",
            _(
                "Hội nghị; Phát thanh trên loa; Bài viết trên trang tin; Phát tờ rơi; Sinh hoạt "
                "định kỳ"
            ),
        ),
        Column(
            "title",
            _("Nội dung"),
            cells.text,
            True,
            "Hội nghị tuyên truyền chính sách hỗ trợ người chấp hành xong án phạt tù",
        ),
        Column(
            "communes",
            _("Mã xã"),
            cells.unit_codes,
            False,
            "15865",
            _(
                "mã xã, phường nơi tổ chức (5 chữ số), nhiều xã cách nhau bằng dấu phẩy; để "
                "trống nếu tải lên cho một xã"
            ),
        ),
        Column(
            "participants",
            _("Số lượt người tham dự"),
            cells.count,
            False,
            "120",
            _("để trống là 0"),
        ),
        Column(
            "materials",
            _("Số tài liệu, tờ rơi phát ra"),
            cells.count,
            False,
            "150",
            _("để trống là 0"),
        ),
    ),
    key=_outreach_key,
    apply=_apply_outreach,
    fields={},
    permission=Permission.SUPPORT_CHANGE,
)
