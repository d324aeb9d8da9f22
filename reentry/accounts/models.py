"""The user: one role and one scope unit (DESIGN §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
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
