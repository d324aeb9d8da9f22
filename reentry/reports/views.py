"""The report page: a unit, a period, every indicator, one column per child unit."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from django.contrib import messages as messages_api
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import can_open_counted_records, has_permission
from reentry.access.requests import actor_of
from reentry.access.scoping import (
    initiatives_visible_to,
    outreach_events_visible_to,
    persons_visible_to,
    submissions_visible_to,
)
from reentry.audit import events
from reentry.core.errors import DomainError, ValidationFailed
from reentry.core.xlsx import xlsx_response
from reentry.geography.models import AdminUnit

from .charts import line_chart
from .dashboard import build as build_dashboard
from .engine import compute
from .exports import report_xlsx
from .forms import (
    CohortForm,
    DashboardForm,
    DecisionForm,
    ReportForm,
    SubmissionPeriodForm,
    SubmitForm,
    TargetForm,
)
from .letterhead import letterhead_for
from .models import ReportSubmission, SubmissionStatus, Target
from .pdf import report_pdf
from .periods import period_of
from .recidivism import CURVE_MONTHS, MEASURES, cohort_json, cohort_report
from .records import (
    INITIATIVES,
    NUMERATOR,
    OUTREACH,
    Records,
    drillable,
    records_for,
    records_value,
    visible_filter,
)
from .registry import INDICATORS, UNIT_LABELS
from .selectors import report_unit_get, report_units_for
from .signoff import (
    SUBMITTABLE,
    Standing,
    commune_standings,
    latest_period,
    restore,
    submission_changes,
    submission_create,
    submission_decide,
    submission_get,
    submission_refusal,
    submissions_for,
    submissions_queue,
)
from .suppression import SENSITIVE, Suppression
from .targets import progress, target_set, targets_for

RECORDS_PER_PAGE = 50


@never_cache
@require_safe
@requires(Permission.REPORT_AGGREGATE_VIEW)
def report(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    scope = actor.scope
    # the page opened from the menu shows this year's report; its links (figures, downloads,
    # every unit) carry that period as if it had been chosen
    params = (
        request.GET.copy()
        if "unit" in request.GET
        else QueryDict(urlencode(ReportForm.defaults(scope.code)), mutable=True)
    )
    unit = report_unit_get(actor=actor, code=str(params.get("unit") or scope.code))
    form = ReportForm(params, units=_unit_choices(actor, unit))
    result = None
    if form.is_valid():
        try:
            period = form.period()
        except ValidationFailed as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            result = compute(unit, period, children=True)  # ``unit`` is in scope: see above
    suppression = Suppression.for_actor(actor)
    if result is not None and request.GET.get("format") == "xlsx":
        span = f"{result.period.start}..{result.period.end}"
        events.report_exported(actor=actor, unit_path=unit.path, what=f"report xlsx {span}")
        name = f"bao-cao-{unit.code}-{result.period.start:%Y%m%d}-{result.period.end:%Y%m%d}"
        return xlsx_response(report_xlsx(result, suppression=suppression), name=name, dated=False)
    if result is not None and request.GET.get("format") == "pdf":
        span = f"{result.period.start}..{result.period.end}"
        events.report_exported(actor=actor, unit_path=unit.path, what=f"report pdf {span}")
        head = letterhead_for(actor)
        document = report_pdf(
            result,
            suppression=suppression,
            charts=build_dashboard(result, suppression).charts,
            issuer=head.issuer,
            parent_issuer=head.parent_issuer,
            number=head.number,
            place=head.place,
            signer_title=head.signer_title,
            signer_name="",
            issued_on=timezone.localdate(),
        )
        response = HttpResponse(document, content_type="application/pdf")
        name = f"bao-cao-{unit.code}-{result.period.start:%Y%m%d}-{result.period.end:%Y%m%d}"
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    show_all = request.GET.get("all") == "1"
    hidden = 0
    signoff = _signoff(actor, unit, result) if result is not None else None
    if result is not None and not show_all:
        kept = [
            c
            for c in result.children
            if _has_data(c.values) or (signoff and c.code in signoff["columns"])
        ]
        hidden = len(result.children) - len(kept)
        result.children = kept
    reference = signoff["reference"] if signoff else None
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "unit": unit,
            "report": result,
            "table": _table(result, suppression, _drill_links(actor, params), reference)
            if result
            else None,
            "signoff": signoff,
            "headers": [
                {"column": c, "standing": signoff["columns"].get(c.code) if signoff else None}
                for c in result.children
            ]
            if result
            else [],
            "hide_small": suppression.active,
            "drill": has_permission(actor, Permission.PERSON_VIEW),
            "hidden": hidden,
            "show_all": show_all,
            "query": params,
        },
    )


def _has_data(values: dict[str, Any]) -> bool:
    """A child unit with something to report (every commune counts itself as one commune)."""
    return any(
        value
        for code, value in values.items()
        if INDICATORS[code].derive is None and code != "communes_total"
    )


def can_drill(actor: Any, code: str) -> bool:
    """Whether the actor may open the records behind a figure: people's files need
    ``person.view``; figures about custody, the record and reoffending need offence data."""
    return drillable(code) and can_open_counted_records(
        actor, offence_related=NUMERATOR.get(code, code) in SENSITIVE
    )


def _drill_links(actor: Any, params: QueryDict) -> Any:
    """A function giving the link behind a cell, or None where there is none to give."""
    base = params.copy()
    for key in ("format", "all", "page"):
        base.pop(key, None)
    url = reverse("reports:records")

    def link(code: str, column: Any) -> str | None:
        if not can_drill(actor, code):
            return None
        query = base.copy()
        query["unit"] = column.code
        query["indicator"] = code
        if column.exact:
            query["own"] = "1"
        return f"{url}?{query.urlencode()}"

    return link


def _table(
    result: Any, suppression: Suppression, link: Any, reference: ReportSubmission | None = None
) -> list[dict[str, Any]]:
    """Rows for the template: section headings and indicators with their cells, and beside
    a commune's figures those of its approved (or submitted) report, where they differ."""
    rows: list[dict[str, Any]] = []
    section = None
    sent = restore(reference.values) if reference is not None else {}
    changed = (
        {c.code for c in submission_changes(reference, result.total.values)} if reference else set()
    )
    for code in INDICATORS:
        indicator = INDICATORS[code]
        if indicator.section != section:
            section = indicator.section
            rows.append({"section": section})
        rows.append(
            {
                "code": code,
                "indicator": indicator,
                "unit": UNIT_LABELS[indicator.unit],
                "cells": [
                    {
                        "value": column.values[code],
                        "small": suppression.hidden(code, column.values),
                        "href": link(code, column) if column.values[code] else None,
                    }
                    for column in (result.total, *result.children)
                ],
                "sent": {
                    "value": sent.get(code),
                    "small": suppression.hidden(code, sent),
                    "changed": code in changed,
                }
                if reference is not None
                else None,
            }
        )
    return rows


