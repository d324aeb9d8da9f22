"""Everything held on a person, for the data subject's request (JSON and PDF).

The export walks the database's own relations from the file: every model with a foreign key
to the person, and every model with a foreign key to one of those, down to ``DEPTH``, with
every concrete field — so a model or a field added later is exported without anyone
remembering to add it (the guard in ``tests/test_export.py`` fails if a model that refers to
a person is neither reached nor named in ``NOT_EXPORTED`` with the reason). Blind indexes
(keyed hashes of an identity number, meaningless to a reader) are the only fields left out.
The audit trail of the file — who did what with it, when — is added from ``audit``.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from reentry.audit.models import AuditEvent
from reentry.core.fields import BlindIndexField
from reentry.persons.models import Person

DEPTH = 3
# model label → why it is not part of a person's export
NOT_EXPORTED: dict[str, str] = {}


def _relations(model: type[models.Model]) -> Iterator[tuple[type[models.Model], str]]:
    """(model, field name) of each foreign key or one-to-one pointing at ``model``."""
    for rel in model._meta.related_objects:
        if rel.many_to_many or not rel.field.concrete:
            continue
        related = rel.related_model
        if isinstance(related, type) and issubclass(related, models.Model):
            yield related, rel.field.name


def reached_models() -> set[str]:
    """The labels of every model the walk reaches from ``Person`` within ``DEPTH`` steps."""
    seen: set[str] = set()
    frontier: list[type[models.Model]] = [Person]
    for _depth in range(DEPTH):
        found = []
        for model in frontier:
            for related, _name in _relations(model):
                label = related._meta.label
                if label not in NOT_EXPORTED and label not in seen:
                    seen.add(label)
                    found.append(related)
        frontier = found
    return seen


def _value(instance: models.Model, f: models.Field[Any, Any], labels: dict[Any, Any]) -> Any:
    value = getattr(instance, f.attname)
    if value is None:
        return None
    if f.choices:
        return {"code": value, "label": str(dict(f.flatchoices).get(value, value))}
    if isinstance(f, models.ForeignKey):
        key = (f.related_model, value)  # each unit or officer fetched once per export
        if key not in labels:
            target = getattr(instance, f.name)
            # an officer is named by role, as in the trail below: not the subject's data
            user = target._meta.label == settings.AUTH_USER_MODEL
            labels[key] = str(target.get_role_display() if user else target)
        return {"id": value, "label": labels[key]}
    if isinstance(f, models.FileField):
        return value.name if value else ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def exported_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not isinstance(f, BlindIndexField)]


def _row(instance: models.Model, labels: dict[Any, Any]) -> dict[str, Any]:
    return {f.name: _value(instance, f, labels) for f in exported_fields(type(instance))}


def _section(
    model: type[models.Model], rows: list[models.Model], labels: dict[Any, Any]
) -> dict[str, Any]:
    return {
        "model": model._meta.label,
        "title": str(model._meta.verbose_name_plural),
        "labels": {f.name: str(f.verbose_name) for f in exported_fields(model)},
        "rows": [_row(row, labels) for row in rows],
    }


def person_everything(person: Person) -> dict[str, Any]:
    """Every record of the file, by model, and the file's audit trail."""
    # breadth first: a model reached by two paths (a reoffence through the person and
    # through its new sentence) gathers the rows of both, each row once
    rows: dict[type[models.Model], dict[Any, models.Model]] = {Person: {person.pk: person}}
    frontier: dict[type[models.Model], list[models.Model]] = {Person: [person]}
    for _depth in range(DEPTH):
        found: dict[type[models.Model], list[models.Model]] = {}
        for model, objects in frontier.items():
            for related, name in _relations(model):
                if related._meta.label in NOT_EXPORTED:
                    continue
                known = rows.setdefault(related, {})
                for row in related._base_manager.filter(**{f"{name}__in": objects}):  # type: ignore[attr-defined]
                    if row.pk not in known:
                        known[row.pk] = row
                        found.setdefault(related, []).append(row)
        frontier = found
    labels: dict[Any, Any] = {}
    sections = [
        _section(model, sorted(found_rows.values(), key=lambda r: r.pk), labels)
        for model, found_rows in rows.items()
        if found_rows
    ]
    return {
        "generated_at": timezone.localtime().isoformat(),
        "person_id": person.pk,
        "sections": sections,
        "audit_trail": _trail(person),
    }


def _trail(person: Person) -> list[dict[str, Any]]:
    """Who did what with the file: the role and unit of the officer, not their name."""
    events = AuditEvent.objects.filter(
        models.Q(object_type="persons.person", object_id=str(person.pk))
        | models.Q(changes__person_id=person.pk)
    ).order_by("occurred_at", "id")
    return [
        {
            "occurred_at": timezone.localtime(e.occurred_at).isoformat(),
            "action": {"code": e.action, "label": e.get_action_display()},
            "actor_role": e.actor_role,
            "unit": e.unit_path,
            "object": e.object_repr if e.object_type != "persons.person" else "",
            "summary": e.summary,
        }
        for e in events
    ]
