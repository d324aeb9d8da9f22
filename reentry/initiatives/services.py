"""Writes of initiatives: create one, add a member, assign a person. Validated and audited."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import (
    can_manage_assignment,
    can_manage_initiative,
    has_permission,
)
from reentry.access.scoping import persons_visible_to
from reentry.accounts.models import User
from reentry.accounts.roles import Role
from reentry.accounts.selectors import user_get_by_username
from reentry.audit import events
from reentry.audit.models import AuditAction
from reentry.audit.services import audit_record
from reentry.core.errors import ConflictError, DomainError, ValidationFailed
from reentry.geography.models import AdminUnit, AdminUnitKind
from reentry.geography.selectors import unit_by_code
from reentry.law.phone import PhoneError, normalize_phone
from reentry.persons.models import Person

from .models import (
    Assignment,
    Initiative,
    InitiativeMember,
    InitiativeStatus,
    Level,
    Organisation,
    Partner,
    PartnerKind,
    Template,
)


def _check_manage(actor: User) -> None:
    if not has_permission(actor, Permission.INITIATIVE_MANAGE):
        raise DomainError(_("Bạn không được quản lý mô hình."))


def _check_manage_initiative(actor: User, initiative: Initiative) -> None:
    _check_manage(actor)
    if not can_manage_initiative(actor, initiative):
        raise DomainError(_("Mô hình này gồm nhiều xã hoặc thuộc cấp tỉnh: do cấp tỉnh quản lý."))


def _province_of(actor: User) -> AdminUnit:
    unit = actor.scope
    return unit if unit.kind == AdminUnitKind.PROVINCE else unit.parent  # type: ignore[return-value]


def _initiative_errors(
    actor: User,
    *,
    name: str,
    template: str,
    level: str,
    commune_codes: list[str],
    launched_on: datetime.date | None,
    status: str,
) -> tuple[dict[str, list[str]], list[AdminUnit]]:
    """The field errors of an initiative as created or edited, and its communes."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Ghi tên mô hình.")]
    if template not in Template.values:
        errors["template"] = [_("Chọn loại mô hình.")]
    if level not in Level.values:
        errors["level"] = [_("Chọn cấp của mô hình.")]
    if status not in InitiativeStatus.values:
        errors["status"] = [_("Chọn tình trạng.")]
    if launched_on and launched_on > timezone.localdate():
        errors["launched_on"] = [_("Ngày ra mắt không thể ở tương lai.")]
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
    if level == Level.COMMUNE and not communes and "communes" not in errors:
        errors["communes"] = [_("Mô hình cấp xã cần ít nhất một xã, phường.")]
    if level == Level.PROVINCE and actor.scope.kind != AdminUnitKind.PROVINCE:
        errors["level"] = [_("Chỉ cán bộ cấp tỉnh lập mô hình cấp tỉnh.")]
    return errors, communes


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    name: str,
    template: str,
    level: str,
    commune_codes: list[str],
    launched_on: datetime.date | None,
    status: str = InitiativeStatus.ACTIVE,
) -> Initiative:
    _check_manage(actor)
    errors, communes = _initiative_errors(
        actor,
        name=name,
        template=template,
        level=level,
        commune_codes=commune_codes,
        launched_on=launched_on,
        status=status,
    )
    if errors:
        raise ValidationFailed(errors)
    province = _province_of(actor)
    initiative = Initiative(
        name=name.strip(),
        template=template,
        level=level,
        province=province,
        province_path=province.path,
        launched_on=launched_on,
        status=status,
    )
    initiative.full_clean()
    initiative.save()
    initiative.communes.set(communes)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=initiative,
        unit_path=province.path,
        changes={"communes": [c.code for c in communes]},
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User,
    initiative: Initiative,
    expected_version: int,
    name: str,
    template: str,
    level: str,
    commune_codes: list[str],
    launched_on: datetime.date | None,
    status: str,
) -> Initiative:
    """Edit an initiative (rename it, suspend or dissolve it, change its communes). Only
    by whoever manages all of it (``access.policies.can_manage_initiative``). Members of an
    initiative that is not active stop seeing the people it helps; dissolving it ends its
    help to everyone, and dropping a commune ends the help to the people living there (as
    of today; the history stays)."""
    _check_manage_initiative(actor, initiative)
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.version != expected_version:
        raise ConflictError(
            _("Mô hình vừa được người khác cập nhật. Hãy tải lại trang rồi làm lại.")
        )
    errors, communes = _initiative_errors(
        actor,
        name=name,
        template=template,
        level=level,
        commune_codes=commune_codes,
        launched_on=launched_on,
        status=status,
    )
    if errors:
        raise ValidationFailed(errors)
    before = {
        "name": current.name,
        "status": current.status,
        "communes": sorted(c.code for c in current.communes.all()),
    }
    current.name = name.strip()
    current.template = template
    current.level = level
    current.launched_on = launched_on
    current.status = status
    current.version += 1
    current.full_clean()
    current.save()
    current.communes.set(communes)
    covered = [c.pk for c in communes]
    open_help = current.assignments.filter(ended_on__isnull=True).select_related("person")
    if status != InitiativeStatus.DISSOLVED and level == Level.COMMUNE:
        open_help = open_help.exclude(person__commune_id__in=covered)
    elif status != InitiativeStatus.DISSOLVED:
        open_help = open_help.exclude(person__commune_path__startswith=current.province_path)
    today = timezone.localdate()
    for assignment in open_help:
        assignment.ended_on = today
        assignment.save(update_fields=["ended_on"])
        events.person_record_changed(
            actor=actor,
            person=assignment.person,
            obj=assignment,
            changes={"ended_on": today.isoformat(), "why": "initiative changed"},
        )
    after = {
        "name": current.name,
        "status": current.status,
        "communes": sorted(c.code for c in communes),
    }
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit_path=current.province_path,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    initiative.refresh_from_db()
    return current


