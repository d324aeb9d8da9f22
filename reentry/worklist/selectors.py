"""The worklist ("Việc cần làm"): what is due or overdue for a user, within scope, soonest
first. Nothing is stored: every item is derived from the records, so doing the work (a
check recorded, a visit made, a loan brought up to date) removes it.

Each kind is one indexed query with a limit, so a province officer's list over 100,000
files costs what a commune officer's does.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.access.permissions import Permission
from reentry.access.policies import can_view_offence_details, has_permission
from reentry.access.scoping import persons_visible_to, recommendations_visible_to
from reentry.law.expungement import Status, add_months
from reentry.law.intake import CONDITIONAL_RELEASE_REPORT_DAYS
from reentry.outcomes.expungement import CLOCK_STATUSES
from reentry.oversight.models import RecommendationStatus
from reentry.persons.models import Person, ReleaseNotice, Sentence
from reentry.reports.signoff import due_on, returned_not_resent, submissions_queue
from reentry.support.models import Loan, LoanStatus, SupportActivity, SupportPlan

if TYPE_CHECKING:
    from reentry.accounts.models import User

PER_KIND = 200
SOON = datetime.timedelta(days=14)


@dataclass(frozen=True)
class WorkItem:
    """One thing to do. Most are about a person; an inspection's recommendation is about
    the commune (``person_id`` None)."""

    kind: str
    title: str
    person_id: int | None
    person_name: str
    commune: str
    due: datetime.date
    url: str
    # where the date comes from, when it is not a deadline of law (or the law is worth naming)
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()


# The columns a row of the list shows, and no more: a province's list holds up to
# PER_KIND rows of each kind, and whole rows (identity numbers decrypted, every field) were
# most of its time. Each query adds the dates of its own kind.
PERSON_COLUMNS = ("person", "person__full_name", "person__commune", "person__commune__name")


def _persons(actor: User) -> object:
    # a closed file (died, moved abroad, expunged) has no more work
    return persons_visible_to(
        actor, Person.objects.filter(merged_into__isnull=True).exclude(status="closed")
    )


def worklist_for(*, actor: User) -> list[WorkItem]:
    today = timezone.localdate()
    horizon = today + SOON
    persons = _persons(actor)
    items: list[WorkItem] = []
    police_work = can_view_offence_details(actor)
    records_intake = has_permission(actor, Permission.PERSON_CHANGE)

    def intake_url(notice: ReleaseNotice) -> str:
        """Where the work is done; roles that cannot record it get the file instead."""
        if records_intake:
            return reverse("persons:intake_edit", args=[notice.person_id, notice.pk])
        return reverse("persons:detail", args=[notice.person_id])

    if police_work:
        checks = (
            ReleaseNotice.objects.filter(
                person__in=persons,
                residence_checked_on__isnull=True,
                residence_check_due__lte=horizon,
            )
            .select_related("person", "person__commune")
            .only("id", "residence_check_due", *PERSON_COLUMNS)
            .order_by("residence_check_due")[:PER_KIND]
        )
        for notice in checks:
            items.append(
                WorkItem(
                    "residence_check",
                    _("Xác minh nơi cư trú"),
                    notice.person_id,
                    notice.person.full_name,
                    notice.person.commune.name,
                    notice.residence_check_due,
                    intake_url(notice),
                )
            )
        # a notice without a release date is not lost once its residence check is done (until
        # then that check is on the list): the reporting waits from the check's due date
        reporting = (
            ReleaseNotice.objects.filter(person__in=persons, reported_on__isnull=True)
            .filter(
                Q(expected_release_on__lte=horizon)
                | Q(expected_release_on__isnull=True, residence_checked_on__isnull=False)
            )
            .select_related("person", "person__commune")
            .only(
                "id",
                "reporting_due",
                "expected_release_on",
                "residence_check_due",
                *PERSON_COLUMNS,
            )
            .order_by(Coalesce("expected_release_on", "residence_check_due"))[:PER_KIND]
        )
        for notice in reporting:
            due, note = _reporting_due(notice)
            items.append(
                WorkItem(
                    "reporting",
                    _("Tiếp nhận, trình diện"),
                    notice.person_id,
                    notice.person.full_name,
                    notice.person.commune.name,
                    due,
                    intake_url(notice),
                    note,
                )
            )
        probation = (
            Sentence.objects.filter(
                person__in=persons,
                release_type="conditional",
                conditional_probation_end__gte=today,
                conditional_probation_end__lte=horizon,
            )
            .select_related("person", "person__commune")
            .only("id", "conditional_probation_end", *PERSON_COLUMNS)
            .order_by("conditional_probation_end")[:PER_KIND]
        )
        for sentence in probation:
            items.append(
                WorkItem(
                    "probation_end",
                    _("Hết thời gian thử thách"),
                    sentence.person_id,
                    sentence.person.full_name,
                    sentence.person.commune.name,
                    sentence.conditional_probation_end,  # type: ignore[arg-type]
                    reverse("persons:detail", args=[sentence.person_id]) + "#expungement",
                    str(
                        _(
                            "Từ ngày này người được coi như đã chấp hành xong án phạt tù (Bộ "
                            "luật Hình sự, Điều 73 khoản 4): thời hạn xóa án tích bắt đầu tính."
                        )
                    ),
                )
            )
    if police_work:
        items.extend(_classification_reviews(actor, persons, today, horizon, records_intake))
        items.extend(_expungement_reviews(persons, today, records_intake))
    records_support = has_permission(actor, Permission.SUPPORT_CHANGE)

    def support_url(view: str, person_id: int, *args: int, anchor: str) -> str:
        """The form where the work is done; roles that only read get the file's section."""
        if records_support:
            return reverse(view, args=[person_id, *args])
        return reverse("persons:detail", args=[person_id]) + anchor

    if has_permission(actor, Permission.SUPPORT_VIEW):
        later = SupportActivity.objects.filter(
            person=OuterRef("person"), occurred_on__gt=OuterRef("occurred_on")
        )
        follow_ups = (
            SupportActivity.objects.filter(
                person__in=persons,
                next_follow_up_on__isnull=False,
                next_follow_up_on__lte=horizon,
            )
            .filter(~Exists(later))
            .select_related("person", "person__commune")
            .only("id", "kind", "next_follow_up_on", *PERSON_COLUMNS)
            .order_by("next_follow_up_on")[:PER_KIND]
        )
        for activity in follow_ups:
            items.append(
                WorkItem(
                    "follow_up",
                    _("Theo dõi sau: %(kind)s") % {"kind": activity.get_kind_display()},
                    activity.person_id,
                    activity.person.full_name,
                    activity.person.commune.name,
                    activity.next_follow_up_on,  # type: ignore[arg-type]
                    support_url("support:activity_create", activity.person_id, anchor="#support"),
                )
            )
        newer = SupportPlan.objects.filter(person=OuterRef("person"), id__gt=OuterRef("id"))
        reviews = (
            SupportPlan.objects.filter(person__in=persons, review_on__lte=horizon)
            .filter(~Exists(newer))
            .select_related("person", "person__commune")
            .only("id", "review_on", *PERSON_COLUMNS)
            .order_by("review_on")[:PER_KIND]
        )
        for plan in reviews:
            items.append(
                WorkItem(
                    "plan_review",
                    _("Rà soát kế hoạch hỗ trợ"),
                    plan.person_id,
                    plan.person.full_name,
                    plan.person.commune.name,
                    plan.review_on,
                    support_url("support:plan_create", plan.person_id, anchor="#plan"),
                )
            )
        overdue_loans = (
            Loan.objects.filter(person__in=persons, status=LoanStatus.OVERDUE)
            .select_related("person", "person__commune")
            .only("id", "disbursed_on", "applied_on", *PERSON_COLUMNS)
            .order_by("disbursed_on", "id")[:PER_KIND]
        )
        for loan in overdue_loans:
            items.append(
                WorkItem(
                    "loan_overdue",
                    _("Khoản vay quá hạn"),
                    loan.person_id,
                    loan.person.full_name,
                    loan.person.commune.name,
                    loan.disbursed_on or loan.applied_on,
                    support_url("support:loan_status", loan.person_id, loan.pk, anchor="#loans"),
                )
            )
    if has_permission(actor, Permission.RECOMMENDATION_FOLLOW_UP):
        recommendations = (
            recommendations_visible_to(actor)
            .exclude(status=RecommendationStatus.DONE)
            .filter(due_on__lte=horizon)
            .select_related("inspection__commune")
            .order_by("due_on", "id")[:PER_KIND]
        )
        for recommendation in recommendations:
            items.append(
                WorkItem(
                    "recommendation",
                    _("Thực hiện kiến nghị: %(text)s")
                    % {"text": Truncator(recommendation.text).chars(80)},
                    None,
                    "",
                    recommendation.inspection.commune.name,
                    recommendation.due_on,
                    reverse("oversight:follow_up", args=[recommendation.pk]),
                )
            )
    items.extend(_report_sign_off(actor))
    items.sort(key=lambda item: (item.due, item.kind, item.person_name))
    return items


