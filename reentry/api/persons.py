"""API of the case file: the same services and selectors as the pages, the same scope."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import can_view_offence_details, has_permission
from reentry.access.requests import actor_of
from reentry.audit import events
from reentry.core.errors import ConflictError, DomainError, ValidationFailed
from reentry.persons import selectors, services
from reentry.persons.models import (
    AdditionalPenaltyKind,
    ClosureReason,
    CrimeCategory,
    Culpability,
    Gender,
    MainPenalty,
    ObligationKind,
    Person,
    PersonStatus,
    ReleaseNotice,
    ReleaseType,
    Sentence,
)
from reentry.persons.reference import (
    ETHNICITY_CHOICES,
    FORMER_ETHNICITY_SPELLINGS,
    Education,
)

from .params import filter_by_person, forbidden


class PersonSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code", read_only=True)
    legacy_commune = serializers.CharField(
        source="legacy_unit.code", read_only=True, default=None, allow_null=True
    )
    # blank when not given: a read-only field built from the model would lose allow_blank
    # and the schema would refuse "" (found by the schema fuzzer)
    education = serializers.ChoiceField(choices=Education.choices, allow_blank=True, read_only=True)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "other_names",
            "gender",
            "date_of_birth",
            "birth_year",
            "national_id",
            "legacy_id_number",
            "ethnicity",
            "religion",
            "education",
            "occupation_before",
            "phone",
            "family_contact",
            "address_text",
            "legacy_address_text",
            "legacy_commune",
            "commune",
            "status",
            "closure_reason",
            "closed_on",
            "version",
        ]
        read_only_fields = fields


class EthnicityField(serializers.ChoiceField):
    """An ethnic group of the list; a former spelling ("Co Lao") is read as today's name,
    so that a client written before the list was corrected keeps working."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            data = FORMER_ETHNICITY_SPELLINGS.get(data, data)
        return super().to_internal_value(data)


class PersonWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    gender = serializers.ChoiceField(choices=Gender.choices)
    commune = serializers.CharField(
        max_length=12, required=False, allow_blank=True, default="", help_text="Mã xã 5 chữ số"
    )
    legacy_commune = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        default="",
        help_text="Mã xã cũ (trước 01/07/2025); đổi sang xã mới khi không có commune",
    )
    address_text = serializers.CharField(max_length=300)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    other_names = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    national_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    legacy_id_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=15
    )
    ethnicity = EthnicityField(choices=ETHNICITY_CHOICES, required=False, default="Kinh")
    religion = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    education = serializers.ChoiceField(
        choices=[("", ""), *Education.choices], required=False, allow_blank=True, default=""
    )
    occupation_before = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=150
    )
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    family_contact = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=250
    )
    legacy_address_text = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    confirm_possible_duplicate = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(required=False, help_text="Bắt buộc khi sửa")

    def to_data(self) -> services.PersonData:
        values = dict(self.validated_data)
        values["commune_code"] = values.pop("commune")
        values["legacy_commune_code"] = values.pop("legacy_commune")
        values.pop("confirm_possible_duplicate", None)
        values.pop("version", None)
        return services.PersonData(**values)


class OffenceSerializer(serializers.Serializer):
    article = serializers.IntegerField(min_value=1, max_value=1000)
    clause = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    name = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=CrimeCategory.choices)
    culpability = serializers.ChoiceField(
        choices=Culpability.choices, default=Culpability.INTENTIONAL
    )
    chapter = serializers.IntegerField(read_only=True)


class AdditionalPenaltySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AdditionalPenaltyKind.choices)
    duration_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=600
    )
    ends_on = serializers.DateField(required=False, allow_null=True)
    completed_on = serializers.DateField(required=False, allow_null=True)


class ObligationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ObligationKind.choices)
    amount_vnd = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10**13
    )
    fulfilled_on = serializers.DateField(required=False, allow_null=True)


class SentenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    judgment_number = serializers.CharField(max_length=60)
    judgment_date = serializers.DateField()
    court = serializers.CharField(max_length=200)
    main_penalty = serializers.ChoiceField(choices=MainPenalty.choices)
    prison_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=360
    )
    probation_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=12, max_value=60
    )
    fine_vnd = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10**13
    )
    age_at_offence = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=119
    )
    prison_facility = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    release_date = serializers.DateField(required=False, allow_null=True)
    release_type = serializers.ChoiceField(
        choices=ReleaseType.choices, required=False, allow_blank=True, default=""
    )
    conditional_probation_end = serializers.DateField(required=False, allow_null=True)
    release_certificate_no = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    offences = OffenceSerializer(many=True)
    additional_penalties = AdditionalPenaltySerializer(many=True, required=False, default=list)
    obligations = ObligationSerializer(many=True, required=False, default=list)


class NoticeSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)

    class Meta:
        model = ReleaseNotice
        fields = [
            "id",
            "person",
            "facility",
            "received_on",
            "expected_release_on",
            "intended_address",
            "release_type",
            "residence_check_due",
            "residence_checked_on",
            "reporting_due",
            "reported_on",
            "commitment_signed_on",
            "interview_on",
            "version",
        ]
        read_only_fields = fields


class NoticeIntakeSerializer(serializers.ModelSerializer):
    """A notice for roles that may not see the sentence: no prison, no kind of release."""

    person = serializers.IntegerField(source="person_id", read_only=True)

    class Meta:
        model = ReleaseNotice
        fields = [
            "id",
            "person",
            "received_on",
            "residence_check_due",
            "residence_checked_on",
            "reported_on",
            "commitment_signed_on",
            "interview_on",
            "version",
        ]
        read_only_fields = fields


class PersonFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)
    commune = serializers.CharField(required=False, allow_blank=True, max_length=12)
    status = serializers.ChoiceField(choices=PersonStatus.choices, required=False)
    release_year = serializers.IntegerField(required=False, min_value=1975, max_value=2100)
    release_type = serializers.ChoiceField(choices=ReleaseType.choices, required=False)
    ordering = serializers.ChoiceField(choices=list(selectors.SORTS), required=False)


class NoticeWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    facility = serializers.CharField(max_length=200)
    received_on = serializers.DateField()
    expected_release_on = serializers.DateField(required=False, allow_null=True)
    intended_address = serializers.CharField(max_length=300)
    release_type = serializers.ChoiceField(
        choices=ReleaseType.choices, default=ReleaseType.COMPLETED
    )


class TransferSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The file's version as read")
    to_commune = serializers.CharField(max_length=12)
    new_address = serializers.CharField(max_length=300, required=False, default="")
    moved_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)


def _invalid(exc: ValidationFailed) -> Response:
    return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)


def _conflict(exc: DomainError) -> Response:
    return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)


def _filters(request: Request) -> selectors.PersonFilters:
    """Query parameters checked like a form: a wrong value is a 400, never a 500."""
    params = PersonFilterSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    values = params.validated_data
    return selectors.PersonFilters(
        q=values.get("search", ""),
        commune=values.get("commune", ""),
        status=values.get("status", ""),
        release_year=values.get("release_year"),
        release_type=values.get("release_type", ""),
        sort=values.get("ordering", "-id"),
    )


class PersonPageSerializer(serializers.Serializer):
    """One keyset page of files: the cursors of the pages before and after, or null."""

    results = PersonSerializer(many=True)
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)


