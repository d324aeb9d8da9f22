"""API of outcomes: a person's classifications, and new offences after release."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.core.errors import DomainError, NotFoundError
from reentry.law.expungement import Status
from reentry.outcomes.expungement import person_expungement
from reentry.outcomes.models import Difficulty, ExpungementKind, Grade, ReoffenceStatus
from reentry.outcomes.selectors import person_classifications, reoffences_for
from reentry.outcomes.services import (
    classification_record,
    expungement_record_add,
    reoffence_conclude,
    reoffence_record,
)
from reentry.persons.selectors import person_get

from .params import filter_by_person, refusal


class ClassificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    assessed_on = serializers.DateField()
    grade = serializers.ChoiceField(choices=Grade.choices)
    difficulties = serializers.ListField(
        child=serializers.ChoiceField(choices=Difficulty.choices),
        required=False,
        default=list,
        max_length=len(Difficulty.choices),
    )
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _json(row: Any) -> dict[str, Any]:
    return dict(ClassificationSerializer(row).data)


@requires(Permission.PERSON_VIEW_OFFENCE)
class PersonClassificationsView(APIView):
    @extend_schema(
        summary="A person's classifications (A/B/C/D), newest first: the first is current",
        responses=ClassificationSerializer(many=True),
    )
    def get(self, request: Request, person_id: int) -> Response:
        actor = actor_of(request)
        person = person_get(actor=actor, person_id=person_id)
        return Response([_json(c) for c in person_classifications(actor=actor, person=person)])

    @extend_schema(
        summary="Classify the person (B needs difficulties; C and D need notes)",
        request=ClassificationSerializer,
        responses={201: ClassificationSerializer},
    )
    def post(self, request: Request, person_id: int) -> Response:
        actor = actor_of(request)
        person = person_get(actor=actor, person_id=person_id)
        incoming = ClassificationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            row = classification_record(actor=actor, person=person, **incoming.validated_data)
        except DomainError as exc:
            return refusal(exc)
        return Response(_json(row), status=status.HTTP_201_CREATED)


class ReoffenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", min_value=1)
    committed_on = serializers.DateField()
    arrested_on = serializers.DateField(required=False, allow_null=True, default=None)
    charge = serializers.CharField(max_length=300)
    in_custody = serializers.BooleanField(
        write_only=True, default=False, help_text="Held in custody for it: classification D"
    )
    status = serializers.ChoiceField(choices=ReoffenceStatus.choices, read_only=True)
    concluded_on = serializers.DateField(read_only=True, allow_null=True)
    sentence = serializers.IntegerField(source="sentence_id", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class ConcludeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[ReoffenceStatus.CONVICTED.value, ReoffenceStatus.DROPPED.value]
    )
    concluded_on = serializers.DateField()
    sentence = serializers.IntegerField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(min_value=1)


@requires(Permission.PERSON_VIEW_OFFENCE)
class ReoffenceListView(APIView):
    @extend_schema(
        summary="New offences after release, in scope, newest first (?person=ID)",
        parameters=[OpenApiParameter("person", int)],
        responses=ReoffenceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        rows = filter_by_person(request, reoffences_for(actor_of(request)))
        if rows is None:
            return Response({"person": ["Số hồ sơ không hợp lệ."]}, status=400)
        return Response(ReoffenceSerializer(rows[:200], many=True).data)

    @extend_schema(
        summary="Record a new offence",
        request=ReoffenceSerializer,
        responses={201: ReoffenceSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        incoming = ReoffenceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        person = person_get(actor=actor, person_id=values.pop("person_id"))
        try:
            row = reoffence_record(actor=actor, person=person, **values)
        except DomainError as exc:
            return refusal(exc)
        return Response(ReoffenceSerializer(row).data, status=status.HTTP_201_CREATED)


@requires(Permission.PERSON_VIEW_OFFENCE)
class ReoffenceConcludeView(APIView):
    @extend_schema(
        summary="How a new offence ended: convicted (with the new sentence) or dropped",
        request=ConcludeSerializer,
        responses=ReoffenceSerializer,
    )
    def post(self, request: Request, reoffence_id: int) -> Response:
        actor = actor_of(request)
        row = reoffences_for(actor).select_related("person").filter(pk=reoffence_id).first()
        if row is None:
            raise NotFoundError("Không tìm thấy bản ghi tái phạm.")
        incoming = ConcludeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        try:
            done = reoffence_conclude(
                actor=actor,
                reoffence=row,
                expected_version=values["version"],
                status=values["status"],
                concluded_on=values["concluded_on"],
                sentence_id=values["sentence"],
            )
        except DomainError as exc:
            return refusal(exc)
        return Response(ReoffenceSerializer(done).data)


class ReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    article = serializers.CharField()


class ExpungementSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    due_on = serializers.DateField(allow_null=True)
    court_early_on = serializers.DateField(allow_null=True)
    blocked_by = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)


class ExpungementRecordSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExpungementKind.choices)
    number = serializers.CharField(max_length=60)
    issued_by = serializers.CharField(max_length=200)
    issued_on = serializers.DateField()


def _expungement_json(person: Any) -> dict[str, Any]:
    result = person_expungement(person, today=timezone.localdate())
    return {
        "status": result.status.value,
        "due_on": result.due_on,
        "court_early_on": result.court_early_on,
        "blocked_by": list(result.blocked_by),
        "reasons": [{"text": r.text, "article": r.article} for r in result.reasons],
    }


@requires(Permission.PERSON_VIEW_OFFENCE)
class PersonExpungementView(APIView):
    @extend_schema(
        summary="Where the person's record stands: status, date and reasons with articles",
        responses=ExpungementSerializer,
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = person_get(actor=actor_of(request), person_id=person_id)
        return Response(ExpungementSerializer(_expungement_json(person)).data)

    @extend_schema(
        summary="Record the criminal-record certificate or the court's decision",
        request=ExpungementRecordSerializer,
        responses={201: ExpungementSerializer},
    )
    def post(self, request: Request, person_id: int) -> Response:
        actor = actor_of(request)
        person = person_get(actor=actor, person_id=person_id)
        incoming = ExpungementRecordSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            expungement_record_add(actor=actor, person=person, **incoming.validated_data)
        except DomainError as exc:
            return refusal(exc)
        return Response(
            ExpungementSerializer(_expungement_json(person)).data, status=status.HTTP_201_CREATED
        )
