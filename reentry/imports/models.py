"""Every import committed, with its counts and the file as it was uploaded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit


class ImportBatch(BaseModel):
    """A file imported into ``unit``: kept under ``MEDIA_ROOT`` (never served directly),
    with what the import did."""

    kind = models.CharField(_("loại dữ liệu"), max_length=30)
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    unit_path = models.CharField(max_length=64, editable=False)
    file = models.FileField(_("tệp gốc"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created = models.PositiveIntegerField(_("tạo mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    duplicates = models.PositiveIntegerField(_("đã có, bỏ qua"), default=0)
    errors = models.PositiveIntegerField(_("dòng lỗi"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit_path", "created_at"], name="importbatch_scope")]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"
