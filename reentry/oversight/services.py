"""Writes of oversight: an inspection with its recommendations, a follow-up step on a
recommendation, a commendation. Each validates everything first, writes in one
transaction and leaves an audit row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import (
    can_follow_up_recommendation,
    can_record_commendation,
    can_record_inspection,
    has_permission,
)
from reentry.access.scoping import initiatives_visible_to, partners_visible_to
from reentry.accounts.models import User
from reentry.audit.models import AuditAction
from reentry.audit.services import audit_record
from reentry.core.errors import ConflictError, DomainError, ValidationFailed
from reentry.geography.models import AdminUnit, AdminUnitKind
from reentry.geography.selectors import unit_by_code
from reentry.initiatives.models import Initiative, InitiativeMember, Level

from .models import (
    COLLECTIVE_KINDS,
    Commendation,
    CommendationForm,
    FollowUp,
    Inspection,
    RecipientKind,
    Recommendation,
    RecommendationStatus,
)

EARLIEST = datetime.date(1990, 1, 1)
MAX_RECOMMENDATIONS = 50


@dataclass(frozen=True)
class RecommendationData:
    text: str
    responsible: str
    due_on: datetime.date | None


def _check_date(errors: dict[str, list[str]], field: str, value: datetime.date) -> None:
    if value > timezone.localdate():
        errors[field] = [_("Ngày này không thể ở tương lai.")]
    elif value < EARLIEST:
        errors[field] = [_("Ngày này phải từ năm 1990 trở đi.")]


def _commune_in_scope(
    errors: dict[str, list[str]], actor: User, field: str, code: str
) -> AdminUnit | None:
    try:
        unit = unit_by_code(code.strip())
    except DomainError as exc:
        errors[field] = [exc.message]
        return None
    if unit.kind != AdminUnitKind.COMMUNE or not unit.path.startswith(actor.scope.path):
        errors[field] = [_("Xã “%(code)s” nằm ngoài phạm vi của bạn.") % {"code": code.strip()}]
        return None
    return unit


@transaction.atomic
def inspection_record(
    *,
    actor: User,
    commune_code: str,
    inspected_on: datetime.date,
    team: str,
    findings: str,
    recommendations: list[RecommendationData],
) -> Inspection:
    """Record the province's inspection of a commune, with the recommendations it left."""
    if not has_permission(actor, Permission.INSPECTION_RECORD):
        raise DomainError(_("Bạn không được ghi kết quả kiểm tra."))
    errors: dict[str, list[str]] = {}
    commune = _commune_in_scope(errors, actor, "commune", commune_code)
    if commune is not None and not can_record_inspection(actor, commune):
        errors["commune"] = [_("Xã này nằm ngoài phạm vi của bạn.")]
    _check_date(errors, "inspected_on", inspected_on)
    if not team.strip():
        errors["team"] = [_("Ghi đoàn kiểm tra.")]
    if not findings.strip():
        errors["findings"] = [_("Ghi kết quả kiểm tra.")]
    if len(recommendations) > MAX_RECOMMENDATIONS:
        errors["recommendations"] = [
            _("Một cuộc kiểm tra có tối đa %(n)s kiến nghị.") % {"n": MAX_RECOMMENDATIONS}
        ]
    latest_due = inspected_on + datetime.timedelta(days=5 * 366)
    for index, row in enumerate(recommendations):
        field = f"recommendations.{index}"
        if not row.text.strip():
            errors[f"{field}.text"] = [_("Ghi nội dung kiến nghị.")]
        elif len(row.text.strip()) > 500:
            errors[f"{field}.text"] = [_("Nội dung kiến nghị tối đa 500 ký tự.")]
        if not row.responsible.strip():
            errors[f"{field}.responsible"] = [_("Ghi đơn vị thực hiện.")]
        elif len(row.responsible.strip()) > 200:
            errors[f"{field}.responsible"] = [_("Đơn vị thực hiện tối đa 200 ký tự.")]
        if row.due_on is None:
            errors[f"{field}.due_on"] = [_("Ghi thời hạn thực hiện.")]
        elif row.due_on < inspected_on:
            errors[f"{field}.due_on"] = [_("Thời hạn không thể trước ngày kiểm tra.")]
        elif row.due_on > latest_due:
            errors[f"{field}.due_on"] = [_("Thời hạn tối đa 5 năm sau ngày kiểm tra.")]
    if errors or commune is None:
        raise ValidationFailed(errors)
    inspection = Inspection(
        commune=commune,
        commune_path=commune.path,
        inspected_on=inspected_on,
        team=team.strip(),
        findings=findings.strip(),
        recorded_by=actor,
    )
    inspection.full_clean()
    inspection.save()
    Recommendation.objects.bulk_create(
        Recommendation(
            inspection=inspection,
            commune_path=commune.path,
            text=row.text.strip(),
            responsible=row.responsible.strip(),
            due_on=row.due_on,
        )
        for row in recommendations
        if row.due_on is not None  # checked above
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=inspection,
        unit_path=commune.path,
        changes={"commune": commune.code, "recommendations": len(recommendations)},
    )
    return inspection


