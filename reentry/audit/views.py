"""The audit trail's pages: the search of a province (or the nation), and one file's trail
("who looked at this person's file, when"). Both download as XLSX with ``?format=xlsx``;
reading and downloading the trail are recorded in it too."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.core.xlsx import (
    applied_filters,
    describe_filters,
    list_query,
    unit_label,
    wants_xlsx,
    xlsx_response,
    xlsx_url,
)
from reentry.persons.selectors import person_get

from . import events, exports, selectors
from .display import event_rows
from .forms import AuditFilterForm
from .models import AuditEvent

PAGE_SIZE = 50


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() else None


def _download(
    request: HttpRequest,
    form: AuditFilterForm,
    found: QuerySet[AuditEvent],
    *,
    title: str,
    name: str,
    trail_of: Any = None,
) -> HttpResponse:
    actor = actor_of(request)
    taken = list(found[: exports.EXPORT_LIMIT + 1])
    described = describe_filters(form)
    if len(taken) > exports.EXPORT_LIMIT:
        taken = taken[: exports.EXPORT_LIMIT]
        described.append(
            (_("Giới hạn"), _("%(n)s sự kiện mới nhất") % {"n": f"{exports.EXPORT_LIMIT:,}"})
        )
    rows = event_rows(actor, taken, trail_of=trail_of.pk if trail_of is not None else None)
    events.trail_searched(
        actor=actor,
        filters=applied_filters(form),
        rows=len(rows),
        exported=True,
        person=trail_of,
    )
    content = exports.trail_xlsx(
        rows=rows, title=title, unit=unit_label(actor.scope), filters=described
    )
    return xlsx_response(content, name=name)


def _page(
    request: HttpRequest,
    form: AuditFilterForm,
    found: QuerySet[AuditEvent],
    template: str,
    *,
    trail_of: Any = None,
    **extra: Any,
) -> HttpResponse:
    actor = actor_of(request)
    taken = list(found[: PAGE_SIZE + 1])
    more, taken = len(taken) > PAGE_SIZE, taken[:PAGE_SIZE]
    rows = event_rows(actor, taken, trail_of=trail_of.pk if trail_of is not None else None)
    events.trail_searched(
        actor=actor, filters=applied_filters(form), rows=len(rows), exported=False, person=trail_of
    )
    kept = list_query(request)
    return render(
        request,
        template,
        {
            "form": form,
            "rows": rows,
            "next_url": "?" + urlencode({**kept, "before": str(taken[-1].pk)}) if more else "",
            "first_url": "?" + urlencode(kept) if _before(request) is not None else "",
            "filtered": bool(kept),
            "xlsx_url": xlsx_url(request),
            "person": trail_of,
            **extra,
        },
    )


@require_safe
@never_cache
@requires(Permission.AUDIT_VIEW)
def search(request: HttpRequest) -> HttpResponse:
    """The trail of the actor's scope, newest first, filtered by account, action, unit and
    dates; pages of 50 by keyset (``?before=<id>``), never a count of millions."""
    actor = actor_of(request)
    form = AuditFilterForm(request.GET or None, actor=actor)
    form.is_valid()
    found = selectors.event_search(actor=actor, filters=form.filters(), before=_before(request))
    if wants_xlsx(request):
        return _download(request, form, found, title=_("Nhật ký truy cập"), name="nhat-ky")
    return _page(request, form, found, "audit/search.html")


@require_safe
@never_cache
@requires(Permission.AUDIT_VIEW)
def person_trail(request: HttpRequest, person_id: int) -> HttpResponse:
    """Who did what with one file, and when: every opening, change and export of it, and each
    list that showed it. The file must be in the actor's scope (404 otherwise)."""
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    form = AuditFilterForm(request.GET or None, actor=actor, with_unit=False)
    form.is_valid()
    found = selectors.person_trail(person=person, filters=form.filters(), before=_before(request))
    if wants_xlsx(request):
        title = _("Nhật ký truy cập hồ sơ số %(id)s") % {"id": person.pk}
        return _download(
            request, form, found, title=title, name=f"nhat-ky-ho-so-{person.pk}", trail_of=person
        )
    return _page(request, form, found, "audit/person.html", trail_of=person)
