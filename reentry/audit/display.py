"""Events as an officer reads them: when, who (account, role, unit), what, on which object.

What a row says of a person follows ``selectors.names_shown``: the name only of a file the
reader may open today. The values of changed fields are not shown, only which fields
changed (values of identity numbers and contacts are not even stored: ``events._redact``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.accounts.roles import Role

from .models import AuditAction, AuditEvent
from .selectors import PERSON_TYPE, names_shown, person_of

if TYPE_CHECKING:
    from reentry.accounts.models import User

# keys of ``changes`` that say where an event belongs, not what changed
_CONTEXT_KEYS = frozenset({"person_id", "person_ids", "filters", "rows"})


@dataclass(frozen=True)
class EventRow:
    id: int
    occurred_at: datetime.datetime
    username: str
    role: str
    actor_unit: str
    action: str
    subject: str  # the object, as the reader may see it
    person_id: int | None  # the file to link to, when the reader may open it
    detail: str
    ip_address: str
    in_list: bool  # the file was one of many in a list


def _role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _model_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _field_label(object_type: str, name: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name


def _detail(event: AuditEvent) -> str:
    parts = [event.summary] if event.summary else []
    changes = event.changes if isinstance(event.changes, dict) else {}
    changed = [key for key in changes if key not in _CONTEXT_KEYS]
    if event.action in (AuditAction.UPDATE, AuditAction.MERGE, AuditAction.TRANSFER) and changed:
        labels = sorted(_field_label(event.object_type, key) for key in changed)
        parts.append(_("trường: %(fields)s") % {"fields": ", ".join(labels)})
    return "; ".join(parts)


def event_rows(
    actor: User, events: list[AuditEvent], *, trail_of: int | None = None
) -> list[EventRow]:
    """``events`` as rows for ``actor``; ``trail_of``: the file whose trail this is (its list
    events are marked as such)."""
    names = names_shown(actor, events)
    rows = []
    for event in events:
        person_id = person_of(event)
        changes = event.changes if isinstance(event.changes, dict) else {}
        in_list = trail_of is not None and person_id is None and "person_ids" in changes
        if person_id is not None:
            subject = names.get(person_id) or _("Hồ sơ số %(id)s") % {"id": person_id}
            if event.object_type != PERSON_TYPE:
                subject = f"{subject} — {_model_label(event.object_type)}"
        elif in_list:
            subject = _("Có trong danh sách (%(what)s)") % {"what": event.object_repr}
        else:
            subject = event.object_repr or _model_label(event.object_type)
        unit = event.actor.scope_unit if event.actor is not None else None
        rows.append(
            EventRow(
                id=event.pk,
                occurred_at=timezone.localtime(event.occurred_at),
                username=event.actor_username,
                role=_role_label(event.actor_role) if event.actor_role else "",
                actor_unit=unit.name if unit is not None else "",
                action=event.get_action_display(),
                subject=subject,
                person_id=person_id if person_id in names else None,
                detail=_detail(event),
                ip_address=event.ip_address or "",
                in_list=in_list,
            )
        )
    return rows