@transaction.atomic
def recommendation_follow_up(
    *,
    actor: User,
    recommendation: Recommendation,
    expected_version: int,
    status: str,
    occurred_on: datetime.date,
    note: str,
) -> FollowUp:
    """One step of carrying a recommendation out; ``done`` closes it (and takes it off the
    worklist). Steps are kept as history."""
    if not can_follow_up_recommendation(actor, recommendation):
        raise DomainError(_("Bạn không được cập nhật kiến nghị này."))
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if current.version != expected_version:
        raise ConflictError(
            _("Kiến nghị vừa được người khác cập nhật. Hãy tải lại trang rồi làm lại.")
        )
    errors: dict[str, list[str]] = {}
    if current.status == RecommendationStatus.DONE:
        errors["status"] = [_("Kiến nghị này đã thực hiện xong.")]
    if status not in RecommendationStatus.values or status == RecommendationStatus.OPEN:
        errors["status"] = [_("Chọn “đang thực hiện” hoặc “đã thực hiện xong”.")]
    _check_date(errors, "occurred_on", occurred_on)
    last_step = current.follow_ups.order_by("-occurred_on").values_list("occurred_on", flat=True)
    if "occurred_on" not in errors and occurred_on < current.inspection.inspected_on:
        errors["occurred_on"] = [_("Ngày này không thể trước ngày kiểm tra.")]
    elif "occurred_on" not in errors and last_step and occurred_on < last_step[0]:
        errors["occurred_on"] = [
            _("Ngày này không thể trước lần cập nhật trước (%(date)s).")
            % {"date": last_step[0].strftime("%d/%m/%Y")}
        ]
    if not note.strip():
        errors["note"] = [_("Ghi kết quả thực hiện.")]
    if errors:
        raise ValidationFailed(errors)
    step = FollowUp.objects.create(
        recommendation=current,
        occurred_on=occurred_on,
        status=status,
        note=note.strip(),
        recorded_by=actor,
    )
    before = current.status
    current.status = status
    current.done_on = occurred_on if status == RecommendationStatus.DONE else None
    current.version += 1
    current.full_clean()
    current.save()
    recommendation.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit_path=current.commune_path,
        changes={"status": [before, status]},
    )
    return step


def unit_of_initiative(initiative: Initiative) -> AdminUnit:
    """A commune-level initiative of one commune belongs to that commune; any other to its
    province."""
    communes = list(initiative.communes.all())  # uses a prefetch when there is one
    if initiative.level == Level.COMMUNE and len(communes) == 1:
        return communes[0]
    return initiative.province


@transaction.atomic
def commendation_record(
    *,
    actor: User,
    awarded_on: datetime.date,
    form: str,
    awarded_by: str,
    recipient_kind: str,
    reason: str,
    decision_number: str = "",
    recipient_id: int | None = None,
    recipient_name: str = "",
    commune_code: str = "",
) -> Commendation:
    """A commendation to an initiative, a member, a partner (``recipient_id``) or another
    collective or individual (``recipient_name`` and optionally ``commune_code``)."""
    if not has_permission(actor, Permission.COMMENDATION_RECORD):
        raise DomainError(_("Bạn không được ghi khen thưởng."))
    errors: dict[str, list[str]] = {}
    _check_date(errors, "awarded_on", awarded_on)
    if form not in CommendationForm.values:
        errors["form"] = [_("Chọn hình thức khen thưởng.")]
    if not awarded_by.strip():
        errors["awarded_by"] = [_("Ghi cấp khen, ví dụ Chủ tịch UBND tỉnh.")]
    if not reason.strip():
        errors["reason"] = [_("Ghi thành tích được khen.")]
    initiative = member = partner = None
    unit: AdminUnit | None = None
    name = recipient_name.strip()
    if recipient_kind not in RecipientKind.values:
        errors["recipient_kind"] = [_("Chọn đối tượng được khen.")]
    elif recipient_kind in (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL):
        if not name:
            errors["recipient_name"] = [_("Ghi tên tập thể, cá nhân được khen.")]
        if commune_code.strip():
            unit = _commune_in_scope(errors, actor, "commune", commune_code)
        else:
            unit = actor.scope
    elif recipient_id is None:
        errors["recipient"] = [_("Chọn đối tượng được khen.")]
    elif recipient_kind == RecipientKind.INITIATIVE:
        initiative = initiatives_visible_to(actor).filter(pk=recipient_id).first()
        if initiative is None:
            errors["recipient"] = [_("Không tìm thấy mô hình.")]
        else:
            unit, name = unit_of_initiative(initiative), initiative.name
    elif recipient_kind == RecipientKind.MEMBER:
        member = (
            InitiativeMember.objects.filter(
                Q(left_on__isnull=True) | Q(left_on__gte=awarded_on),
                pk=recipient_id,
                initiative__in=initiatives_visible_to(actor),
            )
            .select_related("initiative", "initiative__province")
            .first()
        )
        if member is None:
            errors["recipient"] = [_("Không tìm thấy thành viên mô hình.")]
        else:
            unit, name = unit_of_initiative(member.initiative), member.full_name
    else:
        partner = partners_visible_to(actor).filter(pk=recipient_id).first()
        if partner is None:
            errors["recipient"] = [_("Không tìm thấy doanh nghiệp, cơ sở.")]
        else:
            unit, name = partner.commune or partner.province, partner.name
    if unit is not None and not can_record_commendation(actor, unit.path):
        by_name = recipient_kind in (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL)
        field = "commune" if by_name else "recipient"
        errors.setdefault(field, []).append(
            _("Việc khen thưởng này thuộc cấp trên: %(unit)s.") % {"unit": unit.name}
        )
    if errors or unit is None:
        raise ValidationFailed(errors)
    commendation = Commendation(
        awarded_on=awarded_on,
        form=form,
        awarded_by=awarded_by.strip(),
        decision_number=decision_number.strip(),
        recipient_kind=recipient_kind,
        is_collective=recipient_kind in COLLECTIVE_KINDS,
        initiative=initiative,
        member=member,
        partner=partner,
        recipient_name=name,
        reason=reason.strip(),
        unit=unit,
        unit_path=unit.path,
        recorded_by=actor,
    )
    commendation.full_clean()
    commendation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=commendation,
        unit_path=unit.path,
        changes={"recipient_kind": recipient_kind, "form": form},
    )
    return commendation
