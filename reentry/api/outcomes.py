"""API of outcomes: a person's classifications (history, newest first; record a new one)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.core.errors import DomainError
from reentry.outcomes.models import Difficulty, Grade
from reentry.outcomes.selectors import person_classifications
from reentry.outcomes.services import classification_record
from reentry.persons.selectors import person_get

from .params import refusal


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
