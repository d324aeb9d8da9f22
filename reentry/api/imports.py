"""API of imports: upload a file and get its preview, commit it; and the bulk endpoint for
prison systems sending release notices as JSON. The same services as the upload page."""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.core.errors import DomainError
from reentry.imports import services
from reentry.imports.kinds import KINDS
from reentry.imports.models import ImportBatch
from reentry.imports.readers import check_size

from .params import refusal


class ProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="the line in the file (the header is line 1)")
    column = serializers.CharField(help_text="the column's header; empty for the whole row")
    message = serializers.CharField()


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    unit = serializers.CharField(source="unit.code")
    status = serializers.CharField(
        help_text="queued, checking, preview, committing, committed, cancelled or failed"
    )
    filename = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField(help_text="rows that create a record")
    updated = serializers.IntegerField(help_text="rows that add to a file already there")
    duplicates = serializers.IntegerField(help_text="rows already in: nothing new")
    error_rows = serializers.IntegerField(source="errors", help_text="rows in error")
    problems = serializers.SerializerMethodField()
    ambiguities = serializers.JSONField(
        help_text="line → {text, options: [[code, name], ...]}: old addresses to choose for"
    )
    failure = serializers.CharField()
    created_at = serializers.DateTimeField()
    committed_at = serializers.DateTimeField(allow_null=True)

    def get_problems(self, batch: ImportBatch) -> list[dict[str, Any]]:
        return [
            {"line": line, "column": column, "message": message}
            for line, column, message in batch.problems
        ]


def _json(batch: ImportBatch) -> dict[str, Any]:
    return dict(BatchSerializer(batch).data)


def _answer(exc: DomainError) -> Response:
    """A bad file or field is 400 with the field named; other refusals as everywhere."""
    if exc.field in ("file", "kind", "unit", "rows"):
        return Response({exc.field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    return refusal(exc)


def _done(batch: ImportBatch, created: int = status.HTTP_200_OK) -> Response:
    """The batch; 202 while the worker still has it."""
    batch.refresh_from_db()
    return Response(_json(batch), status=status.HTTP_202_ACCEPTED if batch.running else created)


@requires(Permission.IMPORT_RUN)
class ImportListView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Upload a file (XLSX or CSV) and get its preview: nothing is written yet",
        description=(
            "201 with the preview (status `preview`): what a commit would create, update and "
            "skip, and every error with its line, column and message. A large file is checked "
            "by the background worker: 202 with status `queued`; poll `GET /imports/{id}/`."
        ),
        request={
            "multipart/form-data": inline_serializer(
                "ImportUpload",
                {
                    "file": serializers.FileField(),
                    "kind": serializers.ChoiceField(choices=sorted(KINDS)),
                    "unit": serializers.CharField(help_text="the unit's code"),
                    "encoding": serializers.ChoiceField(
                        choices=["", "utf-8", "cp1258"], required=False
                    ),
                },
            )
        },
        responses={201: BatchSerializer, 202: BatchSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": ["Chọn tệp cần nhập."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            check_size(upload.size or 0)
            batch = services.batch_upload(
                actor=actor,
                kind_code=str(request.data.get("kind", "")),
                unit_code=str(request.data.get("unit", "")),
                data=upload.read(),
                filename=upload.name or "",
                encoding=str(request.data.get("encoding", "")),
            )
        except DomainError as exc:
            return _answer(exc)
        return _done(batch, status.HTTP_201_CREATED)


@requires(Permission.IMPORT_RUN)
class ImportDetailView(APIView):
    @extend_schema(summary="An upload: its status, counts and errors", responses=BatchSerializer)
    def get(self, request: Request, batch_id: int) -> Response:
        return Response(_json(services.batch_get(actor=actor_of(request), batch_id=batch_id)))


class ImportCommitSerializer(serializers.Serializer):
    only_valid = serializers.BooleanField(
        default=False, help_text="Write the valid rows and leave the rows in error out"
    )


@requires(Permission.IMPORT_RUN)
class ImportCommitView(APIView):
    @extend_schema(
        summary="Write a previewed upload: every valid row in one transaction, or nothing",
        description=(
            "With rows in error the commit is refused (409) unless `only_valid` is true. "
            "A large file is written by the background worker: 202, poll the upload."
        ),
        request=ImportCommitSerializer,
        responses={200: BatchSerializer, 202: BatchSerializer},
    )
    def post(self, request: Request, batch_id: int) -> Response:
        actor = actor_of(request)
        batch = services.batch_get(actor=actor, batch_id=batch_id)
        # a body that is not an object (a JSON list, a number) is a 400, not a 500
        incoming = ImportCommitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        only_valid = incoming.validated_data["only_valid"]
        try:
            services.batch_commit(actor=actor, batch=batch, only_valid=only_valid)
        except DomainError as exc:
            return _answer(exc)
        return _done(batch)


@requires(Permission.IMPORT_RUN)
class ReleaseNoticeBulkView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Release notices from a prison system, as a JSON list (idempotent)",
        description=(
            '`{"unit": code, "notices": [{column key: value, ...}, ...]}` with the keys of '
            "the `notices` import template. Checked with the same rules as a file, then "
            "written all or nothing: 200 with `status: committed`, or 409 with every error "
            "and nothing written. Sending the same list again writes nothing: every row is "
            "counted in `duplicates`."
        ),
        request=inline_serializer(
            "ReleaseNoticeBulk",
            {
                "unit": serializers.CharField(),
                "notices": serializers.ListField(child=serializers.DictField()),
            },
        ),
        responses={200: BatchSerializer, 409: BatchSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        notices = request.data.get("notices") if isinstance(request.data, dict) else None
        if not isinstance(notices, list) or not all(isinstance(n, dict) for n in notices):
            return Response(
                {"notices": ["Gửi danh sách thông báo (một mảng JSON các đối tượng)."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            batch = services.batch_upload(
                actor=actor,
                kind_code="notices",
                unit_code=str(request.data.get("unit", "")),
                data=json.dumps(notices, ensure_ascii=False, default=str).encode(),
                filename="release-notices.json",
                check=False,
            )
            services.batch_write_now(actor=actor, batch=batch)
        except DomainError as exc:
            return _answer(exc)
        batch.refresh_from_db()
        code = status.HTTP_200_OK if batch.status == "committed" else status.HTTP_409_CONFLICT
        return Response(_json(batch), status=code)
