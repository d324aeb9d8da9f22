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
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.scoping import submissions_visible_to
from reentry.audit import events
from reentry.core.errors import DomainError, NotFoundError, ValidationFailed
from reentry.core.validation import full_clean

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


def submission_changes(submission: ReportSubmission, current: dict[str, Number]) -> list[Change]:
    """Indicators whose current value differs from the submitted one, in registry order.
    An indicator added to the registry after the submission is not a change: the commune
    never reported it."""
    sent = restore(submission.values)
    return [
        Change(code, sent[code], current.get(code))
        for code in INDICATORS
        if code in sent and sent[code] != current.get(code)
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


@dataclass(frozen=True)
class Standing:
    """Where a commune's report for a period stands, from its submissions (latest first):
    the one waiting for a decision, the latest approved one (the commune's report), and
    the one to show: waiting, else approved, else the latest (returned). A correction
    returned after an approval leaves the approved report standing."""

    pending: ReportSubmission | None
    approved: ReportSubmission | None
    shown: ReportSubmission | None

    @classmethod
    def of(cls, history: list[ReportSubmission]) -> Standing:
        pending = next((s for s in history if s.status == SubmissionStatus.SUBMITTED), None)
        approved = next((s for s in history if s.status == SubmissionStatus.APPROVED), None)
        return cls(pending, approved, pending or approved or (history[0] if history else None))


def submission_refusal(
    *, unit: AdminUnit, period: Period, standing: Standing, current: dict[str, Number]
) -> dict[str, list[str]]:
    """Why the commune may not send its report for ``period`` now (empty: it may)."""
    errors: dict[str, list[str]] = {}
    if unit.kind != "commune":
        errors["unit"] = [_("Chỉ xã, phường, đặc khu gửi báo cáo kỳ lên tỉnh.")]
    if period.kind not in SUBMITTABLE:
        errors["kind"] = [_("Chọn kỳ báo cáo tháng, quý, 6 tháng hoặc năm.")]
    elif period.end >= timezone.localdate():
        errors["kind"] = [
            _("Kỳ báo cáo chưa kết thúc: gửi được từ ngày %(day)s.")
            % {"day": (period.end + datetime.timedelta(days=1)).strftime("%d/%m/%Y")}
        ]
    elif standing.pending is not None:
        errors["kind"] = [_("Báo cáo kỳ này đã gửi và đang chờ tỉnh duyệt.")]
    elif standing.approved is not None and not submission_changes(standing.approved, current):
        errors["kind"] = [_("Số liệu không thay đổi so với báo cáo đã được duyệt.")]
    return errors


@transaction.atomic
def submission_create(
    *, actor: User, unit_code: str, period: Period, note: str = ""
) -> ReportSubmission:
    """The commune sends its report for a period that has ended."""
    if not has_permission(actor, Permission.REPORT_SUBMIT):
        raise DomainError(_("Bạn không được gửi báo cáo."))
    unit = report_unit_get(actor=actor, code=unit_code)
    standing = Standing.of(list(submissions_for(actor=actor, unit=unit, period=period)))
    values = compute(unit, period).total.values
    errors = submission_refusal(unit=unit, period=period, standing=standing, current=values)
    if errors:
        raise ValidationFailed(errors)
    submission = ReportSubmission(
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
    full_clean(submission, validate_constraints=False)  # the database checks those
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # sent at the same moment from another desk
        raise ValidationFailed(
            {"kind": [_("Báo cáo kỳ này đã gửi và đang chờ tỉnh duyệt.")]}
        ) from None
    events.report_submitted(
        actor=actor,
        submission=submission,
        what=_("Gửi báo cáo %(period)s") % {"period": period.label},
    )
    return submission


@transaction.atomic
def submission_decide(*, actor: User, pk: int, approve: bool, note: str = "") -> ReportSubmission:
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
    full_clean(submission, validate_constraints=False)
    submission.save()
    period = submission.period.label
    events.report_decided(
        actor=actor,
        submission=submission,
        what=(_("Đã duyệt báo cáo %(period)s") if approve else _("Đã trả lại báo cáo %(period)s"))
        % {"period": period},
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
    standing: Standing
    changed: int  # indicators whose figure now differs from the approved report

    @property
    def order(self) -> int:
        """What needs the province first: waiting, returned, changed since approval,
        approved, not sent."""
        shown = self.standing.shown
        if shown is None:
            return 4
        rank = {"submitted": 0, "returned": 1, "approved": 3}[shown.status]
        return rank - 1 if self.changed else rank


def commune_standings(*, actor: User, report: Report) -> list[CommuneStanding]:
    """For a report with commune columns, each commune's standing for the report's period,
    most urgent first: one query for the submissions; the current figures are the report's
    own columns."""
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
        standing = Standing.of(found.get(column.code, []))
        approved = standing.approved
        changed = len(submission_changes(approved, column.values)) if approved else 0
        standings.append(CommuneStanding(column.code, column.name, standing, changed))
    standings.sort(key=lambda s: s.order)
    return standings


def submissions_queue(*, actor: User) -> QuerySet[ReportSubmission]:
    """Reports waiting for a decision, oldest first."""
    return (
        submissions_visible_to(actor)
        .filter(status=SubmissionStatus.SUBMITTED)
        .select_related("unit", "submitted_by")
        .order_by("submitted_at", "id")
    )


def returned_not_resent(*, actor: User) -> QuerySet[ReportSubmission]:
    """Returned reports the commune has not sent again, for periods with no approved
    report (a correction returned after an approval leaves that report standing)."""
    same_period = {
        "unit": OuterRef("unit"),
        "starts_on": OuterRef("starts_on"),
        "ends_on": OuterRef("ends_on"),
    }
    later = ReportSubmission.objects.filter(
        **same_period, submitted_at__gt=OuterRef("submitted_at")
    )
    approved = ReportSubmission.objects.filter(**same_period, status=SubmissionStatus.APPROVED)
    return (
        submissions_visible_to(actor)
        .filter(status=SubmissionStatus.RETURNED)
        .filter(~Exists(later), ~Exists(approved))
        .select_related("unit")
        .order_by("decided_at", "id")
    )


def latest_period(*, actor: User) -> Period | None:
    """The period of the latest report sent within the actor's scope."""
    last = submissions_visible_to(actor).order_by("-submitted_at", "-id").first()
    return last.period if last is not None else None
