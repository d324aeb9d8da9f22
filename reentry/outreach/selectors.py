"""Reads of outreach events within the actor's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum

from reentry.access.scoping import outreach_events_visible_to

from .models import OutreachEvent

if TYPE_CHECKING:
    from reentry.accounts.models import User


def outreach_events_for(actor: User) -> QuerySet[OutreachEvent]:
    events: QuerySet[OutreachEvent] = outreach_events_visible_to(actor)
    return events


def outreach_totals(events: QuerySet[OutreachEvent]) -> dict[str, Any]:
    ids = events.values("pk")
    totals = OutreachEvent.objects.filter(pk__in=ids).aggregate(
        participants=Sum("participants"), materials=Sum("materials")
    )
    return {"count": ids.count(), **{k: v or 0 for k, v in totals.items()}}