def _report_sign_off(actor: User) -> list[WorkItem]:
    """Period reports waiting for the province's decision, and, for the commune, reports
    returned to it and not yet sent again."""
    items: list[WorkItem] = []
    if has_permission(actor, Permission.REPORT_APPROVE):
        for submission in submissions_queue(actor=actor)[:PER_KIND]:
            items.append(
                WorkItem(
                    "report_review",
                    _("Duyệt báo cáo: %(period)s") % {"period": submission.period.label},
                    None,
                    "",
                    submission.unit.name,
                    due_on(submission),
                    reverse("reports:submission", args=[submission.pk]),
                )
            )
    if has_permission(actor, Permission.REPORT_SUBMIT):
        for submission in returned_not_resent(actor=actor)[:PER_KIND]:
            period = submission.period
            items.append(
                WorkItem(
                    "report_returned",
                    _("Sửa và gửi lại báo cáo: %(period)s") % {"period": period.label},
                    None,
                    "",
                    submission.unit.name,
                    due_on(submission),
                    reverse("reports:report") + "?" + urlencode(period.query(submission.unit.code)),
                )
            )
    return items


def _classification_reviews(
    actor: User, persons: Any, today: datetime.date, horizon: datetime.date, can_classify: bool
) -> list[WorkItem]:
    """People under management whose classification is older than the review period
    (``settings.CLASSIFICATION_REVIEW_MONTHS``), or who were never classified: oldest
    first, the never classified before them."""
    months = settings.CLASSIFICATION_REVIEW_MONTHS
    # the day of the latest classification is kept on the file (``Person.classified_on``)
    rows = (
        persons.filter(status="managed")
        .filter(Q(classified_on__isnull=True) | Q(classified_on__lte=add_months(horizon, -months)))
        .select_related("commune")
        .only("id", "full_name", "classified_on", "commune", "commune__name")
        .order_by(F("classified_on").asc(nulls_first=True), "id")[:PER_KIND]
    )
    items = []
    for person in rows:
        last = person.classified_on
        url = (
            reverse("outcomes:classification_create", args=[person.pk])
            if can_classify
            else reverse("persons:detail", args=[person.pk]) + "#classification"
        )
        items.append(
            WorkItem(
                "classification_review",
                _("Phân loại lại") if last else _("Phân loại lần đầu"),
                person.pk,
                person.full_name,
                person.commune.name,
                add_months(last, months) if last else today,
                url,
            )
        )
    return items


