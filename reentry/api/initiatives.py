"""API of initiatives (mô hình): the initiatives, their members, the people assigned to
them, and the partner directory; scoped like the pages, written through the same services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.access.requests import actor_of
from reentry.audit import events
from reentry.core.errors import DomainError, NotFoundError, ValidationFailed
from reentry.initiatives import selectors, services
from reentry.initiatives.models import (
    InitiativeMember,
    InitiativeStatus,
    Level,
    Organisation,
    PartnerKind,
    Template,
)
from reentry.persons.selectors import person_get

from .params import forbidden, refusal, valid_id

INITIATIVE_PARAM = OpenApiParameter("initiative", int, description="Only this initiative")


def _forbidden_unless_manager(request: Request) -> Response | None:
    if has_permission(actor_of(request), Permission.INITIATIVE_MANAGE):
        return None
    return forbidden()


def _initiative_param(request: Request) -> int | Response | None:
    value = request.query_params.get("initiative", "")
    if not value:
        return None
    if not valid_id(value):
        return Response({"initiative": ["Số mô hình không hợp lệ."]}, status=400)
    return int(value)


class InitiativeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    template = serializers.ChoiceField(choices=Template.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    province = serializers.CharField(read_only=True)
    communes = serializers.ListField(
        child=serializers.CharField(max_length=12), required=False, default=list
    )
    launched_on = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(
        choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    member_count = serializers.IntegerField(read_only=True)
    person_count = serializers.IntegerField(read_only=True)


def _initiative_json(initiative: Any) -> dict[str, Any]:
    return {
        "id": initiative.pk,
        "name": initiative.name,
        "template": initiative.template,
        "level": initiative.level,
        "province": initiative.province.code,
        "communes": [c.code for c in initiative.communes.all()],
        "launched_on": initiative.launched_on.isoformat() if initiative.launched_on else None,
        "status": initiative.status,
        "member_count": getattr(initiative, "member_count", 0),
        "person_count": getattr(initiative, "person_count", 0),
    }


@requires(Permission.INITIATIVE_VIEW)
class InitiativeListView(APIView):
    @extend_schema(
        summary="Initiatives visible to the caller, with member and people counts",
        responses=InitiativeSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        rows = selectors.initiative_list(actor=actor_of(request)).select_related("province")
        return Response([_initiative_json(i) for i in rows[:500]])

    @extend_schema(
        summary="Create an initiative (communes within the caller's scope)",
        request=InitiativeSerializer,
        responses={201: InitiativeSerializer},
    )
    def post(self, request: Request) -> Response:
        if refused := _forbidden_unless_manager(request):
            return refused
        incoming = InitiativeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        try:
            initiative = services.initiative_create(
                actor=actor_of(request), commune_codes=values.pop("communes"), **values
            )
        except DomainError as exc:
            return refusal(exc)
        return Response(_initiative_json(initiative), status=status.HTTP_201_CREATED)


class InitiativeUpdateSerializer(InitiativeSerializer):
    """Every field is sent (PUT): nothing left out falls back to a default."""

    communes = serializers.ListField(child=serializers.CharField(max_length=12))
    launched_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=InitiativeStatus.choices)
    version = serializers.IntegerField(
        min_value=1, help_text="The version as read; a stale one gets 409"
    )


@requires(Permission.INITIATIVE_VIEW)
class InitiativeDetailView(APIView):
    @extend_schema(summary="One initiative", responses=InitiativeSerializer)
    def get(self, request: Request, initiative_id: int) -> Response:
        initiative = selectors.initiative_list(actor=actor_of(request)).filter(pk=initiative_id)
        row = initiative.select_related("province").first()
        if row is None:
            raise NotFoundError("Không tìm thấy mô hình.")
        return Response({**_initiative_json(row), "version": row.version})

    @extend_schema(
        summary="Edit an initiative (status, name, communes), with the version as read",
        request=InitiativeUpdateSerializer,
        responses=InitiativeSerializer,
    )
    def put(self, request: Request, initiative_id: int) -> Response:
        if refused := _forbidden_unless_manager(request):
            return refused
        actor = actor_of(request)
        initiative = selectors.initiative_get(actor=actor, initiative_id=initiative_id)
        incoming = InitiativeUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        try:
            updated = services.initiative_update(
                actor=actor,
                initiative=initiative,
                expected_version=values.pop("version"),
                commune_codes=values.pop("communes"),
                **values,
            )
        except DomainError as exc:
            return refusal(exc)
        return Response({**_initiative_json(updated), "version": updated.version})


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    initiative = serializers.IntegerField(min_value=1)
    full_name = serializers.CharField(max_length=150)
    organisation = serializers.ChoiceField(choices=Organisation.choices)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    username = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        help_text="The member's account (role initiative_member), if they use the system",
    )
    joined_on = serializers.DateField()
    left_on = serializers.DateField(read_only=True, allow_null=True)
    has_account = serializers.BooleanField(read_only=True)


def _member_json(member: InitiativeMember) -> dict[str, Any]:
    return {
        "id": member.pk,
        "initiative": member.initiative_id,
        "full_name": member.full_name,
        "organisation": member.organisation,
        "phone": member.phone,
        "joined_on": member.joined_on.isoformat(),
        "left_on": member.left_on.isoformat() if member.left_on else None,
        "has_account": member.user_id is not None,
    }


class EndSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The date it ends")


def _as_on(exc: DomainError, field: str) -> DomainError:
    """The service names the date ``left_on`` or ``ended_on``; the request calls it ``on``."""
    if isinstance(exc, ValidationFailed) and field in exc.errors:
        exc.errors["on"] = exc.errors.pop(field)
    return exc


@requires(Permission.INITIATIVE_VIEW)
class InitiativeMemberListView(APIView):
    @extend_schema(
        summary="Active members of the initiatives visible to the caller",
        parameters=[INITIATIVE_PARAM],
        responses=MemberSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        visible = selectors.initiative_list(actor=actor_of(request)).values("pk")
        members = InitiativeMember.objects.filter(
            initiative__in=visible, left_on__isnull=True
        ).order_by("initiative_id", "full_name")
        initiative = _initiative_param(request)
        if isinstance(initiative, Response):
            return initiative
        if initiative is not None:
            members = members.filter(initiative_id=initiative)
        return Response([_member_json(m) for m in members[:1000]])

    @extend_schema(
        summary="Add a member to an initiative (never twice)",
        request=MemberSerializer,
        responses={201: MemberSerializer},
    )
    def post(self, request: Request) -> Response:
        if refused := _forbidden_unless_manager(request):
            return refused
        actor = actor_of(request)
        incoming = MemberSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        initiative = selectors.initiative_get(actor=actor, initiative_id=values.pop("initiative"))
        try:
            member = services.member_add(actor=actor, initiative=initiative, **values)
        except DomainError as exc:
            return refusal(exc)
        return Response(_member_json(member), status=status.HTTP_201_CREATED)


@requires(Permission.INITIATIVE_MANAGE)
class InitiativeMemberLeaveView(APIView):
    @extend_schema(
        summary="A member leaves the initiative",
        request=EndSerializer,
        responses=MemberSerializer,
    )
    def post(self, request: Request, member_id: int) -> Response:
        actor = actor_of(request)
        member = (
            InitiativeMember.objects.filter(
                pk=member_id, initiative__in=selectors.initiative_list(actor=actor).values("pk")
            )
            .select_related("initiative")
            .first()
        )
        if member is None:
            raise NotFoundError("Không tìm thấy thành viên.")
        incoming = EndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.member_leave(actor=actor, member=member, left_on=incoming.validated_data["on"])
        except DomainError as exc:
            return refusal(_as_on(exc, "left_on"))
        return Response(_member_json(member))


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    initiative = serializers.IntegerField(min_value=1)
    person = serializers.IntegerField(min_value=1)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(read_only=True, allow_null=True)


def _assignment_json(assignment: Any) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "initiative": assignment.initiative_id,
        "person": assignment.person_id,
        "started_on": assignment.started_on.isoformat(),
        "ended_on": assignment.ended_on.isoformat() if assignment.ended_on else None,
    }


@requires(Permission.INITIATIVE_VIEW)
class AssignmentListView(APIView):
    @extend_schema(
        summary="People the visible initiatives help now (among the files the caller may see)",
        parameters=[INITIATIVE_PARAM],
        responses=AssignmentSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        initiative = _initiative_param(request)
        if isinstance(initiative, Response):
            return initiative
        rows = selectors.assignments_for(actor=actor, initiative_id=initiative)[:1000]
        events.persons_listed(
            actor=actor, person_ids=sorted({a.person_id for a in rows}), what="api assignments"
        )
        return Response([_assignment_json(a) for a in rows])

    @extend_schema(
        summary="An initiative starts helping a person of a commune it covers",
        request=AssignmentSerializer,
        responses={201: AssignmentSerializer},
    )
    def post(self, request: Request) -> Response:
        if refused := _forbidden_unless_manager(request):
            return refused
        actor = actor_of(request)
        incoming = AssignmentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        initiative = selectors.initiative_get(actor=actor, initiative_id=values["initiative"])
        person = person_get(actor=actor, person_id=values["person"])
        try:
            assignment = services.person_assign(
                actor=actor, initiative=initiative, person=person, started_on=values["started_on"]
            )
        except DomainError as exc:
            return refusal(exc)
        return Response(_assignment_json(assignment), status=status.HTTP_201_CREATED)


@requires(Permission.INITIATIVE_MANAGE)
class AssignmentEndView(APIView):
    @extend_schema(
        summary="The initiative stops helping the person (the history stays)",
        request=EndSerializer,
        responses=AssignmentSerializer,
    )
    def post(self, request: Request, assignment_id: int) -> Response:
        actor = actor_of(request)
        assignment = selectors.assignments_for(actor=actor).filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFoundError("Không tìm thấy người được giúp đỡ.")
        incoming = EndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.assignment_end(
                actor=actor, assignment=assignment, ended_on=incoming.validated_data["on"]
            )
        except DomainError as exc:
            return refusal(_as_on(exc, "ended_on"))
        return Response(_assignment_json(assignment))


class PartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    commune = serializers.CharField(
        max_length=12, required=False, allow_blank=True, allow_null=True, default=""
    )
    offers_jobs = serializers.BooleanField(default=False)
    offers_training = serializers.BooleanField(default=False)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    taken_on = serializers.IntegerField(read_only=True)


def _partner_json(partner: Any) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "commune": partner.commune.code if partner.commune else None,
        "offers_jobs": partner.offers_jobs,
        "offers_training": partner.offers_training,
        "contact": partner.contact,
        "taken_on": getattr(partner, "taken_on", 0),
    }


@requires(Permission.INITIATIVE_VIEW)
class PartnerListView(APIView):
    @extend_schema(
        summary="Partner businesses and centres of the caller's province",
        responses=PartnerSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response(
            [_partner_json(p) for p in selectors.partners_for(actor=actor_of(request))[:1000]]
        )

    @extend_schema(
        summary="Add a business or training centre to the province's directory",
        request=PartnerSerializer,
        responses={201: PartnerSerializer},
    )
    def post(self, request: Request) -> Response:
        if refused := _forbidden_unless_manager(request):
            return refused
        incoming = PartnerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        try:
            partner = services.partner_create(
                actor=actor_of(request), commune_code=values.pop("commune") or "", **values
            )
        except DomainError as exc:
            return refusal(exc)
        return Response(_partner_json(partner), status=status.HTTP_201_CREATED)
