"""The dashboard: the report's figures as charts, and the map of the units.

Everything here is read from a computed ``Report`` (the same numbers as the table) and from
the month-by-month split of the flow indicators, made with the same querysets as the
measures (so the twelve months add up to the year). The charts are SVG built once and
shown both on the page and in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.geography.models import AdminUnit
from reentry.support.models import SupportKind

from . import measures as m
from .charts import Chart, MapPoint, bar_chart, commune_map, line_chart
from .engine import Report
from .periods import Period
from .registry import Number
from .suppression import Suppression

# flow indicators split by month: (code, label, queryset builder, date field)
TRENDS: tuple[tuple[str, Any, Any, str], ...] = (
    ("notices_received", gettext_lazy("Thông báo nhận được"), m.notices_received, "received_on"),
    ("activities", gettext_lazy("Lượt hỗ trợ"), m.activities_done, "occurred_on"),
    ("loans_count", gettext_lazy("Khoản vay giải ngân"), m.loans_disbursed, "disbursed_on"),
    ("job_placements", gettext_lazy("Việc làm mới bắt đầu"), m.jobs_started, "started_on"),
)


def monthly(period: Period, path: str) -> dict[str, list[int]]:
    """Each flow of ``TRENDS`` in each month of the period (a year: twelve values)."""
    months = _months(period)
    values: dict[str, list[int]] = {}
    for code, _label, build, field in TRENDS:
        counts = dict(
            build(period, path)
            .annotate(month=ExtractMonth(field))
            .values("month")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("month", "n")
        )
        values[code] = [counts.get(month, 0) for month in months]
    return values


def _months(period: Period) -> list[int]:
    """The calendar months the period runs over (within one year, as the dashboard's)."""
    return list(range(period.start.month, period.end.month + 1))


@dataclass
class Dashboard:
    report: Report
    charts: list[Chart]
    trends: dict[str, list[int]]


def build(report: Report, suppression: Suppression) -> Dashboard:
    total = report.total.values
    period = report.period
    trends = monthly(period, report.unit.path)
    labels = [f"{month:02d}/{period.start.year}" for month in _months(period)]

    def shown(values: list[int]) -> list[float | None]:
        """Months of 1 to 4 hidden; when only one is, the next smallest goes too, or the
        year's total (shown elsewhere) minus the others would give it back."""
        hidden = {i for i, v in enumerate(values) if suppression.small(v)}
        if len(hidden) == 1:
            others = [i for i, v in enumerate(values) if v and i not in hidden]
            if others:
                hidden.add(min(others, key=lambda i: values[i]))
        return [None if i in hidden else v for i, v in enumerate(values)]

    charts = [
        line_chart(
            _("Diễn biến theo tháng"),
            labels,
            [(str(label), shown(trends[code])) for code, label, _build, _field in TRENDS],
        )
    ]
    kinds = [
        (str(label), _count(total[f"activities_{kind}"]))
        for kind, label in SupportKind.choices
        if not suppression.hidden(f"activities_{kind}", total)
    ]
    charts.append(bar_chart(_("Hỗ trợ theo loại (lượt)"), kinds))
    grades = [
        (_("Loại %(grade)s") % {"grade": grade}, _count(total[f"class_{grade.lower()}_end"]))
        for grade in "ABCD"
        if not suppression.hidden(f"class_{grade.lower()}_end", total)
    ]
    charts.append(bar_chart(_("Phân loại A, B, C, D cuối kỳ (người)"), grades))
    charts.append(_coverage(report))
    charts.append(_map(report, suppression))
    return Dashboard(report, charts, trends)


def _count(value: Number) -> int:
    return int(value or 0)


def _coverage(report: Report) -> Chart:
    """Coverage of initiatives: the share of communes with one, by child unit (a province
    per bar for the nation), or the communes with and without one (a province or commune)."""
    title = _("Độ phủ mô hình tái hòa nhập cộng đồng")
    if report.unit.kind == "nation":
        items = [
            (c.name, float(c.values["initiative_coverage_pct"] or 0))
            for c in report.children
            if not c.exact
        ]
        items.sort(key=lambda item: item[1])
        return bar_chart(title + " (%)", items, suffix="%")
    total = report.total.values
    covered = _count(total["communes_with_initiative_end"])
    return bar_chart(
        title,
        [
            (_("Xã, phường có mô hình"), covered),
            (_("Xã, phường chưa có mô hình"), _count(total["communes_total"]) - covered),
        ],
    )


def _map(report: Report, suppression: Suppression) -> Chart:
    """People managed at the end of the period, by child unit (or the unit itself)."""
    columns = [c for c in report.children if not c.exact] or [report.total]
    units = {
        u.code: u
        for u in AdminUnit.objects.filter(
            path__in=[c.path for c in columns], latitude__isnull=False
        )
    }
    points = []
    for column in columns:
        unit = units.get(column.code)
        if unit is None or unit.latitude is None or unit.longitude is None:
            continue
        value = _count(column.values["persons_managed_end"])
        points.append(
            MapPoint(
                column.name,
                float(unit.latitude),
                float(unit.longitude),
                None if suppression.small(value) else value,
            )
        )
    return commune_map(
        _("Bản đồ số người đang quản lý cuối kỳ"),
        points,
        legend=_("Vòng tròn: diện tích theo số người đang quản lý; chấm xám: không có ai."),
    )
