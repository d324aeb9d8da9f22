"""API of support records: activities, loans, jobs; scoped like the person pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.requests import actor_of
from reentry.audit import events
from reentry.core.errors import DomainError, ValidationFailed
from reentry.outreach.models import OutreachKind
from reentry.persons.selectors import person_get
from reentry.support import selectors, services
from reentry.support.models import (
    AssessmentOccasion,
    Employment,
    EmploymentKind,
    Lender,
    Loan,
    LoanStatus,
    NeedKind,
    NeedState,
    ProviderKind,
    SupportActivity,
    SupportKind,
)

from .params import filter_by_person, forbidden

MAX_VND = 10**12


class ActivitySerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = SupportActivity
        fields = [
            "id",
            "person",
            "kind",
            "occurred_on",
            "provider_kind",
            "provider_name",
            "outcome",
            "amount_vnd",
            "next_follow_up_on",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "kind": {"choices": SupportKind.choices},
            "provider_kind": {"choices": ProviderKind.choices},
            "amount_vnd": {"min_value": 0, "max_value": MAX_VND},
        }


class LoanSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = Loan
        fields = [
            "id",
            "person",
            "lender",
            "amount_vnd",
            "term_months",
            "purpose",
            "applied_on",
            "approved_on",
            "disbursed_on",
            "status",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "lender": {"choices": Lender.choices},
            "status": {"choices": LoanStatus.choices},
            "amount_vnd": {"min_value": 0, "max_value": MAX_VND},
            "term_months": {"min_value": 1, "max_value": 600},
        }


class EmploymentSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    monthly_income_vnd = serializers.IntegerField(
        required=False, allow_null=True, min_value=-MAX_VND, max_value=MAX_VND
    )
    partner = serializers.IntegerField(
        source="partner_id",
        required=False,
        allow_null=True,
        min_value=1,
        help_text="A partner of the person's province (/api/v1/partners/)",
    )

    class Meta:
        model = Employment
        fields = [
            "id",
            "person",
            "employer",
            "kind",
            "started_on",
            "ended_on",
            "monthly_income_vnd",
            "partner",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {"kind": {"choices": EmploymentKind.choices}}


class _SupportList(APIView):
    """GET: the records in scope (100 newest, ``?person=`` for one file); POST: record one."""

    serializer: type[serializers.ModelSerializer]
    data_class: Any
    service: Any
    what: str

    def _queryset(self, actor: Any) -> Any:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        queryset = self._queryset(actor)
        queryset = filter_by_person(request, queryset)
        if queryset is None:
            return Response({"person": ["Số hồ sơ không hợp lệ."]}, status=400)
        rows = list(queryset[:100])
        events.persons_listed(
            actor=actor, person_ids=sorted({r.person_id for r in rows}), what=self.what
        )
        return Response(self.serializer(rows, many=True).data)

    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not has_permission(actor, Permission.SUPPORT_CHANGE):
            return forbidden()
        incoming = self.serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        person = person_get(actor=actor, person_id=values.pop("person_id"))
        try:
            record = type(self).service(actor=actor, person=person, data=self.data_class(**values))
        except ValidationFailed as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        except DomainError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
        return Response(self.serializer(record).data, status=status.HTTP_201_CREATED)


PERSON_PARAM = OpenApiParameter("person", int, description="Only this file")


def _support_list_schema(serializer: type[serializers.ModelSerializer]) -> Any:
    """GET lists the records (``?person=``), POST records one and answers 201 with it."""
    return extend_schema_view(
        get=extend_schema(parameters=[PERSON_PARAM], responses=serializer(many=True)),
        post=extend_schema(request=serializer, responses={201: serializer}),
    )


@requires(Permission.SUPPORT_VIEW)
@_support_list_schema(ActivitySerializer)
class ActivityListView(_SupportList):
    serializer = ActivitySerializer
    data_class = services.ActivityData
    service = services.support_activity_record
    what = "api support activities"

    def _queryset(self, actor: Any) -> Any:
        return selectors.activities_for(actor).order_by("-occurred_on", "-id")


@requires(Permission.SUPPORT_VIEW)
@_support_list_schema(LoanSerializer)
class LoanListView(_SupportList):
    serializer = LoanSerializer
    data_class = services.LoanData
    service = services.loan_record
    what = "api loans"

    def _queryset(self, actor: Any) -> Any:
        return selectors.loans_for(actor).order_by("-applied_on", "-id")


@requires(Permission.SUPPORT_VIEW)
@_support_list_schema(EmploymentSerializer)
class EmploymentListView(_SupportList):
    serializer = EmploymentSerializer
    data_class = services.EmploymentData
    service = services.employment_record
    what = "api employments"

    def _queryset(self, actor: Any) -> Any:
        return selectors.employments_for(actor).order_by("-started_on", "-id")


class WorkItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    person_name = serializers.CharField(allow_blank=True)
    commune = serializers.CharField()
    due = serializers.DateField()
    overdue = serializers.BooleanField()
    url = serializers.CharField()
    note = serializers.CharField(allow_blank=True, help_text="What the date is, or its legal basis")


@requires(Permission.PERSON_VIEW)
class WorklistView(APIView):
    @extend_schema(
        summary="What is due or overdue for the caller within 14 days, soonest first",
        responses=WorkItemSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        from reentry.worklist.selectors import worklist_for

        actor = actor_of(request)
        items = worklist_for(actor=actor)
        events.persons_listed(
            actor=actor,
            person_ids=sorted({i.person_id for i in items if i.person_id is not None}),
            what="api worklist",
        )
        return Response(WorkItemSerializer(items, many=True).data)


class NeedItemSerializer(serializers.Serializer):
    need = serializers.ChoiceField(choices=NeedKind.choices)
    state = serializers.ChoiceField(choices=NeedState.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id")
    assessed_on = serializers.DateField()
    occasion = serializers.ChoiceField(choices=AssessmentOccasion.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    items = NeedItemSerializer(many=True)


@requires(Permission.SUPPORT_VIEW)
class AssessmentListView(APIView):
    @extend_schema(parameters=[PERSON_PARAM], responses=AssessmentSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        queryset = selectors.assessments_for(actor).prefetch_related("items")
        queryset = filter_by_person(request, queryset)
        if queryset is None:
            return Response({"person": ["Số hồ sơ không hợp lệ."]}, status=400)
        rows = list(queryset.order_by("-assessed_on", "-id")[:100])
        events.persons_listed(
            actor=actor, person_ids=sorted({r.person_id for r in rows}), what="api assessments"
        )
        return Response(
            [
                {
                    **AssessmentSerializer(r).data,
                    "items": NeedItemSerializer(r.items.all(), many=True).data,
                }
                for r in rows
            ]
        )

    @extend_schema(request=AssessmentSerializer, responses={201: AssessmentSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not has_permission(actor, Permission.SUPPORT_CHANGE):
            return forbidden()
        incoming = AssessmentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        person = person_get(actor=actor, person_id=values["person_id"])
        try:
            assessment = services.needs_assessment_record(
                actor=actor,
                person=person,
                assessed_on=values["assessed_on"],
                occasion=values["occasion"],
                notes=values["notes"],
                needs=[services.NeedData(**item) for item in values["items"]],
            )
        except ValidationFailed as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        except DomainError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
        data = {
            **AssessmentSerializer(assessment).data,
            "items": NeedItemSerializer(assessment.items.all(), many=True).data,
        }
        return Response(data, status=status.HTTP_201_CREATED)


class OutreachSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    held_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=OutreachKind.choices)
    title = serializers.CharField(max_length=300)
    communes = serializers.ListField(child=serializers.CharField(max_length=12), min_length=1)
    participants = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)
    materials = serializers.IntegerField(min_value=0, max_value=1_000_000, default=0)


def _outreach_json(event: Any) -> dict[str, Any]:
    return {
        "id": event.pk,
        "held_on": event.held_on.isoformat(),
        "kind": event.kind,
        "title": event.title,
        "communes": [c.code for c in event.communes.all()],
        "participants": event.participants,
        "materials": event.materials,
    }


@requires(Permission.SUPPORT_VIEW)
class OutreachListView(APIView):
    @extend_schema(responses=OutreachSerializer(many=True))
    def get(self, request: Request) -> Response:
        from reentry.outreach.selectors import outreach_events_for

        events = outreach_events_for(actor_of(request)).prefetch_related("communes")[:200]
        return Response([_outreach_json(e) for e in events])

    @extend_schema(request=OutreachSerializer, responses={201: OutreachSerializer})
    def post(self, request: Request) -> Response:
        from reentry.outreach.services import outreach_event_record

        actor = actor_of(request)
        incoming = OutreachSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        try:
            event = outreach_event_record(
                actor=actor, commune_codes=values.pop("communes"), **values
            )
        except ValidationFailed as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        except DomainError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
        return Response(_outreach_json(event), status=status.HTTP_201_CREATED)


class GoalSerializer(serializers.Serializer):
    need = serializers.ChoiceField(choices=NeedKind.choices)
    goal = serializers.CharField(max_length=300)
    responsible = serializers.CharField(max_length=200)
    target_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id")
    review_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    goals = GoalSerializer(many=True)


def _plan_json(plan: Any) -> dict[str, Any]:
    return {**PlanSerializer(plan).data, "goals": GoalSerializer(plan.goals.all(), many=True).data}


@requires(Permission.SUPPORT_VIEW)
class PlanListView(APIView):
    @extend_schema(parameters=[PERSON_PARAM], responses=PlanSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        queryset = selectors.plans_for(actor).prefetch_related("goals")
        queryset = filter_by_person(request, queryset)
        if queryset is None:
            return Response({"person": ["Số hồ sơ không hợp lệ."]}, status=400)
        rows = list(queryset.order_by("-id")[:100])
        events.persons_listed(
            actor=actor, person_ids=sorted({r.person_id for r in rows}), what="api plans"
        )
        return Response([_plan_json(r) for r in rows])

    @extend_schema(request=PlanSerializer, responses={201: PlanSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not has_permission(actor, Permission.SUPPORT_CHANGE):
            return forbidden()
        incoming = PlanSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        person = person_get(actor=actor, person_id=values["person_id"])
        try:
            plan = services.support_plan_record(
                actor=actor,
                person=person,
                review_on=values["review_on"],
                notes=values["notes"],
                goals=[services.GoalData(**g) for g in values["goals"]],
            )
        except ValidationFailed as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        except DomainError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
        return Response(_plan_json(plan), status=status.HTTP_201_CREATED)
