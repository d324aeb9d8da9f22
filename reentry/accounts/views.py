"""Login with a second factor, logout, the account page (password, backup codes, API
tokens), and the administrator's page of locked accounts. Django's views, marked and
audited."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from reentry.access.marks import before_two_factor, public, requires
from reentry.access.middleware import is_two_factor_verified
from reentry.access.permissions import Permission
from reentry.access.policies import requires_two_factor
from reentry.audit.services import client_ip
from reentry.core.errors import DomainError

from . import two_factor
from .forms import LoginForm, TwoFactorCodeForm, UsernameForm
from .lockout import hourly_limit_until, locked_out_page
from .selectors import api_tokens_of, locked_accounts_list
from .services import account_unlock, api_token_revoke_own, password_reset, user_password_change


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@public("the login page must be reachable without an account")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if requires_two_factor(self.request.user):
            return _with_next("accounts:two_factor", url)
        return url


@public("logging out needs no permission; it only ends the caller's own session")
class LogoutView(auth_views.LogoutView):
    pass


class _SecondFactorStep(View):
    """Shared by enrolment and verification: the lockouts, and a failed code counted as a
    failed login (django-axes and the per-account hourly limit count it)."""

    def refused(self, request: HttpRequest) -> HttpResponse | None:
        username = request.user.get_username()
        credentials = {"username": username}
        until = hourly_limit_until(username)
        if AxesProxyHandler.is_locked(request, credentials) or until is not None:
            logout(request)
            if until is not None:
                return locked_out_page(request, until=until, reason="hourly")
            from .lockout import cooloff_until

            return locked_out_page(request, until=cooloff_until(), reason="address")
        return None

    def failed(self, request: HttpRequest) -> None:
        user_login_failed.send(
            sender=__name__, credentials={"username": request.user.get_username()}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            logout(request)  # axes' middleware answers with the lockout page

    def succeeded(self, request: HttpRequest, device: Any) -> None:
        django_otp.login(request, device)
        AxesProxyHandler.reset_attempts(
            ip_address=client_ip(request), username=request.user.get_username()
        )


@requires(Permission.ACCOUNT_SELF)
@before_two_factor
class TwoFactorView(_SecondFactorStep):
    """After the password: a code of the authenticator app, or a backup code."""

    template_name = "accounts/two_factor.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        next_url = _next_url(request)
        if not requires_two_factor(request.user) or is_two_factor_verified(request.user):
            return HttpResponseRedirect(next_url)
        if not two_factor.has_two_factor(request.user):  # type: ignore[arg-type]
            return HttpResponseRedirect(_with_next("accounts:two_factor_setup", next_url))
        refusal = self.refused(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, TwoFactorCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TwoFactorCodeForm(request.POST)
        if form.is_valid():
            device = two_factor.two_factor_check(
                user=request.user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
            )
            if device is not None:
                self.succeeded(request, device)
                if device.name == two_factor.BACKUP_DEVICE:
                    messages.warning(
                        request,
                        _(
                            "Đã dùng một mã dự phòng; còn %(n)s mã. Nếu mất điện thoại, hãy "
                            "nhờ quản trị hệ thống đặt lại xác thực hai lớp."
                        )
                        % {"n": two_factor.backup_codes_left(request.user)},  # type: ignore[arg-type]
                    )
                return HttpResponseRedirect(_next_url(request))
            self.failed(request)
            if not request.user.is_authenticated:
                return HttpResponseRedirect(reverse("accounts:login"))
            form.add_error("code", _("Mã xác thực không đúng hoặc đã dùng. Hãy thử lại."))
        return self.page(request, form, status=400)

    def page(
        self, request: HttpRequest, form: TwoFactorCodeForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"form": form, "next": _next_url(request)},
            status=status,
        )


@requires(Permission.ACCOUNT_SELF)
@before_two_factor
class TwoFactorSetupView(_SecondFactorStep):
    """First login: scan the QR code (or type the secret), confirm with a code, then see
    the ten backup codes once."""

    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        next_url = _next_url(request)
        if two_factor.has_two_factor(request.user):  # type: ignore[arg-type]
            if is_two_factor_verified(request.user):
                return HttpResponseRedirect(reverse("accounts:password_change"))
            return HttpResponseRedirect(_with_next("accounts:two_factor", next_url))
        refusal = self.refused(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, TwoFactorCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TwoFactorCodeForm(request.POST)
        if form.is_valid():
            result = two_factor.enrolment_confirm(
                user=request.user,  # type: ignore[arg-type]
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
            )
            if result is not None:
                device, codes = result
                self.succeeded(request, device)
                return backup_codes_page(request, codes, next_url=_next_url(request))
            self.failed(request)
            if not request.user.is_authenticated:
                return HttpResponseRedirect(reverse("accounts:login"))
            form.add_error(
                "code",
                _("Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã mới."),
            )
        return self.page(request, form, status=400)

    def page(
        self, request: HttpRequest, form: TwoFactorCodeForm, status: int = 200
    ) -> HttpResponse:
        enrolment = two_factor.enrolment_start(user=request.user)  # type: ignore[arg-type]
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "next": _next_url(request),
                "secret": enrolment.secret,
                "qr_svg": enrolment.qr_svg,
            },
            status=status,
        )


def backup_codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    response = render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


@requires(Permission.ACCOUNT_SELF)
@require_POST
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    try:
        codes = two_factor.backup_codes_regenerate(
            user=request.user,  # type: ignore[arg-type]
            ip_address=client_ip(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:password_change")
    return backup_codes_page(request, codes, next_url=reverse("accounts:password_change"))


@requires(Permission.ACCOUNT_SELF)
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = api_token_revoke_own(actor=request.user, token_id=token_id)  # type: ignore[arg-type]
    except DomainError as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("Đã thu hồi mã truy cập %(prefix)s….") % {"prefix": token.prefix})
    return redirect("accounts:password_change")


@requires(Permission.ACCOUNT_SELF)
class PasswordChangeView(auth_views.PasswordChangeView):
    """The account page: the password, the second factor's backup codes, the API tokens."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            has_two_factor=two_factor.has_two_factor(user),  # type: ignore[arg-type]
            backup_codes_left=two_factor.backup_codes_left(user),  # type: ignore[arg-type]
            api_tokens=api_tokens_of(user),  # type: ignore[arg-type]
            password_change_required=getattr(user, "password_change_required", False),
        )
        return context

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        try:
            user_password_change(
                actor=form.user,
                new_password=form.cleaned_data["new_password1"],
                ip_address=client_ip(self.request),
            )
        except DomainError as exc:
            form.add_error("new_password1", exc.message)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super(auth_views.PasswordChangeView, self).form_valid(form)


