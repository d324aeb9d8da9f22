"""Emergency access ("break the glass"): the page where a province officer states which
file outside their scope they must open, and why."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reentry.persons.forms import service_errors

from . import services
from .forms import EmergencyAccessForm
from .marks import requires
from .permissions import Permission
from .requests import actor_of


@require_http_methods(["GET", "HEAD", "POST"])
@requires(Permission.PERSON_EMERGENCY_OPEN)
def emergency_open(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            grant = services.emergency_access_open(
                actor=actor,
                person_id=form.cleaned_data["person_id"],
                reason=form.cleaned_data["reason"],
            )
        if outcome.ok:
            return redirect("persons:detail", grant.person_id)
    return render(
        request,
        "persons/form.html",
        {
            "form": form,
            "title": _("Truy cập khẩn cấp hồ sơ ngoài phạm vi"),
            "intro": _(
                "Chỉ dùng khi công việc cấp bách cần xem hồ sơ do tỉnh khác quản lý. Hồ sơ mở "
                "để xem (không sửa) trong %(minutes)s phút; lý do của bạn được ghi vào nhật ký "
                "và hiện trên hồ sơ cho xã và tỉnh đang quản lý hồ sơ."
            )
            % {"minutes": settings.EMERGENCY_ACCESS_MINUTES},
            "cancel_url": reverse("persons:list"),
            "submit_label": _("Mở hồ sơ"),
        },
    )
