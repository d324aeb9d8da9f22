"""Pages of initiatives: the list, one initiative with its members and the people it helps,
and the forms to create one, add a member and assign a person."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import can_manage_initiative, has_permission
from reentry.access.requests import actor_of
from reentry.accounts.models import User
from reentry.audit import events
from reentry.core.xlsx import unit_label, wants_xlsx, xlsx_response, xlsx_url
from reentry.oversight.selectors import commendations_of_initiative, commendations_of_partner
from reentry.persons.forms import service_errors
from reentry.persons.selectors import person_get

from . import exports, selectors, services
from .forms import (
    AssignForm,
    EndForm,
    InitiativeEditForm,
    InitiativeForm,
    MemberForm,
    PartnerForm,
)
from .models import Initiative


@require_safe
@requires(Permission.INITIATIVE_VIEW)
def initiative_list(request: HttpRequest) -> HttpResponse:
    """The initiatives in the user's scope; ``?format=xlsx`` downloads them."""
    actor = actor_of(request)
    initiatives = selectors.initiative_list(actor=actor)
    if wants_xlsx(request):
        rows = list(initiatives)
        events.list_exported(
            actor=actor,
            what="initiatives xlsx",
            object_type="initiatives.initiative",
            rows=len(rows),
            filters={},
        )
        content = exports.initiative_list_xlsx(
            initiatives=rows, unit=unit_label(actor.scope), filters=[]
        )
        return xlsx_response(content, name="mo-hinh")
    return render(
        request,
        "initiatives/list.html",
        {
            "initiatives": initiatives,
            "can_manage": has_permission(actor, Permission.INITIATIVE_MANAGE),
            "xlsx_url": xlsx_url(request),
        },
    )


@require_safe
@requires(Permission.INITIATIVE_VIEW)
def initiative_detail(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor = actor_of(request)
    initiative = selectors.initiative_get(actor=actor, initiative_id=initiative_id)
    people = selectors.initiative_people(actor=actor, initiative=initiative)
    events.persons_listed(
        actor=actor, person_ids=[a.person_id for a in people], what="initiative page"
    )
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "members": initiative.members.filter(left_on__isnull=True).select_related("user"),
            "people": people,
            "past_people": selectors.initiative_past_people(actor=actor, initiative=initiative),
            "communes": initiative.communes.all(),
            "commendations": commendations_of_initiative(actor=actor, initiative=initiative),
            # members and the initiative itself; people: whoever manages their files
            "can_manage": can_manage_initiative(actor, initiative),
            "can_assign": has_permission(actor, Permission.INITIATIVE_MANAGE),
        },
    )


def _managed(actor: User, initiative_id: int) -> Initiative:
    """An initiative the actor may see (else 404) and manage (else 403)."""
    initiative = selectors.initiative_get(actor=actor, initiative_id=initiative_id)
    if not can_manage_initiative(actor, initiative):
        raise PermissionDenied(
            _("Mô hình này gồm nhiều xã hoặc thuộc cấp tỉnh: do cấp tỉnh quản lý.")
        )
    return initiative


def _page(request: HttpRequest, form: object, title: str, cancel_url: str = "") -> HttpResponse:
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url or reverse("initiatives:list"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INITIATIVE_MANAGE)
def initiative_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    initial = {"communes": actor.scope.code if actor.scope.kind == "commune" else ""}
    form = InitiativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form) as outcome:
            initiative = services.initiative_create(
                actor=actor,
                name=data["name"],
                template=data["template"],
                level=data["level"],
                commune_codes=data["communes"].replace(";", ",").split(","),
                launched_on=data["launched_on"],
                status=data["status"],
            )
        if outcome.ok:
            messages.success(request, _("Đã lập mô hình %(name)s.") % {"name": initiative.name})
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    return _page(request, form, _("Lập mô hình mới"))


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INITIATIVE_MANAGE)
def initiative_edit(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor = actor_of(request)
    initiative = _managed(actor, initiative_id)
    initial = {
        "name": initiative.name,
        "template": initiative.template,
        "level": initiative.level,
        "communes": ", ".join(c.code for c in initiative.communes.all()),
        "launched_on": initiative.launched_on,
        "status": initiative.status,
        "version": initiative.version,
    }
    form = InitiativeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form) as outcome:
            services.initiative_update(
                actor=actor,
                initiative=initiative,
                expected_version=data["version"],
                name=data["name"],
                template=data["template"],
                level=data["level"],
                commune_codes=data["communes"].replace(";", ",").split(","),
                launched_on=data["launched_on"],
                status=data["status"],
            )
        if outcome.ok:
            messages.success(request, _("Đã lưu mô hình."))
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    return _page(
        request,
        form,
        _("Sửa mô hình: %(name)s") % {"name": initiative.name},
        cancel_url=reverse("initiatives:detail", args=[initiative.pk]),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INITIATIVE_MANAGE)
