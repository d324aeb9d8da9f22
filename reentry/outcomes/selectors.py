"""Reads of classifications, through the files the actor may open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from reentry.access.scoping import classifications_visible_to, reoffences_visible_to
from reentry.core.errors import NotFoundError
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