@requires(Permission.PERSON_VIEW)
class PersonListView(APIView):
    @extend_schema(
        summary="Person files in the caller's scope (keyset pages of 25)",
        operation_id="v1_persons_list",
        parameters=[
            OpenApiParameter("search", str, description="Name (accents optional) or CCCD"),
            OpenApiParameter("commune", str),
            OpenApiParameter("status", str, enum=PersonStatus.values),
            OpenApiParameter("release_year", int),
            OpenApiParameter("release_type", str, enum=ReleaseType.values),
            OpenApiParameter("ordering", str, enum=list(selectors.SORTS)),
            OpenApiParameter("after", str, description="Cursor of the next page"),
            OpenApiParameter("before", str, description="Cursor of the previous page"),
        ],
        responses=PersonPageSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        page = selectors.person_list(
            actor=actor,
            filters=_filters(request),
            after=request.query_params.get("after", ""),
            before=request.query_params.get("before", ""),
        )
        events.persons_listed(actor=actor, person_ids=[p.pk for p in page.rows], what="api list")
        return Response(
            {
                "results": PersonSerializer(page.rows, many=True).data,
                "next": page.next_cursor,
                "previous": page.prev_cursor,
            }
        )

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def post(self, request: Request) -> Response:
        if not has_permission(actor_of(request), Permission.PERSON_CHANGE):
            return forbidden()
        incoming = PersonWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            person = services.person_register(
                actor=actor_of(request),
                data=incoming.to_data(),
                confirm_possible_duplicate=incoming.validated_data["confirm_possible_duplicate"],
                via="api",
            )
        except ValidationFailed as exc:
            return _invalid(exc)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


@requires(Permission.PERSON_VIEW)
class PersonDetailView(APIView):
    @extend_schema(responses=PersonSerializer)
    def get(self, request: Request, person_id: int) -> Response:
        person = selectors.person_open(
            actor=actor_of(request), person_id=person_id, what="api", emergency=True
        )
        return Response(PersonSerializer(person).data)

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def put(self, request: Request, person_id: int) -> Response:
        actor = actor_of(request)
        person = selectors.person_get(actor=actor, person_id=person_id)
        if not has_permission(actor, Permission.PERSON_CHANGE):
            return forbidden()
        incoming = PersonWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        version = incoming.validated_data.get("version")
        if version is None:
            return Response({"version": ["Gửi kèm version của hồ sơ đã đọc."]}, status=400)
        try:
            person = services.person_update(
                actor=actor, person=person, expected_version=version, data=incoming.to_data()
            )
        except ConflictError as exc:
            return _conflict(exc)
        except ValidationFailed as exc:
            return _invalid(exc)
        return Response(PersonSerializer(person).data)


@requires(Permission.PERSON_VIEW_OFFENCE)
class PersonSentencesView(APIView):
    @extend_schema(responses=SentenceSerializer(many=True))
    def get(self, request: Request, person_id: int) -> Response:
        person = selectors.person_open(
            actor=actor_of(request), person_id=person_id, what="api sentences"
        )
        sentences = selectors.person_sentences(person=person)
        return Response([_sentence_json(s) for s in sentences])

    @extend_schema(request=SentenceSerializer, responses={201: SentenceSerializer})
    def post(self, request: Request, person_id: int) -> Response:
        actor = actor_of(request)
        person = selectors.person_get(actor=actor, person_id=person_id)
        incoming = SentenceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        data = services.SentenceData(
            offences=[services.OffenceData(**o) for o in values.pop("offences")],
            additional_penalties=[
                services.AdditionalPenaltyData(**p) for p in values.pop("additional_penalties")
            ],
            obligations=[services.ObligationData(**o) for o in values.pop("obligations")],
            **values,
        )
        try:
            sentence = services.sentence_add(actor=actor, person=person, data=data)
        except ValidationFailed as exc:
            return _invalid(exc)
        except DomainError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
        return Response(_sentence_json(sentence), status=status.HTTP_201_CREATED)


def _sentence_json(sentence: Sentence) -> dict[str, Any]:
    data = SentenceSerializer(sentence).data
    data["offences"] = [OffenceSerializer(o).data for o in sentence.offences.all()]
    data["additional_penalties"] = [
        AdditionalPenaltySerializer(p).data for p in sentence.additional_penalties.all()
    ]
    data["obligations"] = [ObligationSerializer(o).data for o in sentence.obligations.all()]
    return dict(data)


@requires(Permission.PERSON_CHANGE)
class PersonTransferView(APIView):
    @extend_schema(request=TransferSerializer, responses=PersonSerializer)
    def post(self, request: Request, person_id: int) -> Response:
        actor = actor_of(request)
        person = selectors.person_get(actor=actor, person_id=person_id)
        incoming = TransferSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            person = services.person_transfer(
                actor=actor,
                person=person,
                to_commune_code=incoming.validated_data["to_commune"],
                moved_on=incoming.validated_data["moved_on"],
                reason=incoming.validated_data["reason"],
                expected_version=incoming.validated_data["version"],
                new_address=incoming.validated_data["new_address"],
            )
        except ConflictError as exc:
            return _conflict(exc)
        except ValidationFailed as exc:
            return _invalid(exc)
        return Response(PersonSerializer(person).data)


@requires(Permission.PERSON_VIEW)
class ReleaseNoticeListView(APIView):
    @extend_schema(
        summary="Notices of files in the caller's scope, newest first (100 at most)",
        responses=NoticeSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        queryset = selectors.notices_for(actor=actor)
        queryset = filter_by_person(request, queryset)
        if queryset is None:
            return Response({"person": ["Số hồ sơ không hợp lệ."]}, status=400)
        notices = list(queryset[:100])
        events.persons_listed(
            actor=actor, person_ids=sorted({n.person_id for n in notices}), what="api notices"
        )
        serializer = NoticeSerializer if can_view_offence_details(actor) else NoticeIntakeSerializer
        return Response(serializer(notices, many=True).data)

    @extend_schema(request=NoticeWriteSerializer, responses={201: NoticeSerializer})
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        incoming = NoticeWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        person = selectors.person_get(actor=actor, person_id=values.pop("person"))
        try:
            notice = services.release_notice_record(actor=actor, person=person, **values)
        except ValidationFailed as exc:
            return _invalid(exc)
        except DomainError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)
