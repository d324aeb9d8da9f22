"""Refuse every view that is not marked; enforce the mark of every page view.

A user who has given their password but not yet their second factor
(``policies.requires_two_factor``) is sent to the verification page from every page not
marked ``before_two_factor``; one whose administrator gave them a temporary password
(``User.password_change_required``) is then sent to the password change.

API views (Django REST Framework) authenticate inside DRF (tokens), so for them this
middleware only checks that the view is marked; ``access.api.RequiredPermission`` enforces
the mark (and the second factor of a browser session) once DRF knows the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .marks import allows_unverified, enforces_marks, is_api_view, rule_for
from .policies import has_permission, requires_two_factor

logger = logging.getLogger(__name__)

PASSWORD_CHANGE_VIEW = "accounts:password_change"  # noqa: S105 - a URL name


def is_two_factor_verified(user: Any) -> bool:
    """Whether this session passed its second factor (django-otp's ``OTPMiddleware``)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        rule = rule_for(view_func)
        if rule is None:
            logger.error("Refused unmarked view %s for %s", view_func, request.path)
            raise PermissionDenied("This view is not marked with a permission.")
        if is_api_view(view_func):
            if not enforces_marks(view_func):
                logger.error("Refused API view without RequiredPermission: %s", view_func)
                raise PermissionDenied("This API view does not enforce its permission mark.")
            return None
        if rule.public:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (
            requires_two_factor(request.user)
            and not is_two_factor_verified(request.user)
            and not allows_unverified(view_func)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
        if (
            getattr(request.user, "password_change_required", False)
            and not allows_unverified(view_func)
            and getattr(request.resolver_match, "view_name", "") != PASSWORD_CHANGE_VIEW
        ):
            return HttpResponseRedirect(reverse(PASSWORD_CHANGE_VIEW))
        if rule.permission is None or not has_permission(request.user, rule.permission):
            raise PermissionDenied
        return None
