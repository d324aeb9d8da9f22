"""Reads of classifications, through the files the actor may open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from reentry.access.scoping import classifications_visible_to
from reentry.persons.models import Person

from .models import Classification

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