EXPUNGEMENT_HORIZON = datetime.timedelta(days=60)


def _expungement_reviews(persons: Any, today: datetime.date, can_record: bool) -> list[WorkItem]:
    """People whose record falls due for expungement within 60 days, or is overdue: the
    officer checks the conditions and helps the person ask for the criminal-record
    certificate, or, for Chapters XIII and XXVI, apply to the court (BLHS Art. 70, 71).
    Read from the cached clock that the services keep current."""
    rows = (
        persons.filter(
            expungement_status__in=[str(s) for s in CLOCK_STATUSES],
            expungement_due_on__lte=today + EXPUNGEMENT_HORIZON,
        )
        .select_related("commune")
        .only(
            "id",
            "full_name",
            "expungement_status",
            "expungement_due_on",
            "commune",
            "commune__name",
        )
        .order_by("expungement_due_on", "id")[:PER_KIND]
    )
    items = []
    for person in rows:
        court = person.expungement_status == Status.COURT_DECISION_NEEDED
        url = (
            reverse("outcomes:expungement_record", args=[person.pk])
            if can_record
            else reverse("persons:detail", args=[person.pk]) + "#expungement"
        )
        items.append(
            WorkItem(
                "expungement_review",
                _("Hướng dẫn làm đơn đề nghị Tòa án xóa án tích (Điều 71)")
                if court
                else _("Hướng dẫn đề nghị cấp phiếu lý lịch tư pháp (đương nhiên xóa án tích)"),
                person.pk,
                person.full_name,
                person.commune.name,
                person.expungement_due_on,
                url,
            )
        )
    return items


KIND_LABELS = {
    "residence_check": gettext_lazy("Xác minh nơi cư trú"),
    "reporting": gettext_lazy("Tiếp nhận, trình diện"),
    "probation_end": gettext_lazy("Hết thời gian thử thách"),
    "follow_up": gettext_lazy("Theo dõi sau hỗ trợ"),
    "plan_review": gettext_lazy("Rà soát kế hoạch hỗ trợ"),
    "loan_overdue": gettext_lazy("Khoản vay quá hạn"),
    "recommendation": gettext_lazy("Thực hiện kiến nghị sau kiểm tra"),
    "classification_review": gettext_lazy("Phân loại"),
    "expungement_review": gettext_lazy("Xóa án tích"),
    "report_review": gettext_lazy("Duyệt báo cáo của xã"),
    "report_returned": gettext_lazy("Báo cáo bị trả lại"),
}


def _reporting_due(notice: ReleaseNotice) -> tuple[datetime.date, str]:
    """The date on a reporting task, and what it is: only a conditional release has a
    deadline of law; otherwise the person is expected from the day they leave prison."""
    if notice.reporting_due is not None:
        return notice.reporting_due, str(
            _(
                "Hạn trình diện: %(days)s ngày kể từ ngày được tha tù trước thời hạn có điều "
                "kiện (Luật Thi hành án hình sự 2019)."
            )
            % {"days": CONDITIONAL_RELEASE_REPORT_DAYS}
        )
    if notice.expected_release_on is not None:
        return notice.expected_release_on, str(
            _("Ngày ra trại dự kiến: người về trình diện từ ngày này.")
        )
    return notice.residence_check_due, str(
        _("Thông báo không có ngày ra trại: ghi ngày trình diện khi người về.")
    )


def capped_kinds(items: list[WorkItem]) -> list[str]:
    """The kinds of work that hit the per-kind limit: there is more of it than the list
    shows (a province officer narrows the list by going to a commune)."""
    counts = Counter(item.kind for item in items)
    return [str(KIND_LABELS[kind]) for kind, count in counts.items() if count >= PER_KIND]
