"""Reads of the data subject's requests, from the files the actor may open."""

from __future__ import annotations

from django.db.models import QuerySet

from reentry.core.errors import NotFoundError
from reentry.persons.models import Person

from .models import SubjectRequest


def person_subject_requests(*, person: Person) -> QuerySet[SubjectRequest]:
    """The requests of a file already opened through ``persons.selectors`` (its scope)."""
    return SubjectRequest.objects.filter(person=person).order_by("-received_on", "-id")


def subject_request_get(*, person: Person, request_id: int) -> SubjectRequest:
    found = person_subject_requests(person=person).filter(pk=request_id).first()
    if found is None:
        raise NotFoundError(f"subject request {request_id}")
    return found
