"""The one function every service calls to write an audit row, in the caller's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from . import chain
from .context import current_ip
from .models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from reentry.accounts.models import User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from. Proxies are not trusted until configured."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_event(
    *,
    actor: User | None,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    unit_path: str = "",
    changes: dict[str, Any] | None = None,
    summary: str = "",
    ip_address: str | None = None,
    actor_username: str = "",
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        # a model whose text is encrypted at rest names itself without it (``audit_label``)
        label = getattr(obj, "audit_label", None)
        object_repr = object_repr or (label() if callable(label) else str(obj))[:200]
    if actor is not None and actor.is_authenticated:
        actor_username = actor.get_username()
    else:
        actor = None
    return AuditEvent(
        actor=actor,
        actor_username=actor_username[:150],
        actor_role=actor.role if actor is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        unit_path=unit_path,
        ip_address=ip_address or current_ip(),
        changes=changes or {},
        summary=summary[:300],
    )


def audit_record(**what: Any) -> AuditEvent:
    """Write one event (the arguments of ``audit_event``) in the caller's transaction."""
    event = audit_event(**what)
    chain.append([event])
    return event


def audit_record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Write the events a batch service built with ``audit_event``, in order, in one insert."""
    return chain.append(events)
