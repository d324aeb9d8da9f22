"""Errors the services raise; views, the API and commands turn them into messages."""

from __future__ import annotations

from django.http import Http404


class DomainError(Exception):
    """A rule of the domain refused the request; ``message`` is shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class NotFoundError(DomainError, Http404):
    """The object does not exist, or the actor may not know that it exists (both are 404)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class ValidationFailed(DomainError):
    """One or more fields are wrong; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first = next(iter(errors.values()))[0] if errors else "Dữ liệu không hợp lệ."
        super().__init__(first, code="invalid")
        self.errors = errors


class ConflictError(DomainError):
    """Someone else saved the record since it was opened; nothing was overwritten."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")
