"""Reads of the access app: emergency grants, for the one who holds them and for the
commune whose file was opened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import EmergencyAccess

if TYPE_CHECKING:
    from reentry.persons.models import Person


def emergency_grant_active(actor: Any, person_id: int) -> EmergencyAccess | None:
    """The actor's grant to the file that has not expired, if any."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    return (
        EmergencyAccess.objects.filter(
            user=actor, person_id=person_id, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def emergency_files() -> QuerySet[Person]:
    """The files emergency access may open at all: never a sealed file (it has its own
    path) nor one merged into another."""
    from reentry.persons.models import Person

    return Person.objects.filter(sealed_at__isnull=True, merged_into__isnull=True)


def emergency_accesses_of(person: Person, *, limit: int = 20) -> list[EmergencyAccess]:
    """Who opened the file in an emergency, newest first (what its commune is shown)."""
    grants = EmergencyAccess.objects.filter(person=person).select_related("user__scope_unit")
    return list(grants[:limit])
