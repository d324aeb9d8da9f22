"""Home page and health check."""

from __future__ import annotations

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe
from django.views.defaults import page_not_found
from django.views.i18n import set_language

from reentry.access.marks import public, requires
from reentry.access.permissions import Permission
from reentry.access.policies import permissions_of
from reentry.access.requests import actor_of
from reentry.geography.selectors import unit_ancestors, unit_get


@require_safe
@requires(Permission.ACCOUNT_SELF)
def home(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    unit = unit_get(actor=user, code=user.scope.code)
    ancestors = unit_ancestors(actor=user, unit=unit)
    held = sorted(permissions_of(user), key=lambda p: p.value)
    return render(
        request,
        "core/home.html",
        {"unit": unit, "ancestors": ancestors, "permissions": held},
    )


@require_safe
@public("monitoring probes must reach it without an account; it shows no data")
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
@public("choosing the page language needs no account; it only sets a cookie")
def language_set(request: HttpRequest) -> HttpResponse:
    return set_language(request)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: an address of the API that matches no route answers JSON, like every
    other answer of the API (``{"detail": ...}``); a page answers the site's 404 page."""
    if request.path.startswith("/api/"):
        from rest_framework.exceptions import NotFound

        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)
