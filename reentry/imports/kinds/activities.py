"""Acts of help (hoạt động hỗ trợ, DESIGN §4) from the sheets where communes list them:
one row is one act for a person who has a file in the actor's scope, written through
``support_activity_record`` as the support form does (an initiative member only for the
people their initiative helps)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from reentry.access.permissions import Permission
from reentry.support.models import ProviderKind, SupportActivity, SupportKind
from reentry.support.services import ActivityData, support_activity_record

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


SUPPORT_ALIASES = {
    "Vay vốn": SupportKind.LOAN,
    "Làm CCCD": SupportKind.IDENTITY_CARD,
    "Cấp căn cước": SupportKind.IDENTITY_CARD,
    "BHYT": SupportKind.HEALTH_INSURANCE,
    "Thẻ BHYT": SupportKind.HEALTH_INSURANCE,
    "Thăm hỏi, động viên": SupportKind.ENCOURAGEMENT_VISIT,
    "Học nghề": SupportKind.TRAINING_REFERRAL,
    "Trợ giúp xã hội": SupportKind.SOCIAL_ASSISTANCE,
    "Trợ cấp": SupportKind.SOCIAL_ASSISTANCE,
}
PROVIDER_ALIASES = {
    "Mô hình": ProviderKind.MEMBER,
    "Cơ quan": ProviderKind.AGENCY,
    "Đoàn thể": ProviderKind.AGENCY,
    "Doanh nghiệp": ProviderKind.PARTNER,
}


def _activity_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (*person_key(row), row["kind"], row["occurred_on"])


def _apply_activity(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """Natural key: the kind of help, the person and the day (issue 7)."""
    person = person_of_row(actor, row, unit)
    if SupportActivity.objects.filter(
        person=person, kind=row["kind"], occurred_on=row["occurred_on"]
    ).exists():
        return DUPLICATE
    support_activity_record(
        actor=actor,
        person=person,
        data=ActivityData(
            kind=row["kind"],
            occurred_on=row["occurred_on"],
            provider_name=row["provider_name"],
            provider_kind=row["provider_kind"] or ProviderKind.AGENCY,
            outcome=row["outcome"],
            amount_vnd=row["amount_vnd"],
            next_follow_up_on=row["next_follow_up_on"],
        ),
    )
    return CREATED


ACTIVITIES = Kind(
    code="activities",
    label=_("Hoạt động hỗ trợ người chấp hành xong án phạt tù"),
    columns=(
        *PERSON_COLUMNS,
        Column(
            "kind",
            _("Loại hỗ trợ"),
            partial(cells.choice, choices=SupportKind.choices, aliases=SUPPORT_ALIASES),
            True,
            "Giới thiệu việc làm",
            _(
                "một loại trong danh mục, ví dụ Tư vấn tâm lý; Giới thiệu việc làm; Gặp gỡ, "
                "động viên"
            ),
        ),
        Column(
            "occurred_on", _("Ngày hỗ trợ"), cells.date, True, "05/09/2022", _("ngày/tháng/năm")
        ),
        Column(
            "provider_name",
            _("Người, cơ quan hỗ trợ"),
            cells.text,
            True,
            "Trung tâm dịch vụ việc làm tỉnh",
        ),
        Column(
            "provider_kind",
            _("Bên hỗ trợ"),
            partial(cells.choice, choices=ProviderKind.choices, aliases=PROVIDER_ALIASES),
            False,
            "Cơ quan, đoàn thể",
            _(
                "Thành viên mô hình; Cơ quan, đoàn thể; Doanh nghiệp, cơ sở đối tác (để trống là "
                "cơ quan, đoàn thể)"
            ),
        ),
        Column(
            "outcome",
            _("Kết quả"),
            cells.text,
            False,
            "Được nhận vào làm tại xưởng may",
        ),
        Column(
            "amount_vnd",
            _("Số tiền"),
            cells.money,
            False,
            "",
            _("chỉ cho vay vốn hoặc trợ giúp xã hội: 2.000.000 hoặc 2 triệu"),
        ),
        Column(
            "next_follow_up_on",
            _("Ngày theo dõi tiếp"),
            cells.date,
            False,
            "05/10/2022",
            _("sau ngày hỗ trợ; để trống nếu không hẹn"),
        ),
    ),
    key=_activity_key,
    apply=_apply_activity,
    fields=dict(PERSON_FIELDS),
    permission=Permission.SUPPORT_CHANGE,
)
