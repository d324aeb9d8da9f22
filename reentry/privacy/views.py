"""The data subject's requests on a person's file: record, answer, export (JSON, PDF)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.persons import selectors as persons
from reentry.persons.forms import service_errors

from . import documents, selectors, services
from .forms import SubjectAnswerForm, SubjectRequestForm
from .models import RequestStatus


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUBJECT_REQUEST_MANAGE)
def request_list(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = persons.person_open(actor=actor, person_id=person_id, what="subject requests")
    form = SubjectRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            created = services.subject_request_record(
                actor=actor, person=person, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("privacy:request_detail", person.pk, created.pk)
    return render(
        request,
        "privacy/requests.html",
        {
            "person": person,
            "requests": selectors.person_subject_requests(person=person),
            "form": form,
            "title": _("Yêu cầu của chủ thể dữ liệu"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUBJECT_REQUEST_MANAGE)
def request_detail(request: HttpRequest, person_id: int, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = persons.person_open(actor=actor, person_id=person_id, what="subject request")
    subject = selectors.subject_request_get(person=person, request_id=request_id)
    form = SubjectAnswerForm(request.POST or None) if subject.status == RequestStatus.OPEN else None
    if request.method == "POST" and form is not None and form.is_valid():
        with service_errors(form) as outcome:
            services.subject_request_answer(actor=actor, request=subject, **form.cleaned_data)
        if outcome.ok:
            return redirect("privacy:request_detail", person.pk, subject.pk)
    return render(
        request,
        "privacy/request_detail.html",
        {"person": person, "subject": subject, "form": form, "title": str(subject)},
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@require_safe
@requires(Permission.SUBJECT_REQUEST_MANAGE)
def export_json(request: HttpRequest, person_id: int, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = persons.person_open(actor=actor, person_id=person_id, what="subject export")
    subject = selectors.subject_request_get(person=person, request_id=request_id)
    data = services.subject_export(actor=actor, request=subject, fmt="json")
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return _download(
        content, "application/json; charset=utf-8", f"du-lieu-ca-nhan-{person.pk}.json"
    )


@require_safe
@requires(Permission.SUBJECT_REQUEST_MANAGE)
def export_pdf(request: HttpRequest, person_id: int, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = persons.person_open(actor=actor, person_id=person_id, what="subject export")
    subject = selectors.subject_request_get(person=person, request_id=request_id)
    data = services.subject_export(actor=actor, request=subject, fmt="pdf")
    content = documents.subject_export_pdf(
        request=subject, data=data, unit_name=f"Công an {person.commune.name}"
    )
    return _download(content, "application/pdf", f"du-lieu-ca-nhan-{person.pk}.pdf")
