"""Query parameters shared by the API views."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request


def valid_id(value: str) -> bool:
    """A row id as typed in a query string: ASCII digits that fit a 64-bit integer."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def filter_by_person(request: Request, queryset: Any) -> Any:
    """``?person=ID`` narrows a list to one file; None when the id is not a valid id."""
    person = request.query_params.get("person", "")
    if not person:
        return queryset
    if not valid_id(person):
        return None
    return queryset.filter(person_id=int(person))
