"""Outreach (tuyên truyền): conferences, loudspeaker bulletins, articles, leaflet runs and
meetings, with attendance (lượt người) and materials distributed, as the seeds report them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit


class OutreachKind(models.TextChoices):
    CONFERENCE = "conference", _("Hội nghị")
    LOUDSPEAKER = "loudspeaker", _("Phát thanh trên loa")
    WEB_ARTICLE = "web_article", _("Bài viết trên trang tin")
    LEAFLETS = "leaflets", _("Phát tờ rơi")
    PERIODIC_MEETING = "periodic_meeting", _("Sinh hoạt định kỳ")


class OutreachEvent(BaseModel):
    held_on = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức"), max_length=20, choices=OutreachKind.choices)
    title = models.CharField(_("nội dung"), max_length=300)
    province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    province_path = models.CharField(max_length=64, editable=False)
    communes = models.ManyToManyField(AdminUnit, related_name="outreach_events", blank=True)
    participants = models.PositiveIntegerField(_("lượt người tham dự"), default=0)
    materials = models.PositiveIntegerField(_("tài liệu, tờ rơi phát ra"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["province_path", "held_on"], name="outreach_scope_date")]

    def __str__(self) -> str:
        return self.title