@transaction.atomic
def member_add(
    *,
    actor: User,
    initiative: Initiative,
    full_name: str,
    organisation: str,
    joined_on: datetime.date,
    phone: str = "",
    username: str = "",
) -> InitiativeMember:
    """Add a member; the same person (account, or name and organisation) is never active
    twice in one initiative."""
    _check_manage_initiative(actor, initiative)
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        errors["full_name"] = [_("Ghi họ và tên thành viên.")]
    if organisation not in Organisation.values:
        errors["organisation"] = [_("Chọn tổ chức.")]
    if joined_on > timezone.localdate():
        errors["joined_on"] = [_("Ngày tham gia không thể ở tương lai.")]
    clean_phone = ""
    if phone.strip():
        try:
            clean_phone = normalize_phone(phone)
        except PhoneError as exc:
            errors["phone"] = [exc.message]
    account: User | None = None
    if username.strip():
        try:
            account = user_get_by_username(username.strip())
        except DomainError as exc:
            errors["username"] = [exc.message]
        else:
            if account.role != Role.INITIATIVE_MEMBER:
                errors["username"] = [_("Tài khoản này không có vai trò thành viên mô hình.")]
            elif not account.scope.path.startswith(initiative.province_path):
                errors["username"] = [_("Tài khoản này thuộc tỉnh khác.")]
    active = initiative.members.filter(left_on__isnull=True)
    if account is not None and active.filter(user=account).exists():
        errors["username"] = [_("Tài khoản này đã là thành viên của mô hình.")]
    if active.filter(full_name__iexact=full_name.strip(), organisation=organisation).exists():
        errors["full_name"] = [_("Thành viên này đã có trong mô hình.")]
    if errors:
        raise ValidationFailed(errors)
    member = InitiativeMember(
        initiative=initiative,
        full_name=full_name.strip(),
        organisation=organisation,
        phone=clean_phone,
        user=account,
        joined_on=joined_on,
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=member,
        unit_path=initiative.province_path,
        changes={"initiative": initiative.pk, "account": bool(account)},
    )
    return member