def _signoff(actor: Any, unit: AdminUnit, result: Any) -> dict[str, Any] | None:
    """Where the report stands with the province: for a commune, its submissions for the
    period and what changed since; for a province, each commune's standing by column.
    Only roles that read reports of their unit (``report.view``) see any of it."""
    period = result.period
    if period.kind not in SUBMITTABLE or not has_permission(actor, Permission.REPORT_VIEW):
        return None
    if unit.kind != "commune":
        standings = commune_standings(actor=actor, report=result)
        return {"columns": {s.code: s for s in standings if s.standing.shown}, "reference": None}
    history = list(
        submissions_for(actor=actor, unit=unit, period=period).select_related(
            "submitted_by", "decided_by"
        )
    )
    standing = Standing.of(history)
    reference = standing.approved or standing.pending
    current = result.total.values
    refusal = submission_refusal(unit=unit, period=period, standing=standing, current=current)
    return {
        "columns": {},
        "standing": standing,
        "history": history,
        "reference": reference,
        "changed": submission_changes(reference, current) if reference is not None else [],
        "can_submit": has_permission(actor, Permission.REPORT_SUBMIT) and not refusal,
        "refusal": " ".join(m for messages in refusal.values() for m in messages),
        "form": SubmitForm(
            initial={
                "unit": unit.code,
                "kind": period.kind,
                "year": period.start.year,
                "number": period.number,
            }
        ),
    }


