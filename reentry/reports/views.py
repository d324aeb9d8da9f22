"""The report page: a unit, a period, every indicator, one column per child unit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.audit import events
from reentry.core.errors import ValidationFailed

from .engine import compute
from .exports import report_xlsx
from .forms import ReportForm
from .periods import period_of
from .registry import INDICATORS, UNIT_LABELS
from .selectors import report_unit_get, report_units_for
from .suppression import Suppression


@never_cache
@require_safe
@requires(Permission.REPORT_AGGREGATE_VIEW)
def report(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    scope = actor.scope
    data = request.GET if "unit" in request.GET else ReportForm.defaults(scope.code)
    unit = report_unit_get(actor=actor, code=str(data.get("unit") or scope.code))
    choices = {u.code: u.name for u in [scope, *report_units_for(actor).filter(parent=scope)]}
    choices.setdefault(unit.code, unit.name)
    form = ReportForm(data, units=list(choices.items()))
    result = None
    if form.is_valid():
        values = form.cleaned_data
        try:
            period = period_of(
                values["kind"], values["year"], values["number"], values["start"], values["end"]
            )
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
        response = HttpResponse(
            report_xlsx(result, suppression=suppression),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"bao-cao-{unit.code}-{result.period.start:%Y%m%d}-{result.period.end:%Y%m%d}"
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    show_all = request.GET.get("all") == "1"
    hidden = 0
    if result is not None and not show_all:
        kept = [c for c in result.children if _has_data(c.values)]
        hidden = len(result.children) - len(kept)
        result.children = kept
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "unit": unit,
            "report": result,
            "table": _table(result, suppression) if result else None,
            "hide_small": suppression.active,
            "hidden": hidden,
            "show_all": show_all,
            "query": request.GET.copy(),
        },
    )


def _has_data(values: dict[str, Any]) -> bool:
    """A child unit with something to report (every commune counts itself as one commune)."""
    return any(
        value
        for code, value in values.items()
        if INDICATORS[code].derive is None and code != "communes_total"
    )


def _table(result: Any, suppression: Suppression) -> list[dict[str, Any]]:
    """Rows for the template: section headings and indicators with their cells."""
    rows: list[dict[str, Any]] = []
    section = None
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
                    {"value": column.values[code], "small": suppression.hidden(code, column.values)}
                    for column in (result.total, *result.children)
                ],
            }
        )
    return rows


@require_safe
@requires(Permission.REPORT_AGGREGATE_VIEW)
def indicators(request: HttpRequest) -> HttpResponse:
    """The registry as a page: what every figure means and how it is counted."""
    return render(
        request,
        "reports/indicators.html",
        {"indicators": list(INDICATORS.values()), "units": UNIT_LABELS},
    )
