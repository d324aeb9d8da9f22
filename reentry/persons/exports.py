"""The list of files as XLSX: the columns of the list page for every role that sees it, and
the latest sentence only for the roles that may see offences (``show_offences``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.core.xlsx import Column, list_xlsx

from .models import Person, Sentence

COLUMNS = [
    Column(gettext_lazy("Số hồ sơ"), "number"),
    Column(gettext_lazy("Họ và tên")),
    Column(gettext_lazy("Tên gọi khác")),
    Column(gettext_lazy("Giới tính")),
    Column(gettext_lazy("Ngày sinh"), "date"),
    Column(gettext_lazy("Năm sinh"), "number"),
    Column(gettext_lazy("Số CCCD")),
    Column(gettext_lazy("Xã, phường")),
    Column(gettext_lazy("Nơi cư trú")),
    Column(gettext_lazy("Tình trạng")),
]
# criminal-record data (the latest sentence): only for ``person.view_offence``
OFFENCE_COLUMNS = [
    Column(gettext_lazy("Số bản án")),
    Column(gettext_lazy("Ngày tuyên án"), "date"),
    Column(gettext_lazy("Tội danh")),
    Column(gettext_lazy("Loại tội phạm")),
    Column(gettext_lazy("Hình phạt chính")),
    Column(gettext_lazy("Thời hạn tù (tháng)"), "number"),
    Column(gettext_lazy("Ngày ra trại"), "date"),
    Column(gettext_lazy("Hình thức ra trại")),
]


def _sentence_cells(sentence: Sentence | None) -> list[object]:
    if sentence is None:
        return [None] * len(OFFENCE_COLUMNS)
    offences = list(sentence.offences.all())
    return [
        sentence.judgment_number,
        sentence.judgment_date,
        "; ".join(
            _("Điều %(article)s %(name)s") % {"article": o.article, "name": o.name}
            for o in offences
        ),
        ", ".join(dict.fromkeys(str(o.get_category_display()) for o in offences)),
        sentence.get_main_penalty_display(),
        sentence.prison_months,
        sentence.release_date,
        sentence.get_release_type_display() if sentence.release_type else "",
    ]


def _row(person: Person, show_offences: bool) -> list[object]:
    row: list[object] = [
        person.pk,
        person.full_name,
        person.other_names,
        person.get_gender_display(),
        person.date_of_birth,
        person.birth_year,
        person.national_id,
        person.commune.name,
        person.address_text,
        person.get_status_display(),
    ]
    if show_offences:
        sentences = list(person.sentences.all())  # prefetched, newest first
        row += _sentence_cells(sentences[0] if sentences else None)
    return row


def person_list_xlsx(
    *,
    persons: Sequence[Person],
    show_offences: bool,
    unit: str,
    filters: Sequence[tuple[str, str]],
) -> bytes:
    return list_xlsx(
        title=_("Hồ sơ người chấp hành xong án phạt tù"),
        columns=COLUMNS + OFFENCE_COLUMNS if show_offences else COLUMNS,
        rows=(_row(person, show_offences) for person in persons),
        unit=unit,
        filters=filters,
    )
