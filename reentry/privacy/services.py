"""Writes of the data subject's requests: record, answer, export (ADR 0007)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.permissions import Permission
from reentry.access.policies import has_permission
from reentry.audit import events
from reentry.core.errors import DomainError, ValidationFailed
from reentry.persons.models import Person

from .export import person_everything
from .models import RequestChannel, RequestKind, RequestStatus, SubjectRequest

if TYPE_CHECKING:
    from reentry.accounts.models import User


def _allowed(actor: User) -> None:
    if not has_permission(actor, Permission.SUBJECT_REQUEST_MANAGE):
        raise DomainError(_("Bạn không được xử lý yêu cầu của chủ thể dữ liệu."))


@transaction.atomic
def subject_request_record(
    *,
    actor: User,
    person: Person,
    kind: str,
    received_on: datetime.date | None,
    requester: str,
    channel: str,
    details: str,
) -> SubjectRequest:
    """Record a request about a file the actor may open (``person`` comes from a selector
    scoped to the actor)."""
    _allowed(actor)
    errors: dict[str, list[str]] = {}
    if kind not in RequestKind.values:
        errors["kind"] = [_("Chọn loại yêu cầu.")]
    if channel not in RequestChannel.values:
        errors["channel"] = [_("Chọn hình thức nhận yêu cầu.")]
    if received_on is None:
        errors["received_on"] = [_("Ghi ngày nhận yêu cầu.")]
    elif received_on > timezone.localdate():
        errors["received_on"] = [_("Ngày nhận không được sau hôm nay.")]
    if not requester.strip():
        errors["requester"] = [_("Ghi người yêu cầu (chính người đó hoặc người đại diện).")]
    if not details.strip():
        errors["details"] = [_("Ghi nội dung yêu cầu.")]
    if errors or received_on is None:
        raise ValidationFailed(errors)
    request = SubjectRequest(
        person=person,
        kind=kind,
        received_on=received_on,
        requester=requester.strip(),
        channel=channel,
        details=details.strip(),
        unit_path=person.commune_path,
        recorded_by=actor,
    )
    request.full_clean()
    request.save()
    events.person_record_added(actor=actor, person=person, obj=request)
    return request


@transaction.atomic
def subject_request_answer(
    *,
    actor: User,
    request: SubjectRequest,
    status: str,
    answered_on: datetime.date | None,
    answer: str,
) -> SubjectRequest:
    """Close a request with its answer (or a refusal with its reason). A correction itself
    is made through the file's own forms, which audit it."""
    _allowed(actor)
    locked = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.OPEN:
        raise DomainError(_("Yêu cầu này đã được trả lời."))
    errors: dict[str, list[str]] = {}
    if status not in (RequestStatus.ANSWERED, RequestStatus.REFUSED):
        errors["status"] = [_("Chọn: đã trả lời, hoặc từ chối.")]
    if answered_on is None:
        errors["answered_on"] = [_("Ghi ngày trả lời.")]
    elif answered_on > timezone.localdate():
        errors["answered_on"] = [_("Ngày trả lời không được sau hôm nay.")]
    elif answered_on < locked.received_on:
        errors["answered_on"] = [_("Ngày trả lời không được trước ngày nhận yêu cầu.")]
    if not answer.strip():
        errors["answer"] = [_("Ghi nội dung trả lời (hoặc lý do từ chối).")]
    if errors:
        raise ValidationFailed(errors)
    changes = {"status": [locked.status, status]}
    locked.status = status
    locked.answered_on = answered_on
    locked.answer = answer.strip()
    locked.answered_by = actor
    locked.version += 1
    locked.full_clean()
    locked.save()
    events.person_record_changed(actor=actor, person=locked.person, obj=locked, changes=changes)
    return locked


def subject_export(*, actor: User, request: SubjectRequest, fmt: str) -> dict[str, Any]:
    """Everything held on the request's person; the export is an audit event."""
    _allowed(actor)
    data = person_everything(request.person)
    events.person_exported(
        actor=actor, person=request.person, what=f"subject request {request.pk} ({fmt})"
    )
    return data
