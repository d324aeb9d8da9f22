"""Model validation as the services' own errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

from .errors import ValidationFailed


def full_clean(
    obj: Any, *, validate_constraints: bool = True, exclude: list[str] | None = None
) -> None:
    """Model validation as field errors (a value too long, an unknown choice), never a 500.
    ``exclude``: fields the caller has just checked itself (a foreign key it looked up)."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=validate_constraints)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc
