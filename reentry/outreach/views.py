from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import can_record_outreach
from reentry.access.requests import actor_of
from reentry.audit import events as audit_events
from reentry.core.xlsx import unit_label, wants_xlsx, xlsx_response, xlsx_url
from reentry.persons.forms import service_errors

from .exports import outreach_list_xlsx
from .forms import OutreachForm
from .selectors import outreach_events_for, outreach_totals
from .services import outreach_event_record

PAGE_LIMIT = 200  # the page shows the latest; the download has them all


@never_cache
@require_safe
@requires(Permission.SUPPORT_VIEW)
def outreach_list(request: HttpRequest) -> HttpResponse:
    """The latest 200 outreach events in the user's scope with the totals of all;
    ``?format=xlsx`` downloads every one."""
    actor = actor_of(request)
    events = outreach_events_for(actor)
    if wants_xlsx(request):
        rows = list(events.prefetch_related("communes"))
        audit_events.list_exported(
            actor=actor,
            what="outreach xlsx",
            object_type="outreach.outreachevent",
            rows=len(rows),
            filters={},
        )
        content = outreach_list_xlsx(events=rows, unit=unit_label(actor.scope), filters=[])
        return xlsx_response(content, name="tuyen-truyen")
    return render(
        request,
        "outreach/list.html",
        {
            "events": events.prefetch_related("communes")[:PAGE_LIMIT],
            "totals": outreach_totals(events),
            "can_record": can_record_outreach(actor),
            "xlsx_url": xlsx_url(request),
            "limit": PAGE_LIMIT,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUPPORT_CHANGE)
def outreach_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not can_record_outreach(actor):
        raise PermissionDenied(_("Bạn không được ghi hoạt động tuyên truyền."))
    initial = {"communes": actor.scope.code if actor.scope.kind == "commune" else ""}
    form = OutreachForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        codes = data.pop("communes").replace(";", ",").split(",")
        with service_errors(form) as outcome:
            outreach_event_record(actor=actor, commune_codes=codes, **data)
        if outcome.ok:
            messages.success(request, _("Đã ghi hoạt động tuyên truyền."))
            return redirect("outreach:list")
    return render(
        request, "persons/form.html", {"form": form, "title": _("Ghi hoạt động tuyên truyền")}
    )
