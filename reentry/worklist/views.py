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
from reentry.core.xlsx import unit_label, wants_xlsx, xlsx_response, xlsx_url

from .exports import worklist_xlsx
from .selectors import PER_KIND, capped_kinds, worklist_for


@never_cache
@require_safe
@requires(Permission.PERSON_VIEW)
def worklist(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    items = worklist_for(actor=actor)
    person_ids = [i.person_id for i in items if i.person_id is not None]
    today = timezone.localdate()
    if wants_xlsx(request):
        events.list_exported(
            actor=actor,
            what="worklist xlsx",
            object_type="persons.person",
            rows=len(items),
            filters={},
            person_ids=person_ids,
        )
        content = worklist_xlsx(
            items=items, today=today, unit=unit_label(actor.scope), capped=capped_kinds(items)
        )
        return xlsx_response(content, name="viec-can-lam")
    events.persons_listed(actor=actor, person_ids=sorted(set(person_ids)), what="worklist")
    return render(
        request,
        "worklist/worklist.html",
        {
            "items": items,
            "overdue": sum(1 for i in items if i.due < today),
            "today": today,
            "capped": capped_kinds(items),
            "per_kind": PER_KIND,
            "xlsx_url": xlsx_url(request),
        },
    )
