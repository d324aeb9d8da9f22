"""Sign-off: a commune sends its period report to the province, which approves it or
returns it with a reason. What was sent is kept as a snapshot of every indicator; the
records behind it keep changing (a support act recorded late, a notice entered after the
month closed), so the report can always say what differs from the approved figures.

A submission is never edited: a correction after approval, or a report sent again after
it was returned, is a new submission, and the latest approved one is the commune's report
for the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.scoping import submissions_visible_to
from reentry.audit.models import AuditAction
from reentry.audit.services import audit_record
from reentry.core.errors import DomainError, NotFoundError, ValidationFailed

from .engine import Report, compute
from .models import ReportSubmission, SubmissionStatus
from .periods import Period
from .registry import INDICATORS, Number
from .selectors import report_unit_get

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

# a submitted report is due for a decision within this many days (the province's worklist)
REVIEW_DAYS = 7
SUBMITTABLE = ("month", "quarter", "half", "year")


def snapshot(values: dict[str, Number]) -> dict[str, int | str | None]:
    """Indicator values as JSON: whole numbers as numbers, rates as exact decimal text."""
    return {
        code: str(value) if isinstance(value, Decimal) else value for code, value in values.items()
    }


def restore(values: dict[str, Any]) -> dict[str, Number]:
    return {
        code: Decimal(value) if isinstance(value, str) else value for code, value in values.items()
    }


@dataclass(frozen=True)
class Change:
    code: str
    before: Number
    after: Number

    @property
    def difference(self) -> Number:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def changes(submission: ReportSubmission, current: dict[str, Number]) -> list[Change]:
    """Indicators whose current value differs from the submitted one, in registry order
    (an indicator added to the registry after submission counts as changed from none)."""
    sent = restore(submission.values)
    return [
        Change(code, sent.get(code), current.get(code))
        for code in INDICATORS
        if sent.get(code) != current.get(code)
    ]


def submission_get(*, actor: User, pk: int) -> ReportSubmission:
    found = submissions_visible_to(actor).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise NotFoundError(_("Không tìm thấy báo cáo trong phạm vi của bạn."))
    return found


def submissions_for(*, actor: User, unit: AdminUnit, period: Period) -> QuerySet[ReportSubmission]:
    """Every submission of ``unit`` (a commune) for ``period``, latest first."""
    return submissions_visible_to(actor).filter(
        unit=unit, starts_on=period.start, ends_on=period.end
    )


def standing(history: list[ReportSubmission]) -> tuple[ReportSubmission | None, ...]:
    """From a commune's submissions for a period (latest first): the one waiting for a
    decision, the latest approved one, and the latest of all."""
    pending = next((s for s in history if s.status == SubmissionStatus.SUBMITTED), None)
    approved = next((s for s in history if s.status == SubmissionStatus.APPROVED), None)
    return pending, approved, history[0] if history else None


@transaction.atomic
def report_submit(
    *, actor: User, unit_code: str, period: Period, note: str = ""
) -> ReportSubmission:
    """The commune sends its report for a period that has ended (or ends today)."""
    if not has_permission(actor, Permission.REPORT_SUBMIT):
        raise DomainError(_("Bạn không được gửi báo cáo."))
    unit = report_unit_get(actor=actor, code=unit_code)
    errors: dict[str, list[str]] = {}
    if unit.kind != "commune":
        errors["unit"] = [_("Chỉ xã, phường, đặc khu gửi báo cáo kỳ lên tỉnh.")]
    if period.kind not in SUBMITTABLE:
        errors["kind"] = [_("Chọn kỳ báo cáo tháng, quý, 6 tháng hoặc năm.")]
    elif period.end > timezone.localdate():
        errors["kind"] = [
            _("Kỳ báo cáo chưa kết thúc: gửi được từ ngày %(day)s.")
            % {"day": period.end.strftime("%d/%m/%Y")}
        ]
    if errors:
        raise ValidationFailed(errors)
    history = list(submissions_for(actor=actor, unit=unit, period=period))
    pending, approved, _latest = standing(history)
    if pending is not None:
        raise ValidationFailed({"kind": [_("Báo cáo kỳ này đã gửi và đang chờ tỉnh duyệt.")]})
    values = compute(unit, period).total.values
    if approved is not None and not changes(approved, values):
        raise ValidationFailed(
            {"kind": [_("Số liệu không thay đổi so với báo cáo đã được duyệt.")]}
        )
    try:
        with transaction.atomic():
            submission = ReportSubmission.objects.create(
                unit=unit,
                unit_path=unit.path,
                period_kind=period.kind,
                period_number=period.number or 1,  # a year is number 1
                starts_on=period.start,
                ends_on=period.end,
                values=snapshot(values),
                note=note.strip(),
                submitted_by=actor,
                submitted_at=timezone.now(),
            )
    except IntegrityError:  # sent at the same moment from another desk
        raise ValidationFailed(
            {"kind": [_("Báo cáo kỳ này đã gửi và đang chờ tỉnh duyệt.")]}
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=submission,
        unit_path=unit.path,
        changes={"period": f"{period.start}..{period.end}", "status": submission.status},
        summary=_("Gửi báo cáo %(period)s") % {"period": period.label},
    )
    return submission


@transaction.atomic
def report_decide(*, actor: User, pk: int, approve: bool, note: str = "") -> ReportSubmission:
    """The province approves a submitted report as sent, or returns it with a reason."""
    if not has_permission(actor, Permission.REPORT_APPROVE):
        raise DomainError(_("Bạn không được duyệt báo cáo."))
    submission = submission_get(actor=actor, pk=pk)
    submission = ReportSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise DomainError(
            _("Báo cáo này đã được xử lý (%(status)s).")
            % {"status": submission.get_status_display()}
        )
    note = note.strip()
    if not approve and not note:
        raise ValidationFailed({"note": [_("Nêu lý do trả lại để xã biết cần sửa gì.")]})
    submission.status = SubmissionStatus.APPROVED if approve else SubmissionStatus.RETURNED
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.decision_note = note
    submission.version += 1
    submission.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=submission,
        unit_path=submission.unit_path,
        changes={"status": submission.status, "note": note},
        summary=_("Duyệt báo cáo") if approve else _("Trả lại báo cáo"),
    )
    return submission


def due_on(submission: ReportSubmission) -> datetime.date:
    """When the next step on a submission is due: the province's decision, or the
    commune's corrected report after a return."""
    since = submission.decided_at or submission.submitted_at
    return timezone.localdate(since) + datetime.timedelta(days=REVIEW_DAYS)


@dataclass(frozen=True)
class CommuneStanding:
    """Where one commune's report for a period stands."""

    code: str
    name: str
    pending: ReportSubmission | None
    approved: ReportSubmission | None
    latest: ReportSubmission | None
    changed: int  # indicators whose figure now differs from the approved report


def commune_standings(*, actor: User, report: Report) -> list[CommuneStanding]:
    """For a report with commune columns, each commune's standing for the report's period:
    one query for the submissions; the current figures are the report's own columns."""
    period = report.period
    found: dict[str, list[ReportSubmission]] = {}
    rows = (
        submissions_visible_to(actor)
        .filter(unit_path__startswith=report.unit.path, starts_on=period.start, ends_on=period.end)
        .select_related("unit")
        .order_by("-submitted_at", "-id")
    )
    for submission in rows:
        found.setdefault(submission.unit.code, []).append(submission)
    standings = []
    for column in report.children:
        if column.exact:
            continue
        pending, approved, latest = standing(found.get(column.code, []))
        changed = len(changes(approved, column.values)) if approved else 0
        standings.append(
            CommuneStanding(column.code, column.name, pending, approved, latest, changed)
        )
    return standings