@transaction.atomic
def person_assign(
    *, actor: User, initiative: Initiative, person: Person, started_on: datetime.date
) -> Assignment:
    """An initiative starts helping a person of a commune it covers."""
    _check_manage(actor)
    errors: dict[str, list[str]] = {}
    if not persons_visible_to(actor, Person.objects.filter(pk=person.pk)).exists():
        raise DomainError(_("Không tìm thấy hồ sơ."))
    if not can_manage_assignment(actor, initiative, person):
        raise DomainError(_("Bạn không được phân công giúp đỡ người này."))
    if not Person.objects.filter(initiative.covered_persons(), pk=person.pk).exists():
        errors["person"] = [_("Người này không cư trú ở xã mà mô hình phụ trách.")]
    if initiative.status != InitiativeStatus.ACTIVE:
        errors["initiative"] = [_("Mô hình không còn hoạt động.")]
    if started_on > timezone.localdate():
        errors["started_on"] = [_("Ngày bắt đầu không thể ở tương lai.")]
    if initiative.assignments.filter(person=person, ended_on__isnull=True).exists():
        errors["person"] = [_("Người này đang được mô hình giúp đỡ.")]
    if errors:
        raise ValidationFailed(errors)
    assignment = Assignment.objects.create(
        initiative=initiative, person=person, started_on=started_on
    )
    events.person_record_added(
        actor=actor, person=person, obj=assignment, changes={"initiative": initiative.pk}
    )
    return assignment


@transaction.atomic
def partner_create(
    *,
    actor: User,
    name: str,
    kind: str,
    offers_jobs: bool,
    offers_training: bool,
    commune_code: str = "",
    contact: str = "",
) -> Partner:
    """Add a business or training centre to the province's directory (names are unique in
    a province)."""
    _check_manage(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Ghi tên doanh nghiệp, cơ sở.")]
    if kind not in PartnerKind.values:
        errors["kind"] = [_("Chọn loại.")]
    if not (offers_jobs or offers_training):
        errors["offers_jobs"] = [_("Chọn ít nhất một: nhận lao động hoặc đào tạo nghề.")]
    province = _province_of(actor)
    commune = None
    if commune_code.strip():
        try:
            commune = unit_by_code(commune_code)
        except DomainError as exc:
            errors["commune"] = [exc.message]
        else:
            if commune.kind != AdminUnitKind.COMMUNE or not commune.path.startswith(province.path):
                errors["commune"] = [_("Xã này không thuộc tỉnh của bạn.")]
    if Partner.objects.filter(province=province, name__iexact=name.strip()).exists():
        errors["name"] = [_("Doanh nghiệp, cơ sở này đã có trong danh bạ.")]
    if errors:
        raise ValidationFailed(errors)
    partner = Partner(
        name=name.strip(),
        kind=kind,
        province=province,
        province_path=province.path,
        commune=commune,
        offers_jobs=offers_jobs,
        offers_training=offers_training,
        contact=contact.strip(),
    )
    partner.full_clean()
    partner.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=partner, unit_path=province.path)
    return partner


@transaction.atomic
def member_leave(*, actor: User, member: InitiativeMember, left_on: datetime.date) -> None:
    """A member leaves the initiative; an account that was a member no longer sees the
    people the initiative helps."""
    _check_manage_initiative(actor, member.initiative)
    errors: dict[str, list[str]] = {}
    if member.left_on is not None:
        errors["left_on"] = [_("Thành viên này đã rời mô hình.")]
    elif left_on > timezone.localdate():
        errors["left_on"] = [_("Ngày rời không thể ở tương lai.")]
    elif left_on < member.joined_on:
        errors["left_on"] = [_("Ngày rời không thể trước ngày tham gia.")]
    if errors:
        raise ValidationFailed(errors)
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        unit_path=member.initiative.province_path,
        changes={"left_on": left_on.isoformat()},
    )


@transaction.atomic
def assignment_end(*, actor: User, assignment: Assignment, ended_on: datetime.date) -> None:
    """The initiative stops helping the person (the history stays)."""
    _check_manage(actor)
    if not can_manage_assignment(actor, assignment.initiative, assignment.person):
        raise DomainError(_("Bạn không được kết thúc việc giúp đỡ này."))
    errors: dict[str, list[str]] = {}
    if assignment.ended_on is not None:
        errors["ended_on"] = [_("Việc giúp đỡ này đã kết thúc.")]
    elif ended_on > timezone.localdate():
        errors["ended_on"] = [_("Ngày kết thúc không thể ở tương lai.")]
    elif ended_on < assignment.started_on:
        errors["ended_on"] = [_("Ngày kết thúc không thể trước ngày bắt đầu.")]
    if errors:
        raise ValidationFailed(errors)
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    events.person_record_changed(
        actor=actor,
        person=assignment.person,
        obj=assignment,
        changes={"ended_on": ended_on.isoformat()},
    )
