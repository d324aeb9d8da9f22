"""Pages of the case file: list, detail with timeline, register (search first), edit,
transfer, the prison's notice and intake, sentences. Thin: a form, one service or selector."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import (
    can_change_person_in,
    can_handle_subject_requests_in,
    can_record_support_for,
    can_view_audit_in,
    can_view_offence_details,
    has_permission,
)
from reentry.access.requests import actor_of
from reentry.audit import events
from reentry.core.errors import DomainError
from reentry.core.xlsx import (
    applied_filters,
    describe_filters,
    list_query,
    unit_label,
    wants_xlsx,
    xlsx_response,
    xlsx_url,
)
from reentry.geography.models import AdminUnitKind
from reentry.geography.selectors import commune_search, unit_by_code
from reentry.outcomes.expungement import STATUS_LABELS, person_expungement
from reentry.outcomes.selectors import person_classifications, person_reoffences
from reentry.support.selectors import person_support

from . import documents, exports, selectors, services
from .forms import (
    IntakeForm,
    MergeForm,
    NoticeForm,
    PersonCreateForm,
    PersonEditForm,
    PersonFilterForm,
    PhotoForm,
    SentenceCorrectForm,
    SentenceDeleteForm,
    SentenceForm,
    StatusForm,
    TransferForm,
    service_errors,
)


@require_safe
@requires(Permission.PERSON_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PersonFilterForm(request.GET or None)
    if not can_view_offence_details(actor):
        del form.fields["release_year"], form.fields["release_type"]
    form.is_valid()  # a wrong field shows its error; the valid ones still filter
    values: dict[str, Any] = getattr(form, "cleaned_data", {})
    filters = selectors.PersonFilters(
        q=values.get("q") or "",
        commune=values.get("commune") or "",
        status=values.get("status") or "",
        release_year=values.get("release_year"),
        release_type=values.get("release_type") or "",
        sort=values.get("sort") or "-id",
    )
    if wants_xlsx(request):
        persons = selectors.person_export(actor=actor, filters=filters)
        events.list_exported(
            actor=actor,
            what="persons xlsx",
            object_type="persons.person",
            rows=len(persons),
            filters=applied_filters(form),
            person_ids=[p.pk for p in persons],
        )
        content = exports.person_list_xlsx(
            persons=persons,
            show_offences=can_view_offence_details(actor),
            unit=unit_label(actor.scope),
            filters=describe_filters(form),
        )
        return xlsx_response(content, name="ho-so")
    page = selectors.person_list(
        actor=actor,
        filters=filters,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    events.persons_listed(actor=actor, person_ids=[p.pk for p in page.rows], what="list page")
    kept = list_query(request)

    def page_url(key: str, cursor: str | None) -> str:
        return f"?{urlencode({**kept, key: cursor})}" if cursor else ""

    context = {
        "form": form,
        "page": page,
        "next_url": page_url("after", page.next_cursor),
        "prev_url": page_url("before", page.prev_cursor),
        "filtered": bool(kept),
        "xlsx_url": xlsx_url(request),
        "can_create": actor.scope.kind == "commune"
        and can_change_person_in(actor, actor.scope.path),
        "can_open_sealed": has_permission(actor, Permission.PERSON_OPEN_SEALED),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "person-results":
        return render(request, "persons/_results.html", context)
    return render(request, "persons/list.html", context)


@require_safe
@requires(Permission.PERSON_VIEW)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_open(actor=actor, person_id=person_id, emergency=True)
    show_offences = can_view_offence_details(actor)
    sentences = selectors.person_sentences(person=person) if show_offences else None
    notices = selectors.person_notices(person=person)
    reoffences = person_reoffences(actor=actor, person=person)
    return render(
        request,
        "persons/detail.html",
        {
            "support": person_support(actor=actor, person=person),
            "classifications": person_classifications(actor=actor, person=person),
            "reoffences": reoffences,
            **_expungement(person, sentences, reoffences),
            "today": timezone.localdate(),
            "can_record_support": can_record_support_for(actor, person),
            "person": person,
            "timeline": selectors.person_timeline(
                person=person, show_offences=show_offences, sentences=sentences, notices=notices
            ),
            "sentences": sentences,
            "notices": notices,
            "show_offences": show_offences,
            "can_change": can_change_person_in(actor, person.commune_path),
            "can_subject_requests": can_handle_subject_requests_in(actor, person.commune_path),
            "can_view_audit": can_view_audit_in(actor, person.commune_path),
        },
    )


def _expungement(person: Any, sentences: list[Any] | None, reoffences: list[Any]) -> dict[str, Any]:
    """The record's expungement status, for the roles that see offences (``sentences``)."""
    if sentences is None:
        return {}
    result = person_expungement(
        person, today=timezone.localdate(), sentences=sentences, reoffences=reoffences
    )
    return {"expungement": result, "expungement_label": STATUS_LABELS[result.status]}


