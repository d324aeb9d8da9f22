"""Targets set by a province (or the nation) for its indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("Đạt ít nhất")
    AT_MOST = "at_most", _("Không vượt quá")


class Target(BaseModel):
    """``indicator`` reaching ``value`` by ``deadline`` in ``unit`` and in each unit below
    it (the seeds' "every commune launches a model by the end of 2023" is
    initiative_coverage_pct at least 100 by 31/12/2023). Flow indicators count from
    ``starts_on``; stock indicators are read on the day."""

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    unit_path = models.CharField(max_length=64, editable=False)
    indicator = models.CharField(_("chỉ tiêu"), max_length=64)
    direction = models.CharField(
        _("yêu cầu"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    value = models.DecimalField(_("mức phấn đấu"), max_digits=16, decimal_places=1)
    starts_on = models.DateField(_("tính từ ngày"))
    deadline = models.DateField(_("thời hạn"))
    note = models.CharField(_("căn cứ, ghi chú"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("chỉ tiêu phấn đấu")
        verbose_name_plural = _("chỉ tiêu phấn đấu")
        ordering = ["deadline", "indicator", "id"]
        indexes = [models.Index(fields=["unit_path", "deadline"], name="target_scope")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value} ({self.deadline:%d/%m/%Y})"
