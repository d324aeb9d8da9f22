"""Emergency access ("break the glass"): a province officer opens one file outside their
scope, for a stated reason, for a limited time (``EMERGENCY_ACCESS_MINUTES``).

A grant is a record of its own, not only an audit row, so the file's commune can be shown
who opened their file, when and why, and so the grant's end is a fact in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmergencyAccess(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người truy cập"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "persons.Person",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
    )
    reason = models.TextField(_("lý do"))
    opened_at = models.DateTimeField(_("mở lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    # where the file was managed when it was opened: the commune that is told
    unit_path = models.CharField(_("đơn vị quản lý hồ sơ"), max_length=64)

    class Meta:
        verbose_name = _("truy cập khẩn cấp")
        verbose_name_plural = _("truy cập khẩn cấp")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["user", "person", "expires_at"], name="emergency_grant"),
            models.Index(fields=["person", "opened_at"], name="emergency_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → #{self.person_id} ({self.opened_at:%d/%m/%Y %H:%M})"
