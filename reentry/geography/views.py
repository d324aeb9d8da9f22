"""The unit browser: the user's scope unit, its children with counts, and a name filter."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.requests import actor_of

from .selectors import unit_ancestors, unit_children, unit_get, units_with_user_counts


@require_safe
@requires(Permission.UNIT_VIEW)
def unit_browser(request: HttpRequest, code: str | None = None) -> HttpResponse:
    actor = actor_of(request)
    unit = unit_get(actor=actor, code=code or actor.scope.code, with_counts=True)
    query = request.GET.get("q", "").strip()[:100]
    children = units_with_user_counts(
        actor=actor, units=unit_children(actor=actor, unit=unit, search=query)
    )
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(actor=actor, unit=unit),
        "children": children,
        "query": query,
        "can_view_persons": has_permission(actor, Permission.PERSON_VIEW),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "unit-rows":
        return render(request, "geography/_unit_rows.html", context)
    return render(request, "geography/unit_browser.html", context)