@never_cache
@require_safe
@requires(Permission.REPORT_VIEW)
def submissions(request: HttpRequest) -> HttpResponse:
    """Period reports sent by the communes: the province's queue of reports waiting for a
    decision, and for a period every commune's standing; a commune sees its own history."""
    actor = actor_of(request)
    form = SubmissionPeriodForm(request.GET if "kind" in request.GET else None)
    period = latest_period(actor=actor) if "kind" not in request.GET else None
    if period is not None:
        form = SubmissionPeriodForm(
            initial={"kind": period.kind, "year": period.start.year, "number": period.number}
        )
    elif form.is_bound and form.is_valid():
        try:
            period = form.period()
        except ValidationFailed as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
    scope = actor.scope
    rows = []
    if period is not None and scope.kind != "commune":
        rows = commune_standings(actor=actor, report=compute(scope, period, children=True))
    counts = Counter(r.standing.shown.status if r.standing.shown else "missing" for r in rows)
    mine = None
    if scope.kind == "commune":
        mine = submissions_visible_to(actor).select_related("unit")[:100]
    return render(
        request,
        "reports/submissions.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "counts": counts,
            "queue": submissions_queue(actor=actor)[:200],
            "mine": mine,
        },
    )


@never_cache
@require_safe
@requires(Permission.REPORT_VIEW)
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    """One submitted report: the figures sent beside today's, what changed, the decision."""
    actor = actor_of(request)
    found = submission_get(actor=actor, pk=pk)
    period = found.period
    current = compute(found.unit, period).total.values
    suppression = Suppression.for_actor(actor)
    sent = restore(found.values)
    changed = {change.code: change for change in submission_changes(found, current)}
    rows = [
        {
            "code": code,
            "indicator": INDICATORS[code],
            "unit": UNIT_LABELS[INDICATORS[code].unit],
            "reported": code in sent,
            "sent": sent.get(code),
            "sent_small": suppression.hidden(code, sent),
            "now": current.get(code),
            "now_small": suppression.hidden(code, current),
            "change": changed.get(code),
        }
        for code in INDICATORS
    ]
    can_decide = (
        has_permission(actor, Permission.REPORT_APPROVE)
        and found.status == SubmissionStatus.SUBMITTED
    )
    return render(
        request,
        "reports/submission.html",
        {
            "submission": found,
            "period": period,
            "rows": rows,
            "changed": len(changed),
            "history": submissions_for(actor=actor, unit=found.unit, period=period)
            .exclude(pk=found.pk)
            .select_related("submitted_by", "decided_by"),
            "decision_form": DecisionForm() if can_decide else None,
            "report_query": urlencode(period.query(found.unit.code)),
        },
    )


