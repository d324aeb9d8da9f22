"""The user: one role and one scope unit (DESIGN §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role

if TYPE_CHECKING:
    from reentry.geography.models import AdminUnit


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    scope_unit = models.ForeignKey(
        "geography.AdminUnit",
        verbose_name=_("đơn vị phụ trách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # set with a temporary password from the administrator: every page leads to the
    # password change until the user has chosen their own (docs/accounts.md); the database
    # default serves rows written by code older than the column (a rolling upgrade)
    password_change_required = models.BooleanField(
        _("phải đổi mật khẩu"), default=False, db_default=False
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def scope(self) -> AdminUnit:
        """The scope unit. Only assigned users can log in or hold a token, so every actor
        has one; an unassigned account reaching here is refused."""
        if self.scope_unit is None:
            raise PermissionDenied("This account has no scope unit.")
        return self.scope_unit


class ApiToken(models.Model):
    """A key for the API. Only a SHA-256 hash of the key is stored, with its first
    characters (``prefix``) to tell tokens apart; the key is shown once, when issued."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên, mục đích"), max_length=100, blank=True)
    prefix = models.CharField(_("đầu mã"), max_length=8)
    key_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("ngày cấp"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
