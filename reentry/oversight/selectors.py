"""Reads of inspections, recommendations and commendations, starting from the scoped
querysets of ``access.scoping``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.scoping import (
    commendations_visible_to,
    inspections_visible_to,
    recommendations_visible_to,
)
from reentry.core.errors import NotFoundError

from .models import Commendation, Inspection, Recommendation, RecommendationStatus

if TYPE_CHECKING:
    from reentry.accounts.models import User


def inspection_list(*, actor: User) -> QuerySet[Inspection]:
    """Inspections, newest first, with how many recommendations each left and how many are
    still open (overdue among them)."""
    visible: QuerySet[Inspection] = inspections_visible_to(actor)
    not_done = ~Q(recommendations__status=RecommendationStatus.DONE)
    return (
        visible.select_related("commune")
        .annotate(
            recommendation_count=Count("recommendations"),
            open_count=Count("recommendations", filter=not_done),
            overdue_count=Count(
                "recommendations",
                filter=not_done & Q(recommendations__due_on__lt=timezone.localdate()),
            ),
        )
        .order_by("-inspected_on", "-id")
    )


def inspection_get(*, actor: User, inspection_id: int) -> Inspection:
    inspection = (
        inspections_visible_to(actor)
        .select_related("commune", "recorded_by")
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise NotFoundError(_("Không tìm thấy cuộc kiểm tra."))
    return inspection  # type: ignore[no-any-return]


def inspection_recommendations(inspection: Inspection) -> list[Recommendation]:
    return list(inspection.recommendations.prefetch_related("follow_ups").order_by("due_on", "id"))


def recommendation_get(*, actor: User, recommendation_id: int) -> Recommendation:
    recommendation = (
        recommendations_visible_to(actor)
        .select_related("inspection", "inspection__commune")
        .filter(pk=recommendation_id)
        .first()
    )
    if recommendation is None:
        raise NotFoundError(_("Không tìm thấy kiến nghị."))
    return recommendation  # type: ignore[no-any-return]


def commendations_for(actor: User) -> QuerySet[Commendation]:
    visible: QuerySet[Commendation] = commendations_visible_to(actor)
    return visible.select_related("unit").order_by("-awarded_on", "-id")


def commendation_totals(commendations: QuerySet[Commendation]) -> dict[str, Any]:
    """How many collectives (tập thể) and individuals (cá nhân) were commended, as the
    seeds count them."""
    ids = commendations.values("pk")
    totals = Commendation.objects.filter(pk__in=ids).aggregate(
        collectives=Count("pk", filter=Q(is_collective=True)),
        individuals=Count("pk", filter=Q(is_collective=False)),
    )
    return {k: v or 0 for k, v in totals.items()}


def commendation_candidates(*, actor: User) -> dict[str, list[tuple[int, str]]]:
    """The initiatives, active members and partners the actor may commend (those whose unit
    lies in the actor's scope), for the form's picker."""
    from reentry.access.scoping import partners_visible_to
    from reentry.initiatives.models import InitiativeMember
    from reentry.initiatives.selectors import initiative_list

    from .services import unit_of_initiative

    scope = actor.scope.path
    initiatives = [
        i
        for i in initiative_list(actor=actor).select_related("province")
        if unit_of_initiative(i).path.startswith(scope)
    ]
    members = InitiativeMember.objects.filter(
        initiative__in=[i.pk for i in initiatives], left_on__isnull=True
    ).select_related("initiative")
    partners = partners_visible_to(actor).select_related("commune", "province")
    return {
        "initiatives": [(i.pk, i.name) for i in initiatives],
        "members": [(m.pk, f"{m.full_name} ({m.initiative.name})") for m in members],
        "partners": [
            (p.pk, p.name) for p in partners if (p.commune or p.province).path.startswith(scope)
        ],
    }


def commendations_of_initiative(*, actor: User, initiative: Any) -> QuerySet[Commendation]:
    """The commendations of an initiative and of its members that the actor may see."""
    return commendations_for(actor).filter(
        Q(initiative=initiative) | Q(member__initiative=initiative)
    )


def commendations_of_partner(*, actor: User, partner: Any) -> QuerySet[Commendation]:
    """The commendations of a partner that the actor may see."""
    return commendations_for(actor).filter(partner=partner)