@require_POST
@requires(Permission.REPORT_SUBMIT)
def submit(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = SubmitForm(request.POST)
    back = reverse("reports:report")
    if not form.is_valid():
        messages_api.error(request, _("Kỳ báo cáo hoặc đơn vị không hợp lệ: mở lại trang Báo cáo."))
        return redirect(back)
    values = form.cleaned_data
    try:
        period = form.period()
        back += "?" + urlencode(period.query(values["unit"]))
        created = submission_create(
            actor=actor, unit_code=values["unit"], period=period, note=values["note"]
        )
    except ValidationFailed as exc:
        for messages in exc.errors.values():
            for message in messages:
                messages_api.error(request, message)
        return redirect(back)
    messages_api.success(request, _("Đã gửi báo cáo lên tỉnh."))
    return redirect("reports:submission", pk=created.pk)


@require_POST
@requires(Permission.REPORT_APPROVE)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    submission_get(actor=actor, pk=pk)  # out of scope: 404 before anything else
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages_api.error(request, f"{label}: {error}" if label else str(error))
        return redirect("reports:submission", pk=pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        submission_decide(actor=actor, pk=pk, approve=approve, note=form.cleaned_data["note"])
    except DomainError as exc:  # a missing reason, or already decided
        messages_api.error(request, exc.message)
    else:
        done = _("Đã duyệt báo cáo.") if approve else _("Đã trả lại báo cáo cho xã.")
        messages_api.success(request, done)
    return redirect("reports:submission", pk=pk)


@require_safe
@requires(Permission.REPORT_AGGREGATE_VIEW)
def indicators(request: HttpRequest) -> HttpResponse:
    """The registry as a page: what every figure means and how it is counted."""
    return render(
        request,
        "reports/indicators.html",
        {"indicators": list(INDICATORS.values()), "units": UNIT_LABELS},
    )


@never_cache
@require_safe
@requires(Permission.PERSON_VIEW)
def records(request: HttpRequest) -> HttpResponse:
    """The records behind one figure of the report, limited to the files the user may open.

    The figure counts every record (sealed files and people now managed elsewhere too); the
    list shows the ones the user may open and says how many it leaves out."""
    actor = actor_of(request)
    if not has_permission(actor, Permission.REPORT_AGGREGATE_VIEW):
        raise PermissionDenied
    code = request.GET.get("indicator", "")
    if code not in INDICATORS or not drillable(code):
        raise Http404
    if not can_drill(actor, code):
        raise PermissionDenied
    unit = report_unit_get(actor=actor, code=request.GET.get("unit", ""))
    exact = request.GET.get("own") == "1" and unit.kind == "province"
    form = ReportForm(request.GET, units=[(unit.code, unit.name)])
    back = request.GET.copy()
    for key in ("indicator", "own", "page"):
        back.pop(key, None)
    context: dict[str, Any] = {"unit": unit, "exact": exact, "back": back.urlencode()}
    context["indicator"] = INDICATORS[code]
    period = None
    if form.is_valid():
        try:
            period = form.period()
        except ValidationFailed:
            period = None
    if period is None:
        context["bad_period"] = True
        return render(request, "reports/records.html", context, status=400)
    found = records_for(code, period, unit.path, exact=exact)
    rows = _visible(actor, found)
    page = Paginator(rows, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    shown = page.paginator.count
    counted = found.rows.count() if isinstance(found.rows, QuerySet) else len(found.rows)
    summed = code in ("loans_amount_vnd", "outreach_participants", "outreach_materials")
    if found.about_people:
        ids = [row.pk if found.kind == "persons" else row.person_id for row in items]
        events.persons_listed(
            actor=actor,
            person_ids=ids,
            what=f"report records {code} {unit.code} {period.start}..{period.end}",
        )
    names = dict(
        AdminUnit.objects.filter(path__in={row.place for row in items}).values_list("path", "name")
    )
    for row in items:
        row.place_name = names.get(row.place, row.place)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "period": period,
            "records": found,
            "page": page,
            "items": items,
            "counted": counted,
            "left_out": counted - shown,
            "sum": records_value(found) if summed else None,
            "numerator": NUMERATOR.get(code),
            "show_offences": has_permission(actor, Permission.PERSON_VIEW_OFFENCE),
            "query": query.urlencode(),
        }
    )
    return render(request, "reports/records.html", context)


def _visible(actor: Any, found: Records) -> Any:
    """The rows of ``found`` the actor may open."""
    from reentry.persons.models import Person

    rows = found.rows
    if found.about_people:
        mine = persons_visible_to(actor, Person.objects.all())
        return cast(QuerySet[Any], rows).filter(visible_filter(found, mine))
    if found.kind == OUTREACH:
        allowed = set(outreach_events_visible_to(actor).values_list("pk", flat=True))
        return [row for row in rows if row.pk in allowed]
    if found.kind == INITIATIVES:
        allowed = set(initiatives_visible_to(actor).values_list("pk", flat=True))
        return [row for row in rows if row.pk in allowed]
    return rows  # communes under a unit in the actor's scope


def _unit_choices(actor: Any, unit: AdminUnit) -> list[tuple[str, str]]:
    scope = actor.scope
    choices = {u.code: u.name for u in [scope, *report_units_for(actor).filter(parent=scope)]}
    choices.setdefault(unit.code, unit.name)
    return list(choices.items())


@never_cache
@require_safe
@requires(Permission.REPORT_AGGREGATE_VIEW)
def recidivism(request: HttpRequest) -> HttpResponse:
    """Cohort recidivism: of those released in a year, re-arrested, reconvicted and
    reimprisoned within 1, 3 and 5 years, and the curve by initiative template."""
    actor = actor_of(request)
    data = request.GET if "unit" in request.GET else CohortForm.defaults(actor.scope.code)
    unit = report_unit_get(actor=actor, code=str(data.get("unit") or actor.scope.code))
    form = CohortForm(data, units=_unit_choices(actor, unit))
    context: dict[str, Any] = {"form": form, "unit": unit, "measures": MEASURES}
    if form.is_valid():
        report = cohort_report(unit, form.cleaned_data["cohort"], timezone.localdate())
        shown = cohort_json(report, Suppression.for_actor(actor))
        context["cohort"] = shown
        context["as_of"] = report.as_of
        for window, shown_window in zip(report.windows, shown["windows"], strict=True):
            shown_window["closes_on_day"] = window.closes_on  # a date, for the page
        context["chart"] = survival_chart(shown)
    return render(request, "reports/recidivism.html", context)


def survival_chart(shown: dict[str, Any]) -> Any:
    months = CURVE_MONTHS
    series = []
    for curve in shown["survival"]:
        by_month = {p["month"]: p["survival"] for p in curve["points"]}
        series.append((curve["label"], [by_month.get(m) for m in months]))
    return line_chart(
        _("Tỷ lệ chưa bị bắt, khởi tố lại theo số tháng sau khi ra trại (%)"),
        [str(m) for m in months],
        series,
        y_max=100,
        suffix="%",
    )


MAX_TARGETS = 6  # on the dashboard, the latest deadlines first

# The figures shown as tiles at the top of the dashboard
HEADLINE = (
    "persons_managed_end",
    "notices_received",
    "persons_reported",
    "employed_end",
    "loans_amount_vnd",
    "expungements",
    "recidivism_rate_pct",
    "initiative_coverage_pct",
)


@never_cache
@require_safe
@requires(Permission.REPORT_AGGREGATE_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The year's figures of a unit as tiles, charts and a map (the report's numbers)."""
    actor = actor_of(request)
    data = request.GET if "unit" in request.GET else DashboardForm.defaults(actor.scope.code)
    unit = report_unit_get(actor=actor, code=str(data.get("unit") or actor.scope.code))
    form = DashboardForm(data, units=_unit_choices(actor, unit))
    context: dict[str, Any] = {"form": form, "unit": unit}
    if form.is_valid():
        suppression = Suppression.for_actor(actor)
        result = compute(unit, period_of("year", form.cleaned_data["year"]), children=True)
        board = build_dashboard(result, suppression)
        values = result.total.values
        context.update(
            {
                "report": result,
                "charts": board.charts,
                "tiles": [
                    {
                        "indicator": INDICATORS[code],
                        "value": suppression.shown(code, values),
                    }
                    for code in HEADLINE
                ],
                "report_query": f"unit={unit.code}&kind=year&year={form.cleaned_data['year']}",
                "progress": _progress(unit, suppression),
                "can_set_targets": has_permission(actor, Permission.TARGET_MANAGE),
            }
        )
    return render(request, "reports/dashboard.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@requires(Permission.TARGET_MANAGE)
def targets(request: HttpRequest) -> HttpResponse:
    """The targets of the user's province (or the nation) and a form to set one."""
    actor = actor_of(request)
    units = [
        (u.code, u.name)
        for u in report_units_for(actor).filter(kind__in=("nation", "province")).order_by("path")
    ]
    form = TargetForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            target_set(actor=actor, unit_code=form.cleaned_data.pop("unit"), **form.cleaned_data)
        except ValidationFailed as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages_api.success(request, _("Đã đặt chỉ tiêu phấn đấu."))
            return redirect("reports:targets")
    scope = actor.scope
    listed = targets_for(scope) | Target.objects.filter(unit_path__startswith=scope.path)
    return render(
        request,
        "reports/targets.html",
        {"form": form, "targets": listed.distinct().select_related("unit", "set_by")},
    )


def _progress(unit: AdminUnit, suppression: Suppression) -> list[Any]:
    """Progress of the targets that apply to ``unit``, the latest deadlines first (one that
    cannot be computed, e.g. set before the checks of today, is left out, not a 500)."""
    shown = []
    for target in targets_for(unit).order_by("-deadline", "-id")[:MAX_TARGETS]:
        try:
            shown.append(progress(target, unit, suppression))
        except ValidationFailed:
            continue
    return shown