@requires(Permission.USER_MANAGE)
def locked_accounts(request: HttpRequest) -> HttpResponse:
    """The administrator's list of accounts whose logins are refused now, to unlock."""
    return render(
        request,
        "accounts/locked_accounts.html",
        {"locked": locked_accounts_list(actor=request.user), "reset_form": UsernameForm()},
    )


@requires(Permission.USER_MANAGE)
@require_POST
def account_unlock_view(request: HttpRequest) -> HttpResponse:
    form = UsernameForm(request.POST)
    if form.is_valid():
        try:
            account_unlock(actor=request.user, username=form.cleaned_data["username"])  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã mở khóa đăng nhập cho “%(u)s”.") % {"u": form.cleaned_data["username"]},
            )
    return redirect("accounts:locked")


@requires(Permission.USER_MANAGE)
@require_POST
def two_factor_reset_view(request: HttpRequest) -> HttpResponse:
    form = UsernameForm(request.POST)
    if form.is_valid():
        try:
            two_factor.two_factor_reset(
                actor=request.user,  # type: ignore[arg-type]
                username=form.cleaned_data["username"],
                via="locked accounts page",
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Đã đặt lại xác thực hai lớp của “%(u)s”: lần đăng nhập tới, người dùng "
                    "đăng ký lại ứng dụng xác thực."
                )
                % {"u": form.cleaned_data["username"]},
            )
    else:
        messages.error(request, _("Hãy nhập tên đăng nhập."))
    return redirect("accounts:locked")


@public("who forgot their password cannot log in; the page only says whom to ask")
@require_safe
def password_forgotten(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_forgotten.html")


@requires(Permission.USER_MANAGE)
@require_POST
@never_cache
def password_reset_view(request: HttpRequest) -> HttpResponse:
    """The administrator gives a temporary password; it is shown on this page only, once."""
    form = UsernameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập tên đăng nhập."))
        return redirect("accounts:locked")
    try:
        password = password_reset(
            actor=request.user,  # type: ignore[arg-type]
            username=form.cleaned_data["username"],
            via="locked accounts page",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:locked")
    return render(
        request,
        "accounts/password_reset_done.html",
        {"username": form.cleaned_data["username"], "password": password},
    )
