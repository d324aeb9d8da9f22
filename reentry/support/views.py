"""Recording support from a person's page: one short form each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.core.errors import DomainError, ValidationFailed
from reentry.persons.forms import add_service_errors
from reentry.persons.selectors import person_get

from . import services
from .forms import ActivityForm, EmploymentForm, LoanForm


def _record(
    request: HttpRequest,
    person_id: int,
    form_class: Any,
    service: Any,
    title: str,
    done: str,
    anchor: str,
) -> HttpResponse:
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=actor, person=person, data=form.to_data())
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect(reverse("persons:detail", args=[person.pk]) + anchor)
    return render(request, "persons/form.html", {"form": form, "title": title, "person": person})


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUPPORT_CHANGE)
def activity_create(request: HttpRequest, person_id: int) -> HttpResponse:
    return _record(
        request,
        person_id,
        ActivityForm,
        services.support_activity_record,
        _("Ghi hoạt động hỗ trợ"),
        _("Đã ghi hoạt động hỗ trợ."),
        "#support",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUPPORT_CHANGE)
def loan_create(request: HttpRequest, person_id: int) -> HttpResponse:
    return _record(
        request,
        person_id,
        LoanForm,
        services.loan_record,
        _("Ghi khoản vay"),
        _("Đã ghi khoản vay."),
        "#loans",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUPPORT_CHANGE)
def employment_create(request: HttpRequest, person_id: int) -> HttpResponse:
    return _record(
        request,
        person_id,
        EmploymentForm,
        services.employment_record,
        _("Ghi việc làm"),
        _("Đã ghi việc làm."),
        "#jobs",
    )
