"""Job spells (việc làm) from the sheets where communes follow who works where: one row is
one job of a person who has a file in the actor's scope, written through
``employment_record`` as the job form does."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reentry.access.permissions import Permission
from reentry.core.errors import ValidationFailed
from reentry.core.text import fold_key
from reentry.support.models import Employment, EmploymentKind
from reentry.support.services import EmploymentData, employment_record

from .. import cells
from .base import (
    CREATED,
    DUPLICATE,
    PERSON_COLUMNS,
    PERSON_FIELDS,
    Column,
    Kind,
    day_text,
    person_key,
    person_of_row,
)

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit


EMPLOYMENT_ALIASES = {
    "Làm công": EmploymentKind.EMPLOYEE,
    "Làm thuê": EmploymentKind.EMPLOYEE,
    "Hưởng lương": EmploymentKind.EMPLOYEE,
    "Tự làm": EmploymentKind.SELF_EMPLOYED,
    "Tự kinh doanh": EmploymentKind.SELF_EMPLOYED,
    "Làm thời vụ": EmploymentKind.SEASONAL,
}


def _employment_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (*person_key(row), fold_key(row["employer"]), row["started_on"])


def _apply_employment(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """Natural key: the person, the workplace (without case or accents) and the first day.
    A job already on the file is left as it is; a sheet that ends it is an error on the row
    (no service changes a recorded job yet), not a silent skip."""
    person = person_of_row(actor, row, unit)
    key = fold_key(row["employer"])
    for job in Employment.objects.filter(person=person, started_on=row["started_on"]):
        if fold_key(job.employer) != key:
            continue
        if row["ended_on"] and row["ended_on"] != job.ended_on:
            if job.ended_on is None:
                message = gettext(
                    "Việc làm này (từ %(start)s) đã có trên hồ sơ, chưa có ngày kết thúc: nhập "
                    "tệp không sửa được việc làm đã ghi."
                ) % {"start": day_text(job.started_on)}
            else:
                message = gettext(
                    "Việc làm này (từ %(start)s) đã có trên hồ sơ với ngày kết thúc %(end)s: "
                    "nhập tệp không sửa được việc làm đã ghi."
                ) % {"start": day_text(job.started_on), "end": day_text(job.ended_on)}
            raise ValidationFailed({"ended_on": [message]})
        return DUPLICATE
    employment_record(
        actor=actor,
        person=person,
        data=EmploymentData(
            employer=row["employer"],
            kind=row["kind"],
            started_on=row["started_on"],
            ended_on=row["ended_on"],
            monthly_income_vnd=row["monthly_income_vnd"],
        ),
    )
    return CREATED


EMPLOYMENT = Kind(
    code="employment",
    label=_("Việc làm của người chấp hành xong án phạt tù"),
    columns=(
        *PERSON_COLUMNS,
        Column(
            "employer",
            _("Nơi làm việc"),
            cells.text,
            True,
            "Công ty TNHH May Hoằng Hóa",
            _("doanh nghiệp, cơ sở, hoặc việc tự làm"),
        ),
        Column(
            "kind",
            _("Hình thức"),
            partial(cells.choice, choices=EmploymentKind.choices, aliases=EMPLOYMENT_ALIASES),
            True,
            "Làm công, hưởng lương",
            _("Làm công, hưởng lương; Tự làm, tự kinh doanh; Thời vụ"),
        ),
        Column("started_on", _("Từ ngày"), cells.date, True, "01/10/2022", _("ngày/tháng/năm")),
        Column(
            "ended_on",
            _("Đến ngày"),
            cells.date,
            False,
            "",
            _("để trống nếu đang làm"),
        ),
        Column(
            "monthly_income_vnd",
            _("Thu nhập hằng tháng"),
            cells.money,
            False,
            "7,5 triệu",
            _("đồng mỗi tháng: 7.500.000 hoặc 7,5 triệu"),
        ),
    ),
    key=_employment_key,
    apply=_apply_employment,
    fields={**PERSON_FIELDS, "partner": "employer"},
    permission=Permission.SUPPORT_CHANGE,
)
