"""API of oversight: inspections with their recommendations, follow-up steps, and
commendations; scoped like the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.requests import actor_of
from reentry.core.errors import DomainError
from reentry.oversight import selectors, services
from reentry.oversight.models import (
    FOLLOW_UP_STATUSES,
    CommendationForm,
    RecipientKind,
    RecommendationStatus,
)

from .params import forbidden, refusal

LIMIT = 200


class FollowUpSerializer(serializers.Serializer):
    occurred_on = serializers.DateField()
    status = serializers.ChoiceField(choices=FOLLOW_UP_STATUSES)
    note = serializers.CharField(max_length=500)


class FollowUpRequestSerializer(FollowUpSerializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The recommendation's version as read; a stale one gets 409."
    )


class RecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=500)
    responsible = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=RecommendationStatus.choices, read_only=True)
    done_on = serializers.DateField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)


class InspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    commune = serializers.CharField(max_length=12, help_text="Commune code, e.g. 15865")
    inspected_on = serializers.DateField()
    team = serializers.CharField(max_length=300)
    findings = serializers.CharField(max_length=4000)
    recommendations = RecommendationSerializer(  # type: ignore[call-arg]  # DRF ≥ 3.14
        many=True, required=False, default=list, max_length=50
    )


def _inspection_json(inspection: Any, recommendations: Any = None) -> dict[str, Any]:
    if recommendations is None:
        recommendations = selectors.inspection_recommendations(inspection)
    return {
        "id": inspection.pk,
        "commune": inspection.commune.code,
        "inspected_on": inspection.inspected_on.isoformat(),
        "team": inspection.team,
        "findings": inspection.findings,
        "recommendations": RecommendationSerializer(recommendations, many=True).data,
    }


@requires(Permission.OVERSIGHT_VIEW)
class InspectionListView(APIView):
    @extend_schema(
        summary="Inspections of the communes in the caller's scope, newest first",
        responses=InspectionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        rows = (
            selectors.inspection_list(actor=actor_of(request))
            .prefetch_related("recommendations__follow_ups")
            .select_related("commune")[:LIMIT]
        )
        return Response([_inspection_json(i, i.recommendations.all()) for i in rows])

    @extend_schema(
        summary="Record an inspection with its recommendations (province officers)",
        request=InspectionSerializer,
        responses={201: InspectionSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not has_permission(actor, Permission.INSPECTION_RECORD):
            return forbidden()
        incoming = InspectionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        try:
            inspection = services.inspection_record(
                actor=actor,
                commune_code=values["commune"],
                inspected_on=values["inspected_on"],
                team=values["team"],
                findings=values["findings"],
                recommendations=[
                    services.RecommendationData(
                        text=r["text"], responsible=r["responsible"], due_on=r["due_on"]
                    )
                    for r in values["recommendations"]
                ],
            )
        except DomainError as exc:
            return refusal(exc)
        return Response(_inspection_json(inspection), status=status.HTTP_201_CREATED)


@requires(Permission.OVERSIGHT_VIEW)
class InspectionDetailView(APIView):
    @extend_schema(summary="One inspection", responses=InspectionSerializer)
    def get(self, request: Request, inspection_id: int) -> Response:
        inspection = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
        return Response(_inspection_json(inspection))


@requires(Permission.RECOMMENDATION_FOLLOW_UP)
class RecommendationFollowUpView(APIView):
    @extend_schema(
        summary="Record a step of carrying a recommendation out; status done closes it",
        request=FollowUpRequestSerializer,
        responses={201: RecommendationSerializer},
    )
    def post(self, request: Request, recommendation_id: int) -> Response:
        actor = actor_of(request)
        recommendation = selectors.recommendation_get(
            actor=actor, recommendation_id=recommendation_id
        )
        incoming = FollowUpRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        try:
            services.recommendation_follow_up(
                actor=actor,
                recommendation=recommendation,
                expected_version=values.pop("version"),
                **values,
            )
        except DomainError as exc:
            return refusal(exc)
        return Response(
            RecommendationSerializer(recommendation).data, status=status.HTTP_201_CREATED
        )


class CommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    awarded_on = serializers.DateField()
    form = serializers.ChoiceField(choices=CommendationForm.choices)
    awarded_by = serializers.CharField(max_length=200)
    decision_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    recipient_kind = serializers.ChoiceField(choices=RecipientKind.choices)
    recipient_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The initiative, member or partner id, for those kinds",
    )
    recipient_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="For another collective or individual; filled from the record otherwise",
    )
    commune = serializers.CharField(
        max_length=12, required=False, allow_blank=True, default="", write_only=True
    )
    is_collective = serializers.BooleanField(read_only=True)
    unit = serializers.CharField(read_only=True, source="unit.code")
    reason = serializers.CharField(max_length=500)


def _commendation_json(commendation: Any) -> dict[str, Any]:
    data = dict(CommendationSerializer(commendation).data)
    data["recipient_id"] = (
        commendation.initiative_id or commendation.member_id or commendation.partner_id
    )
    return data


@requires(Permission.OVERSIGHT_VIEW)
class CommendationListView(APIView):
    @extend_schema(
        summary="Commendations within the caller's scope, newest first",
        responses=CommendationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        rows = selectors.commendations_for(actor_of(request))[:LIMIT]
        return Response([_commendation_json(c) for c in rows])

    @extend_schema(
        summary="Record a commendation",
        request=CommendationSerializer,
        responses={201: CommendationSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not has_permission(actor, Permission.COMMENDATION_RECORD):
            return forbidden()
        incoming = CommendationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        values["commune_code"] = values.pop("commune")
        try:
            commendation = services.commendation_record(actor=actor, **values)
        except DomainError as exc:
            return refusal(exc)
        return Response(_commendation_json(commendation), status=status.HTTP_201_CREATED)
