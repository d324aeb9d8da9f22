"""What the person page shows of emergency access: to the one who holds it, until when;
to the commune and province that manage the file, who opened it, when and why."""

from __future__ import annotations

from typing import Any

from django import template

from ..policies import can_see_emergency_accesses
from ..selectors import emergency_accesses_of, emergency_grant_active

register = template.Library()


@register.inclusion_tag("access/emergency_panel.html", takes_context=True)
def emergency_panel(context: dict[str, Any], person: Any) -> dict[str, Any]:
    user = context["request"].user
    grant = emergency_grant_active(user, person.pk)
    return {
        "grant": grant,
        "accesses": emergency_accesses_of(person) if can_see_emergency_accesses(user) else [],
    }
