"""Query parameters and error answers shared by the API views."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from reentry.core.errors import ConflictError, DomainError, NotFoundError, ValidationFailed


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


def refusal(exc: DomainError) -> Response:
    """A service's refusal as an API answer: field errors 400, a stale version 409, an
    out-of-scope record 404, any other rule 403."""
    if isinstance(exc, ValidationFailed):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, NotFoundError):
        return Response({"detail": exc.message}, status=status.HTTP_404_NOT_FOUND)
    return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)


def forbidden() -> Response:
    """The caller's role may not do this method of the view: 403 with DRF's message."""
    return Response({"detail": PermissionDenied.default_detail}, status=status.HTTP_403_FORBIDDEN)