def member_create(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor = actor_of(request)
    initiative = _managed(actor, initiative_id)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.member_add(actor=actor, initiative=initiative, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Đã thêm thành viên."))
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    return _page(request, form, _("Thêm thành viên: %(name)s") % {"name": initiative.name})


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INITIATIVE_MANAGE)
def person_assign(request: HttpRequest, initiative_id: int) -> HttpResponse:
    actor = actor_of(request)
    initiative = selectors.initiative_get(actor=actor, initiative_id=initiative_id)
    query = request.GET.get("q", "").strip()[:100]  # the name search above the form
    candidates, total = selectors.assignment_candidates(
        actor=actor, initiative=initiative, query=query
    )
    if candidates:
        events.persons_listed(
            actor=actor, person_ids=[p.pk for p in candidates], what="assignment candidates"
        )
    form = AssignForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        with service_errors(form, domain_field="person") as outcome:
            person = person_get(actor=actor, person_id=form.cleaned_data["person"])
            services.person_assign(
                actor=actor,
                initiative=initiative,
                person=person,
                started_on=form.cleaned_data["started_on"],
            )
        if outcome.ok:
            messages.success(
                request,
                _("Đã phân công mô hình giúp đỡ %(name)s.") % {"name": person.full_name},
            )
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    return render(
        request,
        "initiatives/assign.html",
        {
            "form": form,
            "title": _("Phân công giúp đỡ: %(name)s") % {"name": initiative.name},
            "initiative": initiative,
            "query": query,
            "shown": len(candidates),
            "total": total,
            "cancel_url": reverse("initiatives:detail", args=[initiative.pk]),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INITIATIVE_MANAGE)
def member_leave(request: HttpRequest, initiative_id: int, member_id: int) -> HttpResponse:
    actor = actor_of(request)
    initiative = _managed(actor, initiative_id)
    member = selectors.member_get(initiative=initiative, member_id=member_id)
    form = EndForm(request.POST or None, initial={"on": timezone.localdate()})
    form.fields["on"].label = _("Ngày rời mô hình")
    if request.method == "POST" and form.is_valid():
        with service_errors(form, rename=lambda field: "on") as outcome:
            services.member_leave(actor=actor, member=member, left_on=form.cleaned_data["on"])
        if outcome.ok:
            messages.success(request, _("%(name)s đã rời mô hình.") % {"name": member.full_name})
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    return _page(
        request,
        form,
        _("Rời mô hình: %(name)s") % {"name": member.full_name},
        cancel_url=reverse("initiatives:detail", args=[initiative.pk]),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INITIATIVE_MANAGE)
def assignment_end(request: HttpRequest, initiative_id: int, assignment_id: int) -> HttpResponse:
    actor = actor_of(request)
    initiative = selectors.initiative_get(actor=actor, initiative_id=initiative_id)
    assignment = selectors.assignment_get(
        actor=actor, initiative=initiative, assignment_id=assignment_id
    )
    form = EndForm(request.POST or None, initial={"on": timezone.localdate()})
    form.fields["on"].label = _("Kết thúc giúp đỡ từ ngày")
    if request.method == "POST" and form.is_valid():
        with service_errors(form, rename=lambda field: "on") as outcome:
            services.assignment_end(
                actor=actor, assignment=assignment, ended_on=form.cleaned_data["on"]
            )
        if outcome.ok:
            messages.success(request, _("Đã kết thúc việc giúp đỡ."))
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    return _page(
        request,
        form,
        _("Kết thúc giúp đỡ: %(name)s") % {"name": assignment.person.full_name},
        cancel_url=reverse("initiatives:detail", args=[initiative.pk]),
    )


@require_safe
@requires(Permission.INITIATIVE_VIEW)
def partner_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "initiatives/partners.html",
        {
            "partners": selectors.partners_for(actor=actor),
            "can_manage": has_permission(actor, Permission.INITIATIVE_MANAGE),
        },
    )


@require_safe
@requires(Permission.INITIATIVE_VIEW)
def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    actor = actor_of(request)
    partner = selectors.partner_get(actor=actor, partner_id=partner_id)
    jobs = selectors.partner_people(actor=actor, partner=partner)
    events.persons_listed(actor=actor, person_ids=[j.person_id for j in jobs], what="partner page")
    return render(
        request,
        "initiatives/partner.html",
        {
            "partner": partner,
            "jobs": jobs,
            "commendations": commendations_of_partner(actor=actor, partner=partner),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INITIATIVE_MANAGE)
def partner_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(form) as outcome:
            services.partner_create(actor=actor, commune_code=data.pop("commune"), **data)
        if outcome.ok:
            messages.success(request, _("Đã thêm vào danh bạ đối tác."))
            return redirect("initiatives:partners")
    return _page(request, form, _("Thêm doanh nghiệp, cơ sở đối tác"))
