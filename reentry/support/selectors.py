"""Reads of support records; every one starts from ``access.scoping.support_records_for``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from reentry.access.scoping import support_records_for
from reentry.core.text import fold_key
from reentry.persons.models import Person, Sentence

from .models import Employment, Loan, NeedsAssessment, SupportActivity, SupportPlan

if TYPE_CHECKING:
    from reentry.accounts.models import User


def activities_for(actor: User) -> QuerySet[SupportActivity]:
    return support_records_for(actor, SupportActivity.objects.all()).select_related("person")


def loans_for(actor: User) -> QuerySet[Loan]:
    return support_records_for(actor, Loan.objects.all()).select_related("person")


@dataclass(frozen=True)
class ActivityFilters:
    commune: str = ""
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""  # part of the person's name, accents optional


def activity_list(*, actor: User, filters: ActivityFilters) -> QuerySet[SupportActivity]:
    """Acts of help on the files the actor may open, filtered, newest first (the list page
    and its download)."""
    queryset = activities_for(actor).select_related("person__commune")
    if filters.commune:
        queryset = queryset.filter(person__commune__code=filters.commune)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.date_from:
        queryset = queryset.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(occurred_on__lte=filters.date_to)
    if key := fold_key(filters.q.strip()):
        queryset = queryset.filter(person__name_key__contains=key)
    return queryset.order_by("-occurred_on", "-id")


@dataclass(frozen=True)
class LoanFilters:
    commune: str = ""
    status: str = ""
    lender: str = ""
    year: int | None = None  # the year the loan was applied for


def loan_list(*, actor: User, filters: LoanFilters) -> QuerySet[Loan]:
    """Loans on the files the actor may open, filtered, newest application first (the list
    page and its download)."""
    queryset = loans_for(actor).select_related("person__commune")
    if filters.commune:
        queryset = queryset.filter(person__commune__code=filters.commune)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.lender:
        queryset = queryset.filter(lender=filters.lender)
    if filters.year:
        queryset = queryset.filter(applied_on__year=filters.year)
    return queryset.order_by("-applied_on", "-id")


def loan_total(loans: QuerySet[Loan]) -> int:
    """The amount of the loans of a list, in đồng."""
    total: int | None = loans.order_by().aggregate(total=Sum("amount_vnd"))["total"]
    return total or 0


def employments_for(actor: User) -> QuerySet[Employment]:
    return support_records_for(actor, Employment.objects.all()).select_related("person")


def sentence_completed_on(person: Person) -> datetime.date | None:
    """The latest release date on the file: when the person completed the prison sentence."""
    latest: datetime.date | None = Sentence.objects.filter(
        person=person, release_date__isnull=False
    ).aggregate(latest=Max("release_date"))["latest"]
    return latest


def assessments_for(actor: User) -> QuerySet[NeedsAssessment]:
    return support_records_for(actor, NeedsAssessment.objects.all()).select_related("person")


def plans_for(actor: User) -> QuerySet[SupportPlan]:
    return support_records_for(actor, SupportPlan.objects.all()).select_related("person")


@dataclass
class PersonSupport:
    plan: SupportPlan | None
    plan_versions: int
    latest_assessment: NeedsAssessment | None
    activities: list[SupportActivity]
    activity_count: int
    loans: list[Loan]
    employments: list[Employment]
    employed_now: bool
    helped_by: list[Any]  # open assignments to initiatives the actor may see


def person_support(*, actor: User, person: Person, limit: int = 50) -> PersonSupport:
    """The support on one file the actor already opened (fixed number of queries)."""
    today = timezone.localdate()
    activities = activities_for(actor).filter(person=person)
    employments = list(employments_for(actor).filter(person=person))
    latest = (
        assessments_for(actor)
        .filter(person=person)
        .prefetch_related("items")
        .order_by("-assessed_on", "-id")
        .first()
    )
    plans = plans_for(actor).filter(person=person)
    from reentry.access.scoping import initiatives_visible_to
    from reentry.initiatives.models import Assignment

    helped_by = Assignment.objects.filter(
        person=person, ended_on__isnull=True, initiative__in=initiatives_visible_to(actor)
    ).select_related("initiative")
    return PersonSupport(
        plan=plans.prefetch_related("goals").order_by("-id").first(),
        plan_versions=plans.count(),
        latest_assessment=latest,
        activities=list(activities.order_by("-occurred_on", "-id")[:limit]),
        activity_count=activities.count(),
        loans=list(loans_for(actor).filter(person=person)),
        employments=employments,
        employed_now=any(
            e.started_on <= today and (e.ended_on is None or e.ended_on >= today)
            for e in employments
        ),
        helped_by=list(helped_by.order_by("started_on", "id")),
    )


def employed_now_q(today: datetime.date) -> Q:
    """Persons with a job spell covering ``today`` ("employed now" is derived, not stored)."""
    return Q(employments__started_on__lte=today) & (
        Q(employments__ended_on__isnull=True) | Q(employments__ended_on__gte=today)
    )


@dataclass
class LoanProposal:
    loan: Loan
    completed_on: datetime.date | None
    window_end: datetime.date | None


def loan_proposals(*, actor: User, commune_code: str = "") -> list[LoanProposal]:
    """Loans applied for and awaiting confirmation, in the actor's scope (one commune when
    given): the list the commune police draw up and the commune committee confirms
    (QĐ 22/2023/QĐ-TTg)."""
    from django.db.models import OuterRef, Subquery

    from reentry.law.loans import window_end

    latest_release = (
        Sentence.objects.filter(person=OuterRef("person"), release_date__isnull=False)
        .order_by("-release_date")
        .values("release_date")[:1]
    )
    queryset = (
        loans_for(actor)
        .filter(status="applied", lender="vbsp")
        .annotate(completed_on=Subquery(latest_release))
        .select_related("person", "person__commune")
        .order_by("person__commune__name", "applied_on", "id")
    )
    if commune_code:
        queryset = queryset.filter(person__commune__code=commune_code)
    return [
        LoanProposal(
            loan=loan,
            completed_on=loan.completed_on,  # type: ignore[attr-defined]
            window_end=window_end(loan.completed_on) if loan.completed_on else None,  # type: ignore[attr-defined]
        )
        for loan in queryset
    ]


def partner_choices(*, actor: User, person: Person) -> list[tuple[int, str]]:
    """The partners of the person's province the actor may see, for the job form."""
    from reentry.access.scoping import partners_visible_to

    province_path = "/".join(person.commune_path.split("/")[:2]) + "/"
    return list(
        partners_visible_to(actor)
        .filter(province_path=province_path, offers_jobs=True)
        .order_by("name")
        .values_list("pk", "name")
    )
