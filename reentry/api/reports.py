"""API of reports: every indicator for a unit in the caller's scope and a period, with the
child units' figures on request (the same engine as the report page)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.core.errors import DomainError
from reentry.reports.engine import Column
from reentry.reports.periods import period_of
from reentry.reports.recidivism import cohort_json, cohort_report
from reentry.reports.registry import INDICATORS
from reentry.reports.selectors import report_for, report_unit_get
from reentry.reports.suppression import Suppression

from .params import refusal


class IndicatorQuerySerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=12, help_text="Unit code: VN, 38, 15865")
    start = serializers.DateField()
    end = serializers.DateField()
    children = serializers.BooleanField(default=False, help_text="1: one entry per child unit")


class ChildSerializer(serializers.Serializer):
    unit = serializers.CharField()
    name = serializers.CharField()
    own = serializers.BooleanField(
        help_text="The province's own column: what it runs for several communes at once"
    )
    indicators = serializers.DictField(child=serializers.JSONField(allow_null=True))


class IndicatorReportSerializer(serializers.Serializer):
    unit = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    indicators = serializers.DictField(child=serializers.JSONField(allow_null=True))
    children = ChildSerializer(many=True, required=False)


def _values(column: Column, suppression: Suppression) -> dict[str, Any]:
    """Numbers as JSON numbers (money in whole đồng, percentages with one decimal); what
    the caller's role may not see as the string "<5" (``reports.suppression``)."""
    return {code: suppression.json(code, column.values) for code in INDICATORS}


@requires(Permission.REPORT_AGGREGATE_VIEW)
class IndicatorReportView(APIView):
    @extend_schema(
        summary="Every indicator for a unit and a period (and its child units)",
        parameters=[
            OpenApiParameter("unit", str, required=True),
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("children", bool, required=False),
        ],
        responses=IndicatorReportSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        query = IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        try:
            period = period_of("custom", start=values["start"], end=values["end"])
            report = report_for(
                actor=actor, unit_code=values["unit"], period=period, children=values["children"]
            )
        except DomainError as exc:
            return refusal(exc)
        suppression = Suppression.for_actor(actor)
        body: dict[str, Any] = {
            "unit": report.unit.code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "indicators": _values(report.total, suppression),
        }
        if values["children"]:
            body["children"] = [
                {
                    "unit": c.code,
                    "name": c.name,
                    "own": c.exact,
                    "indicators": _values(c, suppression),
                }
                for c in report.children
            ]
        return Response(body)


class CohortQuerySerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=12, help_text="Unit code: VN, 38, 15865")
    cohort = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Year of release")


class CohortCountSerializer(serializers.Serializer):
    events = serializers.JSONField(help_text='People with the event within the window (or "<5")')
    followed = serializers.JSONField(
        help_text="People followed for the whole window, or failed in it"
    )
    left = serializers.JSONField(
        help_text="People who left follow-up (died, abroad, expunged) before"
    )
    rate = serializers.FloatField(allow_null=True, help_text="events / followed, per cent")


class CohortWindowSerializer(serializers.Serializer):
    years = serializers.IntegerField()
    closes_on = serializers.DateField()
    published = serializers.BooleanField(help_text="False until the window has closed for all")
    measures = serializers.DictField(
        child=CohortCountSerializer(), help_text="rearrest, reconviction, reimprisonment"
    )


class CurvePointSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    survival = serializers.FloatField(help_text="Per cent not re-arrested")
    at_risk = serializers.IntegerField()


class CurveSerializer(serializers.Serializer):
    group = serializers.CharField(help_text='Initiative template, "none" or "all"')
    label = serializers.CharField()  # type: ignore[assignment]
    size = serializers.IntegerField()
    points = CurvePointSerializer(many=True)


class CohortReportSerializer(serializers.Serializer):
    unit = serializers.CharField()
    name = serializers.CharField()
    cohort = serializers.IntegerField()
    as_of = serializers.DateField()
    size = serializers.JSONField()
    left_follow_up = serializers.JSONField()
    windows = CohortWindowSerializer(many=True)
    survival = CurveSerializer(many=True)
    groups_hidden = serializers.IntegerField()


@requires(Permission.REPORT_AGGREGATE_VIEW)
class RecidivismReportView(APIView):
    @extend_schema(
        summary="Cohort recidivism: the people released in a year, followed 1, 3 and 5 years",
        parameters=[
            OpenApiParameter("unit", str, required=True),
            OpenApiParameter("cohort", int, required=True, description="Year of release"),
        ],
        responses=CohortReportSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        query = CohortQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        try:
            unit = report_unit_get(actor=actor, code=values["unit"])
        except DomainError as exc:
            return refusal(exc)
        report = cohort_report(unit, values["cohort"], timezone.localdate())
        return Response(cohort_json(report, Suppression.for_actor(actor)))
