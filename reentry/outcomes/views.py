"""Classifying a person from their file."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.requests import actor_of
from reentry.persons.forms import service_errors
from reentry.persons.selectors import person_get, person_open

from .forms import ClassificationForm
from .services import classification_record


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def classification_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        person = person_get(actor=actor, person_id=person_id)
    else:  # the form shows the file: opening it is audited
        person = person_open(actor=actor, person_id=person_id, what="classification form")
    form = ClassificationForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            classification_record(actor=actor, person=person, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Đã lưu phân loại."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#classification")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Phân loại người chấp hành xong án phạt tù"),
            "intro": _(
                "Phân loại theo Thông tư 10/2024/TT-BCA; phân loại mới được giữ làm lịch sử."
            ),
        },
    )
