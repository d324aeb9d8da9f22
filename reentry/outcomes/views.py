"""Classifying a person, recording reoffences and expungement from their file; opening a
sealed file (province officers, with a stated reason)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import roles_holding, sealed_file_open_until
from reentry.access.requests import actor_of
from reentry.accounts.roles import Role
from reentry.audit import events
from reentry.persons.forms import service_errors
from reentry.persons.selectors import person_get, person_open

from . import selectors, services
from .forms import (
    ClassificationForm,
    ExpungementRecordForm,
    ReoffenceConcludeForm,
    ReoffenceForm,
    SealedOpenForm,
    SealedSearchForm,
)
from .selectors import reoffence_get
from .services import classification_record, reoffence_record


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


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def reoffence_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    form = ReoffenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            reoffence_record(actor=actor, person=person, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Đã ghi tái phạm."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#reoffences")
    return render(
        request,
        "persons/form.html",
        {"form": form, "person": person, "title": _("Ghi tái phạm")},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def reoffence_conclude(request: HttpRequest, person_id: int, reoffence_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    reoffence = reoffence_get(actor=actor, person=person, reoffence_id=reoffence_id)
    sentences = [
        (s.pk, f"{s.judgment_number} ({s.judgment_date:%d/%m/%Y})")
        for s in person.sentences.filter(judgment_date__gte=reoffence.committed_on)
    ]
    form = ReoffenceConcludeForm(
        request.POST or None,
        sentences=sentences,
        initial={"version": reoffence.version, "concluded_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(form) as outcome:
            services.reoffence_conclude(
                actor=actor,
                reoffence=reoffence,
                expected_version=data["version"],
                status=data["status"],
                concluded_on=data["concluded_on"],
                sentence_id=data["sentence"],
            )
        if outcome.ok:
            messages.success(request, _("Đã cập nhật kết quả xử lý."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#reoffences")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Kết quả xử lý tái phạm"),
            "intro": _("Nếu bị kết án, ghi bản án mới vào hồ sơ trước rồi chọn ở đây."),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def expungement_record_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    openers = [
        _lower_first(str(Role(role).label)) for role in roles_holding(Permission.PERSON_OPEN_SEALED)
    ]
    form = ExpungementRecordForm(request.POST or None, person=person, openers=openers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("confirm")  # the page's consent; the service does not take it
        with service_errors(form) as outcome:
            services.expungement_record_add(actor=actor, person=person, **data)
        if outcome.ok:
            person.refresh_from_db(fields=["sealed_at"])
            if person.sealed_at is not None:  # the file has left every list
                messages.success(
                    request,
                    _(
                        "Đã ghi nhận việc xóa án tích. Hồ sơ của %(name)s đã kết thúc quản lý và "
                        "được niêm phong: người được xóa án tích coi như chưa bị kết án (khoản 1 "
                        "Điều 69 Bộ luật Hình sự)."
                    )
                    % {"name": person.full_name},
                )
                return redirect("persons:list")
            messages.success(request, _("Đã ghi phiếu lý lịch tư pháp, quyết định của Tòa án."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#expungement")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Ghi xóa án tích"),
            "intro": _(
                "Phiếu lý lịch tư pháp hoặc quyết định xóa án tích của Tòa án kết thúc việc "
                "quản lý; quyết định bác đơn cho biết khi nào được xin lại."
            ),
            "submit_label": _("Ghi và niêm phong hồ sơ"),
        },
    )


def _lower_first(text: str) -> str:
    """A role's label inside a sentence: "chỉ cán bộ cấp tỉnh, …"."""
    return text[:1].lower() + text[1:]


@never_cache
@require_http_methods(["GET", "HEAD"])
@requires(Permission.PERSON_OPEN_SEALED)
def sealed_search(request: HttpRequest) -> HttpResponse:
    """Find a sealed file by identity number or full name: never a browsable list."""
    actor = actor_of(request)
    form = SealedSearchForm(request.GET if "q" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        found = selectors.sealed_search(
            actor=actor,
            query=form.cleaned_data["q"],
            birth_year=form.cleaned_data["birth_year"],
        )
    return render(
        request,
        "outcomes/sealed_search.html",
        {"form": form, "found": found, "total": selectors.sealed_count(actor=actor)},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_OPEN_SEALED)
def sealed_open(request: HttpRequest, person_id: int) -> HttpResponse:
    """State the reason; the file then opens for a limited time."""
    actor = actor_of(request)
    person = selectors.sealed_person_get(actor=actor, person_id=person_id)
    form = SealedOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.sealed_file_open(
                actor=actor, person=person, reason=form.cleaned_data["reason"]
            )
        if outcome.ok:
            return redirect("outcomes:sealed_detail", person.pk)
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            # the id only: walking ids must not list the names of sealed files
            "title": _("Mở hồ sơ đã niêm phong #%(id)s") % {"id": person.pk},
            "intro": _(
                "Người này đã được xóa án tích và coi như chưa bị kết án (khoản 1 Điều 69 Bộ "
                "luật Hình sự). Chỉ mở hồ sơ khi có lý do công vụ; lý do của bạn được ghi vào "
                "nhật ký và hồ sơ mở trong %(minutes)s phút."
            )
            % {"minutes": settings.SEALED_FILE_ACCESS_MINUTES},
            "cancel_url": reverse("outcomes:sealed_search"),
            "submit_label": _("Mở hồ sơ"),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@requires(Permission.PERSON_OPEN_SEALED)
def sealed_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """The sealed file, without its offences: identity, where the person lived, how the
    record was expunged, and who opened the file and why."""
    actor = actor_of(request)
    person = selectors.sealed_person_get(actor=actor, person_id=person_id)
    until = sealed_file_open_until(actor, person)
    if until is None:
        return HttpResponseRedirect(reverse("outcomes:sealed_open", args=[person.pk]))
    events.person_viewed(actor=actor, person=person, what="sealed file")
    return render(
        request,
        "outcomes/sealed_detail.html",
        {
            "person": person,
            "until": until,
            "residences": list(person.residences.select_related("commune").order_by("started_on")),
            # what expunged the record, not by which route (a court decision would say the
            # offence was of Chapter XIII or XXVI), nor any refusal before it
            "records": list(person.expungement_records.exclude(kind="court_refused")),
            "openings": selectors.sealed_openings(person=person),
        },
    )
