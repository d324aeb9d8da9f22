"""The data subject's requests (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): what was asked
about a person's file, when, and how it was answered (ADR 0007)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.persons.models import Person


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Xem, nhận bản sao dữ liệu cá nhân")
    CORRECTION = "correction", _("Chỉnh sửa dữ liệu cá nhân")
    RESTRICTION = "restriction", _("Hạn chế xử lý dữ liệu cá nhân")
    OBJECTION = "objection", _("Phản đối xử lý dữ liệu cá nhân")
    DELETION = "deletion", _("Xóa dữ liệu cá nhân")


class RequestChannel(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp tại trụ sở")
    LETTER = "letter", _("Văn bản gửi qua bưu chính")
    ELECTRONIC = "electronic", _("Phương tiện điện tử")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    REFUSED = "refused", _("Từ chối (nêu lý do)")


class SubjectRequest(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="subject_requests")
    kind = models.CharField(_("loại yêu cầu"), max_length=16, choices=RequestKind.choices)
    received_on = models.DateField(_("ngày nhận"))
    requester = models.CharField(
        _("người yêu cầu"), max_length=200, help_text=_("Chính người đó, hoặc người đại diện")
    )
    channel = models.CharField(_("hình thức"), max_length=16, choices=RequestChannel.choices)
    details = models.TextField(_("nội dung yêu cầu"), max_length=2000)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), max_length=2000, blank=True)
    unit_path = models.CharField(max_length=64, editable=False)  # the file's commune then
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_on:%d/%m/%Y})"
