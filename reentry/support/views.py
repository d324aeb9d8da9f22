"""Recording support from a person's page (one short form each), and the lists of acts of
help, of loans and of loans proposed, each downloadable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import can_view_offence_details
from reentry.access.requests import actor_of
from reentry.audit import events
from reentry.core.xlsx import (
    applied_filters,
    describe_filters,
    list_query,
    unit_label,
    wants_xlsx,
    xlsx_response,
    xlsx_url,
)
from reentry.persons.forms import service_errors
from reentry.persons.selectors import person_get, person_open

from . import exports, selectors, services

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.persons.models import Person
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    AssessmentForm,
    EmploymentForm,
    LoanFilterForm,
    LoanForm,
    LoanStatusForm,
    PlanForm,
)


def _record(
    request: HttpRequest,
    person_id: int,
    form_class: Any,
    service: Any,
    title: str,
    done: str,
    anchor: str,
    form_kwargs: Callable[[User, Person], dict[str, Any]] | None = None,
) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        person = person_get(actor=actor, person_id=person_id)
    else:  # the form shows the file: opening it is audited
        person = person_open(actor=actor, person_id=person_id, what="support form")
    extra = form_kwargs(actor, person) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            service(actor=actor, person=person, data=form.to_data())
        if outcome.ok:
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
        form_kwargs=lambda actor, person: {
            "partners": selectors.partner_choices(actor=actor, person=person)
        },
    )


@require_safe
@requires(Permission.SUPPORT_VIEW)
def loan_proposals(request: HttpRequest) -> HttpResponse:
    """The list of people proposed for loans, for the commune committee to confirm; as a
    page, XLSX (``?format=xlsx``) or PDF (``?format=pdf``)."""
    actor = actor_of(request)
    commune = request.GET.get("commune", "").strip()[:12]
    if actor.scope.kind == "commune":
        commune = actor.scope.code
    items = selectors.loan_proposals(actor=actor, commune_code=commune)
    with_release = can_view_offence_details(actor)
    unit_name = items[0].loan.person.commune.name if commune and items else actor.scope.name
    export = request.GET.get("format", "")
    if export in ("xlsx", "pdf"):
        events.persons_listed(
            actor=actor, person_ids=[i.loan.person_id for i in items], what=f"loan list {export}"
        )
        if export == "xlsx":
            content = exports.loan_list_xlsx(
                unit_name=unit_name, items=items, with_release=with_release
            )
            return xlsx_response(content, name="de-nghi-vay-von", dated=False)
        content = exports.loan_list_pdf(unit_name=unit_name, items=items, with_release=with_release)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="de-nghi-vay-von.pdf"'
        add_never_cache_headers(response)
        return response
    events.persons_listed(
        actor=actor, person_ids=[i.loan.person_id for i in items], what="loan list page"
    )
    return render(
        request,
        "support/loan_proposals.html",
        {
            "items": items,
            "with_release": with_release,
            "unit_name": unit_name,
            "total": sum(i.loan.amount_vnd for i in items),
            "commune": commune,
        },
    )


LIST_PAGE_SIZE = 50


def _filter_form(request: HttpRequest, form_class: Any) -> Any:
    """A list's filter form from the query string; a commune user is not asked for a
    commune. A wrong field shows its error; the valid ones still filter."""
    form = form_class(request.GET or None)
    if actor_of(request).scope.kind == "commune":
        del form.fields["commune"]
    form.is_valid()
    return form


def _list_page(
    request: HttpRequest, form: Any, records: Any, template: str, what: str, **extra: Any
) -> HttpResponse:
    """One page of a list of support records; the people shown are audited as viewed."""
    page = Paginator(records, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    events.persons_listed(
        actor=actor_of(request), person_ids=sorted({r.person_id for r in page}), what=what
    )
    kept = list_query(request)

    def page_url(number: int) -> str:
        return "?" + urlencode({**kept, "page": str(number)})

    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "prev_url": page_url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": page_url(page.next_page_number()) if page.has_next() else "",
            "filtered": bool(kept),
            "xlsx_url": xlsx_url(request),
            **extra,
        },
    )


@require_safe
@requires(Permission.SUPPORT_VIEW)
def activity_list(request: HttpRequest) -> HttpResponse:
    """Acts of help on the files in the user's scope, newest first; ``?format=xlsx``
    downloads the whole filtered list."""
    actor = actor_of(request)
    form = _filter_form(request, ActivityFilterForm)
    activities = selectors.activity_list(actor=actor, filters=form.filters())
    if wants_xlsx(request):
        rows = list(activities)
        events.list_exported(
            actor=actor,
            what="support activities xlsx",
            object_type="support.supportactivity",
            rows=len(rows),
            filters=applied_filters(form),
            person_ids=[a.person_id for a in rows],
        )
        content = exports.activity_list_xlsx(
            activities=rows, unit=unit_label(actor.scope), filters=describe_filters(form)
        )
        return xlsx_response(content, name="hoat-dong-ho-tro")
    return _list_page(request, form, activities, "support/activity_list.html", "activity list")


@require_safe
@requires(Permission.SUPPORT_VIEW)
def loan_list(request: HttpRequest) -> HttpResponse:
    """Loans on the files in the user's scope, newest application first, with their total;
    ``?format=xlsx`` downloads the whole filtered list."""
    actor = actor_of(request)
    form = _filter_form(request, LoanFilterForm)
    loans = selectors.loan_list(actor=actor, filters=form.filters())
    if wants_xlsx(request):
        rows = list(loans)
        events.list_exported(
            actor=actor,
            what="loans xlsx",
            object_type="support.loan",
            rows=len(rows),
            filters=applied_filters(form),
            person_ids=[loan.person_id for loan in rows],
        )
        content = exports.loan_register_xlsx(
            loans=rows, unit=unit_label(actor.scope), filters=describe_filters(form)
        )
        return xlsx_response(content, name="vay-von")
    return _list_page(
        request,
        form,
        loans,
        "support/loan_list.html",
        "loan register",
        total=selectors.loan_total(loans),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUPPORT_CHANGE)
def assessment_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.needs_assessment_record(
                actor=actor,
                person=person,
                assessed_on=form.cleaned_data["assessed_on"],
                occasion=form.cleaned_data["occasion"],
                needs=form.needs(),
                notes=form.cleaned_data["notes"],
            )
        if outcome.ok:
            messages.success(request, _("Đã ghi đánh giá nhu cầu."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#needs")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "title": _("Đánh giá nhu cầu"),
            "person": person,
            "intro": _(
                "Chọn tình trạng cho từng nhu cầu đã trao đổi; để trống những nhu cầu "
                "chưa đánh giá lần này."
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUPPORT_CHANGE)
def loan_status(request: HttpRequest, person_id: int, loan_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    loan = selectors.loans_for(actor).filter(person=person, pk=loan_id).first()
    if loan is None:
        from django.http import Http404

        raise Http404
    form = LoanStatusForm(
        request.POST or None,
        initial={
            "version": loan.version,
            "status": loan.status,
            "approved_on": loan.approved_on,
            "disbursed_on": loan.disbursed_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.loan_status_change(
                actor=actor,
                loan=loan,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                approved_on=form.cleaned_data["approved_on"],
                disbursed_on=form.cleaned_data["disbursed_on"],
            )
        if outcome.ok:
            messages.success(request, _("Đã cập nhật khoản vay."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#loans")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Khoản vay %(amount)s đ")
            % {"amount": f"{loan.amount_vnd:,}".replace(",", ".")},
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.SUPPORT_CHANGE)
def plan_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request)
    person = person_get(actor=actor, person_id=person_id)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form, rename=form.field_of) as outcome:
            services.support_plan_record(
                actor=actor,
                person=person,
                review_on=form.cleaned_data["review_on"],
                goals=form.goals(),
                notes=form.cleaned_data["notes"],
            )
        if outcome.ok:
            messages.success(request, _("Đã lưu kế hoạch hỗ trợ."))
            return redirect(reverse("persons:detail", args=[person.pk]) + "#plan")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Kế hoạch hỗ trợ"),
            "intro": _("Lưu kế hoạch mới sẽ giữ kế hoạch cũ làm lịch sử."),
        },
    )
