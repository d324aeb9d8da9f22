"""The prison's release notices (thông báo của trại giam): one row is one notice about one
person, recorded with ``release_notice_record`` as the notice form does.

The notice is where a file begins (docs/intake.md): a notice about someone with no file in
the actor's scope opens one through ``person_register``, as the officer would by hand
before recording it; the file waits, "chờ về địa phương", until the person reports.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reentry.core.errors import ValidationFailed
from reentry.persons.models import ReleaseNotice, ReleaseType
from reentry.persons.services import PersonData, person_register, release_notice_record

from .. import cells
from .base import CREATED, DUPLICATE, UPDATED, Column, Kind, person_find, person_key, person_locks

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

RELEASE_ALIASES = {
    "Chấp hành xong": ReleaseType.COMPLETED,
    "Hết án": ReleaseType.COMPLETED,
    "Đặc xá": ReleaseType.PARDONED,
    "Tha tù trước thời hạn": ReleaseType.CONDITIONAL,
    "Tha tù có điều kiện": ReleaseType.CONDITIONAL,
}


def _notice_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (*person_key(row), row["received_on"])


def _apply_notice(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """Natural key: the person and the day the notice was received. A notice already on the
    file is left as it is; one about a person without a file opens the file first."""
    person = person_find(actor, row, unit)
    if (
        person is not None
        and ReleaseNotice.objects.filter(person=person, received_on=row["received_on"]).exists()
    ):
        return DUPLICATE
    outcome = UPDATED
    if person is None:
        commune_code = row["commune_code"] or (unit.code if unit.kind == "commune" else "")
        if not commune_code:
            raise ValidationFailed(
                {"commune": [gettext("Chưa có hồ sơ: nhập mã xã, phường nơi về cư trú.")]}
            )
        today = timezone.localdate()
        released = row["expected_release_on"]
        person = person_register(
            actor=actor,
            data=PersonData(
                full_name=row["full_name"],
                gender=row["gender"],
                commune_code=commune_code,
                address_text=row["intended_address"],
                date_of_birth=row["date_of_birth"],
                birth_year=row["birth_year"],
                national_id=row["national_id"],
            ),
            started_on=min(released, today) if released else None,
            via="import",
        )
        outcome = CREATED
    release_notice_record(
        actor=actor,
        person=person,
        facility=row["facility"],
        received_on=row["received_on"],
        intended_address=row["intended_address"],
        expected_release_on=row["expected_release_on"],
        release_type=row["release_type"] or ReleaseType.COMPLETED,
    )
    return outcome


NOTICES = Kind(
    code="notices",
    label=_("Thông báo của trại giam về người sắp chấp hành xong án phạt tù"),
    columns=(
        Column(
            "full_name",
            _("Họ và tên"),
            cells.name,
            True,
            "Nguyễn Văn An",
            _("như trong thông báo của trại giam"),
        ),
        Column(
            "gender",
            _("Giới tính"),
            cells.or_blank(cells.gender),
            False,
            "Nam",
            _("Nam hoặc Nữ; cần khi người này chưa có hồ sơ"),
        ),
        Column(
            "date_of_birth", _("Ngày sinh"), cells.date, False, "15/03/1990", _("ngày/tháng/năm")
        ),
        Column(
            "birth_year",
            _("Năm sinh"),
            cells.whole,
            False,
            "",
            _("khi chỉ biết năm sinh (chỉ dùng để lập hồ sơ mới)"),
        ),
        Column(
            "national_id",
            _("Số CCCD"),
            cells.identity,
            False,
            "038090001234",
            _("12 chữ số; không có thì hồ sơ được tìm theo họ tên và ngày sinh"),
        ),
        Column(
            "facility",
            _("Trại giam gửi thông báo"),
            cells.text,
            True,
            "Trại giam Thanh Phong",
        ),
        Column(
            "received_on",
            _("Ngày nhận thông báo"),
            cells.date,
            True,
            "20/05/2022",
            _("hạn xác minh nơi cư trú (3 ngày làm việc) tính từ ngày này"),
        ),
        Column(
            "expected_release_on",
            _("Ngày dự kiến ra trại"),
            cells.date,
            False,
            "12/06/2022",
            _("bắt buộc khi tha tù trước thời hạn có điều kiện"),
        ),
        Column(
            "release_type",
            _("Hình thức ra trại"),
            partial(cells.choice, choices=ReleaseType.choices, aliases=RELEASE_ALIASES),
            False,
            "Chấp hành xong án phạt tù",
            _(
                "Chấp hành xong án phạt tù, Được đặc xá, hoặc Tha tù trước thời hạn có điều "
                "kiện; để trống là chấp hành xong"
            ),
        ),
        Column(
            "intended_address",
            _("Nơi về cư trú"),
            cells.text,
            True,
            "Thôn 3",
            _("địa chỉ người này sẽ về sinh sống"),
        ),
        Column(
            "commune_code",
            _("Mã xã"),
            cells.text,
            False,
            "15865",
            _("xã, phường nơi về cư trú, khi phải lập hồ sơ mới; để trống nếu tải lên cho một xã"),
        ),
    ),
    key=_notice_key,
    apply=_apply_notice,
    locks=person_locks,
    fields={"commune": "commune_code", "address_text": "intended_address"},
)
