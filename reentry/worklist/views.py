from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.audit import events

from .selectors import PER_KIND, capped_kinds, worklist_for


@never_cache
@require_safe
@requires(Permission.PERSON_VIEW)
def worklist(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    items = worklist_for(actor=actor)
    events.persons_listed(
        actor=actor,
        person_ids=sorted({i.person_id for i in items if i.person_id is not None}),
        what="worklist",
    )
    today = timezone.localdate()
    return render(
        request,
        "worklist/worklist.html",
        {
            "items": items,
            "overdue": sum(1 for i in items if i.due < today),
            "today": today,
            "capped": capped_kinds(items),
            "per_kind": PER_KIND,
        },
    )
