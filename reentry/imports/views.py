"""The upload page: choose a kind and a file, see what the import will do row by row, then
commit or cancel it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.access.scoping import units_under_scope
from reentry.audit import events
from reentry.core.errors import DomainError
from reentry.core.xlsx import xlsx_response
from reentry.persons.forms import service_errors

from . import services
from .forms import UploadForm
from .kinds import KINDS
from .models import BatchStatus, ImportBatch
from .progress import progress_of
from .readers import check_size
from .workbooks import error_rows_xlsx, template_xlsx

PROBLEMS_SHOWN = 500  # rows of errors on the page; the error-rows file has them all


def _unit_choices(actor: Any) -> list[tuple[str, str]]:
    units = units_under_scope(actor).order_by("path" if actor.scope.kind == "commune" else "name")
    scope = [u for u in units if u.code == actor.scope.code]
    return [(u.code, u.name) for u in [*scope, *[u for u in units if u not in scope]]]


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.IMPORT_RUN)
def upload(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    kinds = services.kinds_for(actor)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        kinds=[(kind.code, str(kind.label)) for kind in kinds],
        units=_unit_choices(actor),
        initial={"unit": actor.scope.code, "kind": request.GET.get("kind", "")},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with service_errors(form, domain_field="file") as outcome:
            check_size(upload.size or 0)  # before the file is read into memory
            batch = services.batch_upload(
                actor=actor,
                kind_code=form.cleaned_data["kind"],
                unit_code=form.cleaned_data["unit"],
                data=upload.read(),
                filename=upload.name or "",
                encoding=form.cleaned_data["encoding"],
            )
        if outcome.ok:
            return redirect("imports:batch", batch.pk)
    return render(
        request,
        "imports/upload.html",
        {"form": form, "kinds": kinds, "batches": services.batches_for(actor=actor)},
    )


@require_safe
@requires(Permission.IMPORT_RUN)
def template(request: HttpRequest, kind: str) -> HttpResponse:
    found = KINDS.get(kind)
    if found is None or found not in services.kinds_for(actor_of(request)):
        raise Http404
    return xlsx_response(template_xlsx(found), name=f"mau-nhap-{found.code}", dated=False)


def _batch_context(batch: ImportBatch) -> dict[str, Any]:
    kind = KINDS.get(batch.kind)
    done_total = progress_of(batch.pk) if batch.running else None
    percent = 100 * done_total[0] // done_total[1] if done_total and done_total[1] else 0
    choices = {int(line): code for line, code in batch.choices.items()}
    return {
        "batch": batch,
        "kind": kind,
        "progress": done_total,
        "percent": percent,
        "problems": batch.problems[:PROBLEMS_SHOWN],
        "more_problems": max(len(batch.problems) - PROBLEMS_SHOWN, 0),
        "ambiguities": [
            {
                "line": int(line),
                "text": entry["text"],
                "options": entry["options"],
                "chosen": choices.get(int(line), ""),
            }
            for line, entry in sorted(batch.ambiguities.items(), key=lambda item: int(item[0]))
        ],
        "Status": BatchStatus,
    }


@require_safe
@requires(Permission.IMPORT_RUN)
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    found = services.batch_get(actor=actor_of(request), batch_id=batch_id)
    return render(request, "imports/batch.html", _batch_context(found))


@require_safe
@requires(Permission.IMPORT_RUN)
def batch_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress bar, polled by the page while the worker runs; when it has finished the
    whole page is reloaded to show the result."""
    found = services.batch_get(actor=actor_of(request), batch_id=batch_id)
    response = render(request, "imports/_progress.html", _batch_context(found))
    if not found.running:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@requires(Permission.IMPORT_RUN)
def batch_choose(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = services.batch_get(actor=actor, batch_id=batch_id)
    choices = {
        int(line): request.POST.get(f"line-{line}", "")
        for line in found.ambiguities
        if f"line-{line}" in request.POST
    }
    try:
        services.batch_choose(actor=actor, batch=found, choices=choices)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi lựa chọn và kiểm tra lại tệp."))
    return redirect("imports:batch", found.pk)


@require_POST
@requires(Permission.IMPORT_RUN)
def batch_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = services.batch_get(actor=actor, batch_id=batch_id)
    try:
        services.batch_commit(
            actor=actor, batch=found, only_valid=request.POST.get("only_valid") == "1"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:batch", found.pk)
    found.refresh_from_db()
    if found.status == BatchStatus.COMMITTED:
        messages.success(request, _("Đã nhập dữ liệu."))
    elif found.status == BatchStatus.PREVIEW:
        messages.error(
            request,
            _(
                "Không ghi gì: khi ghi, hệ thống gặp dòng lỗi mới (dữ liệu đã thay đổi từ lúc "
                "kiểm tra). Xem lại các dòng lỗi bên dưới."
            ),
        )
    return redirect("imports:batch", found.pk)


@require_POST
@requires(Permission.IMPORT_RUN)
def batch_cancel(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = services.batch_get(actor=actor, batch_id=batch_id)
    try:
        services.batch_cancel(actor=actor, batch=found)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:batch", found.pk)
    messages.success(request, _("Đã hủy lần nhập: không ghi gì, tệp tải lên đã được xóa."))
    return redirect("imports:upload")


@require_safe
@requires(Permission.IMPORT_RUN)
def error_rows(request: HttpRequest, batch_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = services.batch_get(actor=actor, batch_id=batch_id)
    if not found.errors or not found.file:
        raise Http404
    content = error_rows_xlsx(found)
    events.list_exported(
        actor=actor,
        what=f"import error rows: {found.filename}",
        object_type="imports.importbatch",
        rows=found.errors,
        filters={"batch": found.pk},
    )
    return xlsx_response(content, name=f"dong-loi-{found.pk}", dated=False)
