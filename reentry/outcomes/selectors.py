"""Reads of classifications and reoffences, through the files the actor may open; and of
sealed files, for the province officer who states a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from reentry.access.scoping import (
    classifications_visible_to,
    reoffences_visible_to,
    sealed_persons_visible_to,
)
from reentry.audit import events
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.crypto import blind_index
from reentry.core.errors import NotFoundError
from reentry.core.text import fold_key
from reentry.persons.models import Person

from .models import Classification, Reoffence

if TYPE_CHECKING:
    from reentry.accounts.models import User


def classifications_for(actor: User) -> QuerySet[Classification]:
    visible: QuerySet[Classification] = classifications_visible_to(actor)
    return visible


def person_classifications(*, actor: User, person: Person) -> list[Classification]:
    """The file's classifications, newest first (the first is the current one)."""
    return list(
        classifications_for(actor).filter(person=person).order_by("-assessed_on", "-id")[:50]
    )


def reoffences_for(actor: User) -> QuerySet[Reoffence]:
    visible: QuerySet[Reoffence] = reoffences_visible_to(actor)
    return visible.select_related("sentence")


def person_reoffences(*, actor: User, person: Person) -> list[Reoffence]:
    return list(reoffences_for(actor).filter(person=person).order_by("-committed_on", "-id"))


def reoffence_get(*, actor: User, person: Person, reoffence_id: int) -> Reoffence:
    row = reoffences_for(actor).filter(person=person, pk=reoffence_id).first()
    if row is None:
        raise NotFoundError(_("Không tìm thấy bản ghi tái phạm."))
    return row


def sealed_persons_for(actor: User) -> QuerySet[Person]:
    return sealed_persons_visible_to(actor, Person.objects.filter(merged_into__isnull=True))


def sealed_count(*, actor: User) -> int:
    return sealed_persons_for(actor).count()


def sealed_search(*, actor: User, query: str, birth_year: int | None = None) -> list[Person]:
    """Sealed files matching an identity number, or a full name (accents folded) and
    optionally a birth year: never a browsable list. The search and what it showed are
    audited."""
    compact = "".join(query.split()).replace(".", "").replace("-", "")
    digits = "".join(ch for ch in compact if ch.isdigit())
    if len(digits) in (9, 12) and len(digits) == len(compact):
        hashed = blind_index(digits)
        match = Q(national_id_hash=hashed) | Q(legacy_id_number_hash=hashed)
    else:
        match = Q(name_key=fold_key(query))
        if birth_year is not None:
            match &= Q(birth_year=birth_year)
    found = list(
        sealed_persons_for(actor).filter(match).select_related("commune").order_by("pk")[:20]
    )
    events.identity_searched(actor=actor, what="sealed files", found=len(found))
    events.persons_listed(actor=actor, person_ids=[p.pk for p in found], what="sealed files")
    return found


def sealed_person_get(*, actor: User, person_id: int) -> Person:
    """A sealed file the actor may open (with a reason), or 404."""
    person = (
        sealed_persons_for(actor)
        .select_related("commune", "commune__parent")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise NotFoundError(_("Không tìm thấy hồ sơ."))
    return person


def sealed_openings(*, person: Person) -> list[AuditEvent]:
    """Who opened the sealed file, when and why (newest first)."""
    return list(
        AuditEvent.objects.filter(
            action=AuditAction.SEALED_OPEN,
            object_type="persons.person",
            object_id=str(person.pk),
        ).order_by("-occurred_at", "-id")[:50]
    )
