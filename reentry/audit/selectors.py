"""Reading the audit trail: the events in an officer's scope, filtered, and the trail of one
file ("who looked at this person's file, when").

An event belongs to the unit in its ``unit_path``: the file's commune for the events of a
file, the scope of the user for a list they saw or an account event. An actor with
``audit.view`` reads the events under their scope unit; a national scope also reads the
events that belong to no unit (a failed login with an unknown username, a key rotation).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.scoping import audit_events_visible_to
from reentry.geography.models import AdminUnit

from .models import AuditEvent

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.persons.models import Person

PERSON_TYPE = "persons.person"


def events_for(actor: User) -> QuerySet[AuditEvent]:
    """The events the actor may read (``access.scoping.audit_events_visible_to``)."""
    return audit_events_visible_to(actor, AuditEvent.objects.select_related("actor__scope_unit"))


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # part of the username
    action: str = ""
    unit: AdminUnit | None = None  # a unit under the actor's scope
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(queryset: QuerySet[AuditEvent], filters: AuditFilters) -> QuerySet[AuditEvent]:
    if filters.actor:
        queryset = queryset.filter(actor_username__icontains=filters.actor.strip())
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.unit is not None:
        queryset = queryset.filter(unit_path__startswith=filters.unit.path)
    if filters.date_from:
        queryset = queryset.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + datetime.timedelta(days=1)
        queryset = queryset.filter(occurred_at__lt=_day_start(next_day))
    return queryset


def event_search(
    *, actor: User, filters: AuditFilters, before: int | None = None
) -> QuerySet[AuditEvent]:
    """The actor's events, filtered, newest first (by id: the order of the chain). ``before``
    is the keyset page: the events older than that id."""
    queryset = _filtered(events_for(actor), filters)
    if before is not None:
        queryset = queryset.filter(id__lt=before)
    return queryset.order_by("-id")


def _lists_showing(person_id: int) -> Q:
    """The events of a list (page, download, API) that showed the file among others."""
    if connection.vendor == "postgresql":  # a GIN index serves this (migration 0007)
        return Q(changes__person_ids__contains=[person_id])
    # SQLite: Django has no JSON containment there; json_each reads the array
    return Q(
        pk__in=RawSQL(
            "SELECT e.id FROM audit_auditevent e, json_each(e.changes, '$.person_ids') i "
            "WHERE i.value = %s",
            [person_id],
        )
    )


def person_trail(
    *, person: Person, filters: AuditFilters | None = None, before: int | None = None
) -> QuerySet[AuditEvent]:
    """Every event of one file, newest first: its creation, changes, openings, exports, and
    each list that showed it. The caller has opened the file (it is in their scope)."""
    queryset: QuerySet[AuditEvent] = AuditEvent.objects.select_related("actor__scope_unit").filter(
        Q(object_type=PERSON_TYPE, object_id=str(person.pk))
        | Q(changes__person_id=person.pk)
        | _lists_showing(person.pk)
    )
    if filters is not None:
        queryset = _filtered(queryset, filters)
    if before is not None:
        queryset = queryset.filter(id__lt=before)
    return queryset.order_by("-id")


def person_of(event: AuditEvent) -> int | None:
    """The file an event is about, if it is about one file."""
    if event.object_type == PERSON_TYPE and event.object_id.isdigit():
        return int(event.object_id)
    value: Any = event.changes.get("person_id") if isinstance(event.changes, dict) else None
    return value if isinstance(value, int) else None


def names_shown(actor: User, events: list[AuditEvent]) -> dict[int, str]:
    """The names of the files of ``events`` that the actor may open today, by id. A file
    the actor may not open (sealed, moved out of the scope, merged, or any file for a role
    without ``person.view``) is named by its number only: the trail never shows more of a
    person than the file pages would."""
    from reentry.persons.selectors import persons_for

    ids = {pid for event in events if (pid := person_of(event)) is not None}
    if not ids or not has_permission(actor, Permission.PERSON_VIEW):
        return {}
    return dict(persons_for(actor).filter(pk__in=ids).values_list("pk", "full_name"))