def _form_page(request: HttpRequest, form: Any, title: str, **extra: Any) -> HttpResponse:
    return render(request, "persons/form.html", {"form": form, "title": title, **extra})


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def person_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    initial = {"commune": actor.scope.code if actor.scope.kind == "commune" else ""}
    form = PersonCreateForm(request.POST or None, initial=initial)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        duplicates = selectors.person_duplicates_search(
            actor=actor,
            what="register page",
            national_id="".join(ch for ch in data.national_id if ch in "0123456789"),
            legacy_id_number="".join(ch for ch in data.legacy_id_number if ch in "0123456789"),
            full_name=data.full_name,
            date_of_birth=data.date_of_birth,
            birth_year=data.birth_year,
        )
        with service_errors(form) as outcome:
            person = services.person_register(
                actor=actor,
                data=data,
                confirm_possible_duplicate=form.cleaned_data["confirm_different_person"],
                via="web",
            )
        if outcome.ok:
            messages.success(request, _("Đã lập hồ sơ %(name)s.") % {"name": person.full_name})
            return redirect("persons:detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        _("Lập hồ sơ mới"),
        duplicates=duplicates,
        intro=_(
            "Hệ thống tìm hồ sơ trùng (cùng số CCCD, hoặc cùng họ tên và ngày sinh, không "
            "phân biệt dấu) trước khi lập hồ sơ mới."
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_open(actor=actor, person_id=person_id, what="edit page")
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    initial.update(
        commune=person.commune.code,
        legacy_commune=person.legacy_unit.code if person.legacy_unit else "",
        version=person.version,
    )
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.person_update(
                actor=actor,
                person=person,
                expected_version=form.cleaned_data["version"],
                data=form.to_data(),
            )
        if outcome.ok:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("persons:detail", person_id=person.pk)
    return _form_page(
        request, form, _("Sửa hồ sơ %(name)s") % {"name": person.full_name}, person=person
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def person_transfer(request: HttpRequest, person_id: int) -> HttpResponse:
    """The commune moved to is found by name: as the officer types (htmx asks this page for
    the matches alone), or with "Tìm xã", which posts the form back with everything typed
    kept and nothing checked. Either way the same service validates the transfer."""
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    source = request.POST if request.method == "POST" else request.GET
    found = commune_search(query=source.get("commune_q", ""), exclude_pk=person.commune_id)
    communes = list(found.units)
    finding = request.method == "POST" and "find" in request.POST
    picked = request.POST.get("destination", "")
    if picked and not finding and picked not in {unit.code for unit in communes}:
        # chosen from an earlier search: it stays a valid choice while the text changed
        communes += [unit for unit in [_commune_or_none(picked)] if unit is not None]
    kwargs: dict[str, Any] = {
        "person": person,
        "communes": communes,
        "search_url": reverse("persons:transfer", args=[person.pk]),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "commune-choices":
        form = TransferForm(initial={"commune_q": found.query}, **kwargs)
        return render(request, "persons/_commune_choices.html", {"form": form, "found": found})
    if finding:
        form = TransferForm(initial=request.POST.dict(), **kwargs)
    else:
        initial = {"version": person.version, "commune_q": found.query}
        form = TransferForm(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and not finding and form.is_valid():
        chosen = form.cleaned_data["destination"]
        with service_errors(
            form, rename=lambda field: "destination" if chosen and field == "to_commune" else field
        ) as outcome:
            services.person_transfer(
                actor=actor,
                person=person,
                to_commune_code=form.cleaned_data["destination_code"],
                moved_on=form.cleaned_data["moved_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                new_address=form.cleaned_data["new_address"],
            )
        if outcome.ok:
            person.refresh_from_db()
            messages.success(
                request,
                _(
                    "Đã chuyển hồ sơ %(name)s đến %(commune)s. Hồ sơ không còn thuộc phạm vi "
                    "của xã cũ."
                )
                % {"name": person.full_name, "commune": person.commune.name},
            )
            return redirect("persons:list")
    return render(
        request,
        "persons/transfer.html",
        {
            "form": form,
            "found": found,
            "title": _("Chuyển hồ sơ %(name)s") % {"name": person.full_name},
            "person": person,
            "intro": _(
                "Tìm xã, phường nơi người này chuyển đến theo tên và chạm để chọn (hoặc nhập "
                "mã xã), rồi ghi ngày chuyển, địa chỉ mới và lý do."
            ),
            "submit_label": _("Chuyển hồ sơ"),
        },
    )


def _commune_or_none(code: str) -> Any:
    """The 2025 commune with this code, or None."""
    try:
        unit = unit_by_code(code)
    except DomainError:
        return None
    return unit if unit.kind == AdminUnitKind.COMMUNE else None


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def notice_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    form = NoticeForm(request.POST or None, initial={"intended_address": person.address_text})
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            notice = services.release_notice_record(actor=actor, person=person, **form.cleaned_data)
        if outcome.ok:
            messages.success(
                request,
                _("Đã ghi thông báo. Hạn xác minh nơi cư trú: %(due)s.")
                % {"due": notice.residence_check_due.strftime("%d/%m/%Y")},
            )
            return redirect("persons:detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        _("Ghi thông báo của trại giam"),
        person=person,
        intro=_(
            "Hạn xác minh nơi cư trú được tính tự động: 3 ngày làm việc sau "
            "ngày nhận thông báo, không tính thứ Bảy, Chủ nhật, ngày lễ và Tết."
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def intake_edit(request: HttpRequest, person_id: int, notice_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    notice = selectors.notice_get(person=person, notice_id=notice_id)
    initial = {f: getattr(notice, f) for f in IntakeForm.base_fields if f != "version"}
    initial["version"] = notice.version
    form = IntakeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.intake_record(
                actor=actor,
                notice=notice,
                expected_version=form.cleaned_data["version"],
                data=form.to_data(),
            )
        if outcome.ok:
            messages.success(request, _("Đã lưu kết quả tiếp nhận."))
            return redirect("persons:detail", person_id=person.pk)
    return _form_page(
        request, form, _("Tiếp nhận: xác minh, trình diện, cam kết"), person=person, notice=notice
    )


def _offence_field(field: str) -> str:
    """``offences.0.article`` of the service is ``offence_article`` of the form."""
    return "offence_" + field.split(".")[-1] if field.startswith("offences.") else field


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def sentence_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    form = SentenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form, rename=_offence_field) as outcome:
            services.sentence_add(actor=actor, person=person, data=form.to_data())
        if outcome.ok:
            messages.success(request, _("Đã thêm bản án."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#sentences")
    return _form_page(request, form, _("Thêm bản án"), person=person)


def _sentence_of(request: HttpRequest, person_id: int, sentence_id: int) -> tuple[Any, Any, Any]:
    """The actor, a file in their scope that they may see offences of, and its sentence (404
    otherwise: a role without the criminal record does not learn that a sentence exists)."""
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    if not can_view_offence_details(actor):
        raise Http404
    return actor, person, selectors.sentence_get(person=person, sentence_id=sentence_id)


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def sentence_correct(request: HttpRequest, person_id: int, sentence_id: int) -> HttpResponse:
    actor, person, sentence = _sentence_of(request, person_id, sentence_id)
    form = SentenceCorrectForm(
        request.POST or None, initial=SentenceCorrectForm.initial_for(sentence)
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form, rename=_offence_field) as outcome:
            services.sentence_correct(
                actor=actor,
                sentence=sentence,
                expected_version=form.cleaned_data["version"],
                data=form.to_correction(sentence),
                reason=form.cleaned_data["reason"],
            )
        if outcome.ok:
            messages.success(request, _("Đã sửa bản án; ngày xóa án tích đã được tính lại."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#sentences")
    extra = sentence.offences.count() - 1
    intro = (
        _("Bản án này có %(count)s tội danh khác ngoài tội danh dưới đây; chúng được giữ nguyên.")
        % {"count": extra}
        if extra > 0
        else ""
    )
    return _form_page(
        request,
        form,
        _("Sửa bản án ngày %(date)s") % {"date": f"{sentence.judgment_date:%d/%m/%Y}"},
        person=person,
        intro=intro,
        submit_label=_("Lưu bản án đã sửa"),
        cancel_url=reverse("persons:detail", args=[person.pk]) + "#sentences",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def sentence_delete(request: HttpRequest, person_id: int, sentence_id: int) -> HttpResponse:
    actor, person, sentence = _sentence_of(request, person_id, sentence_id)
    form = SentenceDeleteForm(
        request.POST or None, initial={"version": sentence.version}, sentence=sentence
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.sentence_delete(
                actor=actor,
                sentence=sentence,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        if outcome.ok:
            messages.success(request, _("Đã xóa bản án; ngày xóa án tích đã được tính lại."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#sentences")
    return _form_page(
        request,
        form,
        _("Xóa bản án ngày %(date)s") % {"date": f"{sentence.judgment_date:%d/%m/%Y}"},
        person=person,
        submit_label=_("Xóa bản án"),
        cancel_url=reverse("persons:detail", args=[person.pk]) + "#sentences",
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@require_safe
@requires(Permission.PERSON_VIEW_OFFENCE)
def intake_sheet(request: HttpRequest, person_id: int, notice_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_open(actor=actor, person_id=person_id, what="intake sheet PDF")
    notice = selectors.notice_get(person=person, notice_id=notice_id)
    content = documents.intake_sheet_pdf(
        person=person, notice=notice, sentences=selectors.person_sentences(person=person)
    )
    return _pdf(content, f"phieu-tiep-nhan-{person.pk}.pdf")


@require_safe
@requires(Permission.PERSON_VIEW_OFFENCE)
def commitment(request: HttpRequest, person_id: int, notice_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_open(actor=actor, person_id=person_id, what="commitment PDF")
    notice = selectors.notice_get(person=person, notice_id=notice_id)
    return _pdf(
        documents.commitment_pdf(person=person, notice=notice), f"ban-cam-ket-{person.pk}.pdf"
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def person_merge(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    candidates = selectors.person_duplicates_search(
        actor=actor,
        what="merge page",
        national_id=person.national_id,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        birth_year=person.birth_year,
        exclude_pk=person.pk,
    )
    form = MergeForm(request.POST or None, initial={"version": person.version}, keep=person)
    if request.method == "POST":
        typed = request.POST.get("duplicate", "").strip()
        listed = [p for p in candidates.visible if str(p.pk) == typed]
        if listed:  # one of those listed above: say which file goes into which
            form.name_duplicate(listed[0], person)
    if request.method == "POST" and form.is_valid():
        with service_errors(form, domain_field="duplicate") as outcome:
            duplicate = selectors.person_get(actor=actor, person_id=form.cleaned_data["duplicate"])
            services.person_merge(
                actor=actor,
                keep=person,
                duplicate=duplicate,
                expected_version=form.cleaned_data["version"],
            )
        if outcome.ok:
            messages.success(
                request,
                _("Đã gộp hồ sơ #%(duplicate)s vào hồ sơ này.") % {"duplicate": duplicate.pk},
            )
            return redirect("persons:detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        _("Gộp hồ sơ trùng vào %(name)s") % {"name": person.full_name},
        person=person,
        duplicates=candidates,
        submit_label=_("Gộp hồ sơ"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def person_status(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    form = StatusForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.person_status_change(
                actor=actor,
                person=person,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                closure_reason=form.cleaned_data["closure_reason"],
                on=form.cleaned_data["on"],
            )
        if outcome.ok:
            messages.success(request, _("Đã cập nhật tình trạng hồ sơ."))
            return redirect("persons:detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        _("Cập nhật tình trạng của %(name)s") % {"name": person.full_name},
        person=person,
        intro=_("Hiện tại: %(status)s.") % {"status": person.get_status_display()},
        see_also={
            "text": _(
                "Người này chuyển đến sống ở xã, phường khác? Đừng kết thúc hồ sơ: chuyển hồ sơ "
                "để xã mới nhận và quản lý tiếp."
            ),
            "url": reverse("persons:transfer", args=[person.pk]),
            "label": _("Chuyển hồ sơ"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_CHANGE)
def person_photo_upload(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = selectors.person_get(actor=actor, person_id=person_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.person_photo_set(actor=actor, person=person, photo=form.cleaned_data["photo"])
        if outcome.ok:
            messages.success(request, _("Đã lưu ảnh."))
            return redirect("persons:detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        _("Ảnh của %(name)s") % {"name": person.full_name},
        person=person,
        multipart=True,
    )


@require_safe
@requires(Permission.PERSON_VIEW)
def person_photo(request: HttpRequest, person_id: int) -> HttpResponseBase:
    """The photo, served only through the scope check (never from a public media URL)."""
    person = selectors.person_get(actor=actor_of(request), person_id=person_id)
    if not person.photo:
        raise Http404
    content_type = "image/png" if person.photo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(person.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
