"""Writes of support: one act of help, a loan, a job spell. Validated, scoped, audited."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.policies import can_record_support_for, can_view_offence_details
from reentry.accounts.models import User
from reentry.audit import events
from reentry.core.errors import DomainError, ValidationFailed
from reentry.law.loans import check_loan
from reentry.persons.models import Person

from .models import (
    MONEY_KINDS,
    AssessmentOccasion,
    Employment,
    EmploymentKind,
    Lender,
    Loan,
    LoanStatus,
    NeedItem,
    NeedKind,
    NeedsAssessment,
    NeedState,
    PlanGoal,
    ProviderKind,
    SupportActivity,
    SupportKind,
    SupportPlan,
)
from .selectors import sentence_completed_on

EARLIEST = datetime.date(1990, 1, 1)
MAX_AMOUNT_VND = 10**12


def _check_scope(actor: User, person: Person) -> None:
    if not can_record_support_for(actor, person):
        raise DomainError(_("Bạn không được ghi hỗ trợ cho hồ sơ này."))


def _save(obj: object) -> None:
    try:
        obj.full_clean()  # type: ignore[attr-defined]
    except DjangoValidationError as exc:
        raise ValidationFailed(
            {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc
    obj.save()  # type: ignore[attr-defined]


def _date_errors(errors: dict[str, list[str]], field: str, value: datetime.date | None) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        errors.setdefault(field, []).append(_("Ngày này không thể ở tương lai."))
    elif value < EARLIEST:
        errors.setdefault(field, []).append(_("Ngày này phải từ năm 1990 trở đi."))


@dataclass
class ActivityData:
    kind: str
    occurred_on: datetime.date
    provider_name: str
    provider_kind: str = ProviderKind.AGENCY
    outcome: str = ""
    amount_vnd: int | None = None
    next_follow_up_on: datetime.date | None = None


@transaction.atomic
def support_activity_record(*, actor: User, person: Person, data: ActivityData) -> SupportActivity:
    _check_scope(actor, person)
    errors: dict[str, list[str]] = {}
    if data.kind not in SupportKind.values:
        errors["kind"] = [_("Chọn loại hỗ trợ.")]
    if data.provider_kind not in ProviderKind.values:
        errors["provider_kind"] = [_("Chọn bên hỗ trợ.")]
    if not data.provider_name.strip():
        errors["provider_name"] = [_("Ghi người hoặc cơ quan đã hỗ trợ.")]
    _date_errors(errors, "occurred_on", data.occurred_on)
    if data.next_follow_up_on and data.next_follow_up_on <= data.occurred_on:
        errors["next_follow_up_on"] = [_("Ngày theo dõi tiếp phải sau ngày hỗ trợ.")]
    if data.amount_vnd is not None:
        if data.kind not in MONEY_KINDS:
            errors["amount_vnd"] = [_("Chỉ ghi số tiền cho vay vốn hoặc trợ giúp xã hội.")]
        elif not 0 < data.amount_vnd <= MAX_AMOUNT_VND:
            errors["amount_vnd"] = [_("Số tiền phải lớn hơn 0.")]
    if errors:
        raise ValidationFailed(errors)
    activity = SupportActivity(person=person, recorded_by=actor, **asdict(data))
    activity.provider_name = activity.provider_name.strip()
    _save(activity)
    events.person_record_added(
        actor=actor, person=person, obj=activity, changes={"kind": activity.kind}
    )
    return activity


@dataclass
class LoanData:
    lender: str
    amount_vnd: int
    term_months: int
    purpose: str
    applied_on: datetime.date
    approved_on: datetime.date | None = None
    disbursed_on: datetime.date | None = None
    status: str = LoanStatus.APPLIED


@transaction.atomic
def loan_record(*, actor: User, person: Person, data: LoanData) -> Loan:
    """A loan under QĐ 22/2023/QĐ-TTg: ceiling, term and the 5-year window are the law's
    (``reentry.law.loans``); the dates must follow one another."""
    _check_scope(actor, person)
    errors: dict[str, list[str]] = {}
    if data.lender not in Lender.values:
        errors["lender"] = [_("Chọn nơi cho vay.")]
    if data.status not in LoanStatus.values:
        errors["status"] = [_("Chọn tình trạng khoản vay.")]
    if not data.purpose.strip():
        errors["purpose"] = [_("Ghi mục đích vay.")]
    for name in ("applied_on", "approved_on", "disbursed_on"):
        _date_errors(errors, name, getattr(data, name))
    if data.approved_on and data.approved_on < data.applied_on:
        errors.setdefault("approved_on", []).append(_("Ngày phê duyệt trước ngày đề nghị."))
    if data.disbursed_on and data.disbursed_on < (data.approved_on or data.applied_on):
        errors.setdefault("disbursed_on", []).append(_("Ngày giải ngân trước ngày phê duyệt."))
    if data.status in (LoanStatus.CURRENT, LoanStatus.OVERDUE, LoanStatus.REPAID) and not (
        data.disbursed_on
    ):
        errors.setdefault("disbursed_on", []).append(
            _("Khoản vay đã giải ngân: ghi ngày giải ngân.")
        )
    # The ceiling and term hold for every loan to an individual; the 5-year window is the
    # condition of the preferential credit (VBSP) of QĐ 22/2023/QĐ-TTg.
    problems = check_loan(
        amount_vnd=data.amount_vnd,
        term_months=data.term_months,
        applied_on=data.applied_on,
        completed_on=sentence_completed_on(person),
    )
    for problem in problems:
        if data.lender != Lender.VBSP and problem.field in ("applied_on", "person"):
            continue
        message = problem.message
        if problem.field == "applied_on" and not can_view_offence_details(actor):
            # the release date is criminal-record data: do not tell it to this role
            message = _("Ngày đề nghị vay không nằm trong 5 năm sau khi chấp hành xong án phạt tù.")
        errors.setdefault(problem.field, []).append(message)
    if errors:
        raise ValidationFailed(errors)
    loan = Loan(person=person, **asdict(data))
    _save(loan)
    events.person_record_added(actor=actor, person=person, obj=loan)
    return loan


@dataclass
class EmploymentData:
    employer: str
    kind: str
    started_on: datetime.date
    ended_on: datetime.date | None = None
    monthly_income_vnd: int | None = None
    partner_id: int | None = None


@transaction.atomic
def employment_record(*, actor: User, person: Person, data: EmploymentData) -> Employment:
    _check_scope(actor, person)
    errors: dict[str, list[str]] = {}
    if not data.employer.strip():
        errors["employer"] = [_("Ghi nơi làm việc.")]
    if data.kind not in EmploymentKind.values:
        errors["kind"] = [_("Chọn hình thức việc làm.")]
    _date_errors(errors, "started_on", data.started_on)
    if data.ended_on and data.ended_on < data.started_on:
        errors["ended_on"] = [_("Ngày kết thúc trước ngày bắt đầu.")]
    if data.monthly_income_vnd is not None and not 0 <= data.monthly_income_vnd <= MAX_AMOUNT_VND:
        errors["monthly_income_vnd"] = [_("Thu nhập không thể âm.")]
    if data.partner_id is not None:
        from reentry.initiatives.models import Partner

        province = person.commune_path.split("/")[1]
        if not Partner.objects.filter(pk=data.partner_id, province_path=f"VN/{province}/").exists():
            errors["partner"] = [_("Không có doanh nghiệp đối tác này trong tỉnh.")]
    if errors:
        raise ValidationFailed(errors)
    employment = Employment(person=person, **asdict(data))
    employment.employer = employment.employer.strip()
    _save(employment)
    events.person_record_added(actor=actor, person=person, obj=employment)
    return employment


@dataclass
class NeedData:
    need: str
    state: str
    notes: str = ""


@transaction.atomic
def needs_assessment_record(
    *,
    actor: User,
    person: Person,
    assessed_on: datetime.date,
    occasion: str,
    needs: list[NeedData],
    notes: str = "",
) -> NeedsAssessment:
    """An assessment of the person's needs, at intake or on review. A new assessment is
    history: earlier ones are kept, the latest is the current picture."""
    _check_scope(actor, person)
    errors: dict[str, list[str]] = {}
    _date_errors(errors, "assessed_on", assessed_on)
    if occasion not in AssessmentOccasion.values:
        errors["occasion"] = [_("Chọn dịp đánh giá.")]
    seen: set[str] = set()
    for item in needs:
        if item.need not in NeedKind.values:
            errors.setdefault("needs", []).append(
                _("Nhu cầu không hợp lệ: %(n)s.") % {"n": item.need}
            )
        elif item.need in seen:
            errors.setdefault("needs", []).append(_("Mỗi nhu cầu chỉ ghi một lần."))
        elif item.state not in NeedState.values:
            errors[f"state_{item.need}"] = [_("Chọn tình trạng.")]
        seen.add(item.need)
    if not needs:
        errors["needs"] = [_("Ghi ít nhất một nhu cầu.")]
    if errors:
        raise ValidationFailed(errors)
    assessment = NeedsAssessment(
        person=person,
        assessed_on=assessed_on,
        occasion=occasion,
        notes=notes.strip(),
        assessed_by=actor,
    )
    _save(assessment)
    NeedItem.objects.bulk_create(
        NeedItem(assessment=assessment, need=i.need, state=i.state, notes=i.notes.strip()[:300])
        for i in needs
    )
    events.person_record_added(
        actor=actor,
        person=person,
        obj=assessment,
        changes={i.need: i.state for i in needs},
    )
    return assessment


@transaction.atomic
def loan_status_change(
    *,
    actor: User,
    loan: Loan,
    expected_version: int,
    status: str,
    approved_on: datetime.date | None = None,
    disbursed_on: datetime.date | None = None,
) -> Loan:
    """Move a loan along: approved, disbursed and repaying, overdue, repaid, rejected."""
    _check_scope(actor, loan.person)
    errors: dict[str, list[str]] = {}
    if status not in LoanStatus.values:
        errors["status"] = [_("Chọn tình trạng khoản vay.")]
    approved = approved_on or loan.approved_on
    disbursed = disbursed_on or loan.disbursed_on
    for name, value in (("approved_on", approved_on), ("disbursed_on", disbursed_on)):
        _date_errors(errors, name, value)
    if approved and approved < loan.applied_on:
        errors.setdefault("approved_on", []).append(_("Ngày phê duyệt trước ngày đề nghị."))
    if disbursed and disbursed < (approved or loan.applied_on):
        errors.setdefault("disbursed_on", []).append(_("Ngày giải ngân trước ngày phê duyệt."))
    if status in (LoanStatus.CURRENT, LoanStatus.OVERDUE, LoanStatus.REPAID) and not disbursed:
        errors.setdefault("disbursed_on", []).append(
            _("Khoản vay đã giải ngân: ghi ngày giải ngân.")
        )
    if errors:
        raise ValidationFailed(errors)
    updated = Loan.objects.filter(pk=loan.pk, version=expected_version).update(
        status=status,
        approved_on=approved,
        disbursed_on=disbursed,
        version=expected_version + 1,
        updated_at=timezone.now(),
    )
    if updated != 1:
        from reentry.core.errors import ConflictError

        raise ConflictError(_("Khoản vay đã được người khác cập nhật; hãy tải lại trang."))
    previous = loan.status
    loan.refresh_from_db()
    events.person_record_changed(
        actor=actor, person=loan.person, obj=loan, changes={"status": [previous, status]}
    )
    return loan


@dataclass
class GoalData:
    need: str
    goal: str
    responsible: str
    target_on: datetime.date | None = None


@transaction.atomic
def support_plan_record(
    *,
    actor: User,
    person: Person,
    review_on: datetime.date,
    goals: list[GoalData],
    notes: str = "",
) -> SupportPlan:
    """A new version of the person's support plan (the previous one stays as history)."""
    _check_scope(actor, person)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if review_on < today:
        errors["review_on"] = [_("Ngày rà soát phải từ hôm nay trở đi.")]
    if review_on > today + datetime.timedelta(days=366):
        errors["review_on"] = [_("Rà soát kế hoạch ít nhất mỗi năm một lần.")]
    if not goals:
        errors["goals"] = [_("Kế hoạch cần ít nhất một mục tiêu.")]
    for index, goal in enumerate(goals):
        if goal.need not in NeedKind.values:
            errors[f"goals.{index}.need"] = [_("Chọn nhu cầu.")]
        if not goal.goal.strip():
            errors[f"goals.{index}.goal"] = [_("Ghi mục tiêu.")]
        if not goal.responsible.strip():
            errors[f"goals.{index}.responsible"] = [_("Ghi người, cơ quan phụ trách.")]
        if goal.target_on and goal.target_on < today:
            errors[f"goals.{index}.target_on"] = [_("Thời hạn không thể ở quá khứ.")]
    if errors:
        raise ValidationFailed(errors)
    plan = SupportPlan(person=person, review_on=review_on, notes=notes.strip(), made_by=actor)
    _save(plan)
    PlanGoal.objects.bulk_create(
        PlanGoal(
            plan=plan,
            need=g.need,
            goal=g.goal.strip()[:300],
            responsible=g.responsible.strip()[:200],
            target_on=g.target_on,
        )
        for g in goals
    )
    events.person_record_added(
        actor=actor,
        person=person,
        obj=plan,
        changes={"goals": len(goals), "review_on": str(review_on)},
    )
    return plan
