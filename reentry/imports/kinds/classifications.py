"""Classifications (A/B/C/D, Thông tư 10/2024/TT-BCA) from the lists a commune draws up
each period, written through ``classification_record``: one row is one person's grade on
the day it was given, with the difficulties a B needs and the reasons a C or D needs."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reentry.core.errors import ValidationFailed
from reentry.outcomes.models import Classification, Difficulty, Grade
from reentry.outcomes.services import classification_record

from .. import cells
from .base import (
    CREATED,
    DUPLICATE,
    PERSON_COLUMNS,
    PERSON_FIELDS,
    Column,
    Kind,
    person_key,
    person_of_row,
)

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

GRADE_ALIASES = {f"Loại {grade}": grade for grade in Grade.values}
DIFFICULTY_ALIASES = {
    "Không có việc làm": Difficulty.NO_JOB,
    "Thất nghiệp": Difficulty.NO_JOB,
    "Không có vốn": Difficulty.NO_CAPITAL,
    "Mặc cảm": Difficulty.STIGMA,
    "Tự ti": Difficulty.STIGMA,
    "Bị kỳ thị": Difficulty.STIGMA,
    "Gia đình khó khăn": Difficulty.FAMILY_HARDSHIP,
    "Ốm đau": Difficulty.ILLNESS,
    "Bệnh tật": Difficulty.ILLNESS,
}


def _classification_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (*person_key(row), row["assessed_on"])


def _apply_classification(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """Natural key: the person and the day of the classification. The same grade again is
    already there; another grade for a day that has one is an error (history is never
    overwritten)."""
    person = person_of_row(actor, row, unit)
    given = Classification.objects.filter(person=person, assessed_on=row["assessed_on"]).first()
    if given is not None:
        if given.grade == row["grade"]:
            return DUPLICATE
        raise ValidationFailed(
            {
                "grade": [
                    gettext(
                        "Ngày %(date)s hồ sơ đã được phân loại %(grade)s: mỗi ngày một phân "
                        "loại, không ghi đè."
                    )
                    % {"date": given.assessed_on.strftime("%d/%m/%Y"), "grade": given.grade}
                ]
            }
        )
    classification_record(
        actor=actor,
        person=person,
        assessed_on=row["assessed_on"],
        grade=row["grade"],
        difficulties=row["difficulties"],
        notes=row["notes"],
    )
    return CREATED


CLASSIFICATIONS = Kind(
    code="classifications",
    label=_("Phân loại người chấp hành xong án phạt tù (A, B, C, D)"),
    columns=(
        *PERSON_COLUMNS,
        Column(
            "assessed_on",
            _("Ngày phân loại"),
            cells.date,
            True,
            "30/06/2023",
            _("ngày/tháng/năm: thường là ngày cuối kỳ đánh giá (quý, 6 tháng, năm)"),
        ),
        Column(
            "grade",
            _("Loại"),
            partial(cells.choice, choices=Grade.choices, aliases=GRADE_ALIASES),
            True,
            "B",
            _(
                "A: chấp hành tốt, ổn định; B: chấp hành nhưng còn khó khăn; C: chưa chấp hành "
                "tốt, có nguy cơ vi phạm; D: đang bị tạm giữ, tạm giam, ở cơ sở giáo dục, cai "
                "nghiện"
            ),
        ),
        Column(
            "difficulties",
            _("Khó khăn"),
            partial(cells.choice_list, choices=Difficulty.choices, aliases=DIFFICULTY_ALIASES),
            False,
            "Chưa có việc làm; Thiếu vốn",
            _(
                "bắt buộc với loại B, để trống với loại khác; nhiều khó khăn cách nhau bằng "
                "dấu chấm phẩy: Chưa có việc làm; Việc làm không ổn định; Thiếu vốn; Mặc cảm, "
                "tự ti, bị kỳ thị; Hoàn cảnh gia đình khó khăn; Ốm đau, bệnh tật"
            ),
        ),
        Column(
            "notes",
            _("Diễn biến, lý do"),
            cells.text,
            False,
            "",
            _("bắt buộc với loại C và D"),
        ),
    ),
    key=_classification_key,
    apply=_apply_classification,
    fields=dict(PERSON_FIELDS),
)
