"""Login, logout and password change: Django's views, marked and audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from reentry.access.marks import public, requires
from reentry.access.permissions import Permission
from reentry.audit.services import client_ip
from reentry.core.errors import DomainError

from .forms import LoginForm
from .services import user_password_change


@public("the login page must be reachable without an account")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@public("logging out needs no permission; it only ends the caller's own session")
class LogoutView(auth_views.LogoutView):
    pass


@requires(Permission.ACCOUNT_SELF)
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")

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
