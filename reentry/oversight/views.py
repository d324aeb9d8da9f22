"""Pages of oversight: the inspections of the communes in scope, one inspection with its
recommendations and their follow-up, and the commendations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from reentry.access.marks import requires
from reentry.access.permissions import Permission
from reentry.access.policies import can_follow_up_recommendation, has_permission
from reentry.access.requests import actor_of
from reentry.persons.forms import service_errors

from . import selectors, services
from .forms import CommendationEntryForm, FollowUpForm, InspectionForm

LIST_LIMIT = 200


@never_cache
@require_safe
@requires(Permission.OVERSIGHT_VIEW)
def inspection_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    inspections = selectors.inspection_list(actor=actor)
    return render(
        request,
        "oversight/inspections.html",
        {
            "inspections": inspections[:LIST_LIMIT],
            "total": inspections.count(),
            "limit": LIST_LIMIT,
            "can_record": has_permission(actor, Permission.INSPECTION_RECORD),
        },
    )


@never_cache
@require_safe
@requires(Permission.OVERSIGHT_VIEW)
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    actor = actor_of(request)
    inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
    recommendations = selectors.inspection_recommendations(inspection)
    return render(
        request,
        "oversight/inspection.html",
        {
            "inspection": inspection,
            "recommendations": recommendations,
            "can_follow_up": bool(recommendations)
            and can_follow_up_recommendation(actor, recommendations[0]),
            "today": timezone.localdate(),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.INSPECTION_RECORD)
def inspection_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form, rename=form.field_of) as outcome:
            inspection = services.inspection_record(
                actor=actor,
                commune_code=data["commune"],
                inspected_on=data["inspected_on"],
                team=data["team"],
                findings=data["findings"],
                recommendations=form.recommendations(),
            )
        if outcome.ok:
            messages.success(request, _("Đã ghi kết quả kiểm tra."))
            return redirect("oversight:inspection", inspection_id=inspection.pk)
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "title": _("Ghi kết quả kiểm tra"),
            "intro": _("Ghi các kiến nghị của đoàn để xã theo dõi thực hiện đến khi xong."),
            "cancel_url": reverse("oversight:inspections"),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.RECOMMENDATION_FOLLOW_UP)
def recommendation_follow_up(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    actor = actor_of(request)
    recommendation = selectors.recommendation_get(actor=actor, recommendation_id=recommendation_id)
    back = reverse("oversight:inspection", args=[recommendation.inspection_id])
    form = FollowUpForm(
        request.POST or None,
        initial={"version": recommendation.version, "occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_errors(form) as outcome:
            services.recommendation_follow_up(
                actor=actor,
                recommendation=recommendation,
                expected_version=data.pop("version"),
                **data,
            )
        if outcome.ok:
            messages.success(request, _("Đã cập nhật việc thực hiện kiến nghị."))
            return redirect(back + f"#r{recommendation.pk}")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "title": _("Theo dõi thực hiện kiến nghị"),
            "intro": _(
                "%(text)s — %(responsible)s, hạn %(due)s (kiểm tra ngày %(on)s tại %(commune)s)."
            )
            % {
                "text": recommendation.text,
                "responsible": recommendation.responsible,
                "due": recommendation.due_on.strftime("%d/%m/%Y"),
                "on": recommendation.inspection.inspected_on.strftime("%d/%m/%Y"),
                "commune": recommendation.inspection.commune.name,
            },
            "cancel_url": back,
        },
    )


@never_cache
@require_safe
@requires(Permission.OVERSIGHT_VIEW)
def commendation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    commendations = selectors.commendations_for(actor)
    return render(
        request,
        "oversight/commendations.html",
        {
            "commendations": commendations[:LIST_LIMIT],
            "totals": selectors.commendation_totals(commendations),
            "limit": LIST_LIMIT,
            "can_record": has_permission(actor, Permission.COMMENDATION_RECORD),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.COMMENDATION_RECORD)
def commendation_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = CommendationEntryForm(
        request.POST or None, **selectors.commendation_candidates(actor=actor)
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.commendation_record(actor=actor, **form.service_values())
        if outcome.ok:
            messages.success(request, _("Đã ghi khen thưởng."))
            return redirect("oversight:commendations")
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "title": _("Ghi khen thưởng"),
            "cancel_url": reverse("oversight:commendations"),
        },
    )
