"""Recording an outreach event: communes within the actor's scope, counts never negative."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.policies import can_record_outreach
from reentry.accounts.models import User
from reentry.audit.models import AuditAction
from reentry.audit.services import audit_record
from reentry.core.errors import DomainError, ValidationFailed
from reentry.geography.models import AdminUnit, AdminUnitKind
from reentry.geography.selectors import unit_by_code

from .models import OutreachEvent, OutreachKind

MAX_COUNT = 1_000_000


@transaction.atomic
def outreach_event_record(
    *,
    actor: User,
    held_on: datetime.date,
    kind: str,
    title: str,
    commune_codes: list[str],
    participants: int = 0,
    materials: int = 0,
) -> OutreachEvent:
    if not can_record_outreach(actor):
        raise DomainError(_("Bạn không được ghi hoạt động tuyên truyền."))
    errors: dict[str, list[str]] = {}
    if kind not in OutreachKind.values:
        errors["kind"] = [_("Chọn hình thức tuyên truyền.")]
    if not title.strip():
        errors["title"] = [_("Ghi nội dung tuyên truyền.")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Ngày này không thể ở tương lai.")]
    if held_on < datetime.date(1990, 1, 1):
        errors["held_on"] = [_("Ngày này phải từ năm 1990 trở đi.")]
    for name, value in (("participants", participants), ("materials", materials)):
        if not 0 <= value <= MAX_COUNT:
            errors[name] = [_("Số lượng phải từ 0 đến 1.000.000.")]
    communes: list[AdminUnit] = []
    for code in dict.fromkeys(c.strip() for c in commune_codes if c.strip()):
        try:
            unit = unit_by_code(code)
        except DomainError as exc:
            errors.setdefault("communes", []).append(exc.message)
            continue
        if unit.kind != AdminUnitKind.COMMUNE or not unit.path.startswith(actor.scope.path):
            errors.setdefault("communes", []).append(
                _("Xã “%(code)s” nằm ngoài phạm vi của bạn.") % {"code": code}
            )
            continue
        communes.append(unit)
    if not communes and "communes" not in errors:
        errors["communes"] = [_("Ghi ít nhất một xã, phường.")]
    if errors:
        raise ValidationFailed(errors)
    province = communes[0].parent
    if province is None:  # every 2025 commune has its province
        raise DomainError(_("Không xác định được tỉnh."))
    event = OutreachEvent(
        held_on=held_on,
        kind=kind,
        title=title.strip(),
        province=province,
        province_path=province.path,
        participants=participants,
        materials=materials,
        recorded_by=actor,
    )
    event.full_clean()
    event.save()
    event.communes.set(communes)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=event,
        unit_path=province.path,
        changes={"communes": [c.code for c in communes], "participants": participants},
    )
    return event
