"""Reads of outreach events within the actor's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.scoping import scope_path

from .models import OutreachEvent

if TYPE_CHECKING:
    from reentry.accounts.models import User


def outreach_events_for(actor: User) -> QuerySet[OutreachEvent]:
    """Events of the actor's commune, or of their province (or the nation's, none today)."""
    path = scope_path(actor)
    if path is None or not has_permission(actor, Permission.SUPPORT_VIEW):
        return OutreachEvent.objects.none()
    if actor.role == "initiative_member":
        return OutreachEvent.objects.none()
    unit = actor.scope
    if unit.kind == "commune":
        return OutreachEvent.objects.filter(communes=unit).distinct()
    return OutreachEvent.objects.filter(province_path__startswith=path)


def outreach_totals(events: QuerySet[OutreachEvent]) -> dict[str, Any]:
    ids = events.values("pk")
    totals = OutreachEvent.objects.filter(pk__in=ids).aggregate(
        participants=Sum("participants"), materials=Sum("materials")
    )
    return {"count": ids.count(), **{k: v or 0 for k, v in totals.items()}}
