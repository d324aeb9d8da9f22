"""Reads of initiatives, starting from ``access.scoping.initiatives_visible_to``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from reentry.access.scoping import (
    initiatives_visible_to,
    partners_visible_to,
    persons_visible_to,
)
from reentry.core.errors import NotFoundError
from reentry.core.text import fold_key
from reentry.persons.models import Person

from .models import Assignment, Initiative, InitiativeMember, Partner

if TYPE_CHECKING:
    from reentry.accounts.models import User


def _visible(actor: User) -> QuerySet[Initiative]:
    visible: QuerySet[Initiative] = initiatives_visible_to(actor)
    return visible


def initiative_list(*, actor: User) -> QuerySet[Initiative]:
    """The visible initiatives, with their active members and the people they help now
    among the files the actor may see (so the count matches the initiative's page)."""
    visible_persons = persons_visible_to(actor, Person.objects.all()).values("pk")
    return (
        # filtering through a subquery keeps the scope's joins out of the counts
        Initiative.objects.filter(pk__in=_visible(actor).values("pk"))
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            person_count=Count(
                "assignments",
                filter=Q(
                    assignments__ended_on__isnull=True,
                    assignments__person__in=visible_persons,
                ),
                distinct=True,
            ),
        )
        .prefetch_related("communes")
        .order_by("name", "id")
    )


def initiative_get(*, actor: User, initiative_id: int) -> Initiative:
    initiative = _visible(actor).filter(pk=initiative_id).first()
    if initiative is None:
        raise NotFoundError(_("Không tìm thấy mô hình."))
    return initiative


def initiative_people(*, actor: User, initiative: Initiative) -> list[Assignment]:
    """The people the initiative helps now, among those the actor may see."""
    visible = persons_visible_to(actor, Person.objects.all())
    return list(
        initiative.assignments.filter(ended_on__isnull=True, person__in=visible)
        .select_related("person", "person__commune")
        .order_by("person__full_name")
    )


def partners_for(*, actor: User) -> QuerySet[Partner]:
    """The directory of the actor's province, with how many people each took on (counted
    among the files the actor may see)."""
    partners: QuerySet[Partner] = partners_visible_to(actor)
    visible = persons_visible_to(actor, Person.objects.all())
    return (
        partners.annotate(
            taken_on=Count(
                "employments__person",
                filter=Q(employments__person__in=visible),
                distinct=True,
            )
        )
        .select_related("commune")
        .order_by("name", "id")
    )


def member_get(*, initiative: Initiative, member_id: int) -> InitiativeMember:
    """An active member of an initiative the caller already got through ``initiative_get``."""
    member = initiative.members.filter(pk=member_id, left_on__isnull=True).first()
    if member is None:
        raise NotFoundError(_("Không tìm thấy thành viên."))
    return member


def assignment_get(*, actor: User, initiative: Initiative, assignment_id: int) -> Assignment:
    """An open assignment of the initiative, of a person the actor may see."""
    visible = persons_visible_to(actor, Person.objects.all())
    assignment = (
        initiative.assignments.filter(pk=assignment_id, ended_on__isnull=True, person__in=visible)
        .select_related("person")
        .first()
    )
    if assignment is None:
        raise NotFoundError(_("Không tìm thấy người được giúp đỡ."))
    return assignment


def initiative_past_people(*, actor: User, initiative: Initiative) -> list[Assignment]:
    """The people the initiative helped before (ended assignments), newest end first."""
    visible = persons_visible_to(actor, Person.objects.all())
    return list(
        initiative.assignments.filter(ended_on__isnull=False, person__in=visible)
        .select_related("person", "person__commune")
        .order_by("-ended_on", "id")[:100]
    )


def assignments_for(*, actor: User, initiative_id: int | None = None) -> QuerySet[Assignment]:
    """Open assignments of the initiatives the actor may see, of persons they may see."""
    visible = persons_visible_to(actor, Person.objects.all())
    rows = Assignment.objects.filter(
        initiative__in=_visible(actor).values("pk"), ended_on__isnull=True, person__in=visible
    ).select_related("person")
    if initiative_id is not None:
        rows = rows.filter(initiative_id=initiative_id)
    return rows.order_by("initiative_id", "-started_on", "id")


def partner_get(*, actor: User, partner_id: int) -> Partner:
    partner = partners_for(actor=actor).filter(pk=partner_id).first()
    if partner is None:
        raise NotFoundError(_("Không tìm thấy doanh nghiệp, cơ sở."))
    return partner


def partner_people(*, actor: User, partner: Partner) -> list[Any]:
    """The jobs the partner gave, of the files the actor may see, newest first."""
    from reentry.support.models import Employment

    visible = persons_visible_to(actor, Person.objects.all())
    return list(
        Employment.objects.filter(partner=partner, person__in=visible)
        .select_related("person", "person__commune")
        .order_by("-started_on", "-id")[:200]
    )


CANDIDATES_SHOWN = 50


def assignment_candidates(
    *, actor: User, initiative: Initiative, query: str = ""
) -> tuple[list[Person], int]:
    """The people this initiative may start helping, for the assignment page: files in the
    actor's scope, in a commune it covers (any commune of its province for a province-level
    one), not closed, not being helped by it now; by name, at most ``CANDIDATES_SHOWN``,
    with how many there are in all. ``query`` narrows by name, with or without diacritics."""
    people = persons_visible_to(
        actor, Person.objects.filter(merged_into__isnull=True).exclude(status="closed")
    ).filter(initiative.covered_persons())
    people = people.exclude(
        pk__in=initiative.assignments.filter(ended_on__isnull=True).values("person")
    )
    key = fold_key(query)
    if key:
        people = people.filter(name_key__contains=key)
    shown = list(
        people.select_related("commune").order_by("name_key", "id")[: CANDIDATES_SHOWN + 1]
    )
    total = len(shown) if len(shown) <= CANDIDATES_SHOWN else people.count()
    return shown[:CANDIDATES_SHOWN], total
