"""Every upload: kept from the moment it is checked, so the user can look at the preview,
choose, and commit or cancel it; and, once committed, kept for the record with its counts
and the file as it was uploaded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ kiểm tra")
    CHECKING = "checking", _("Đang kiểm tra")
    PREVIEW = "preview", _("Đã kiểm tra, chờ quyết định")
    COMMITTING = "committing", _("Đang ghi")
    COMMITTED = "committed", _("Đã nhập")
    CANCELLED = "cancelled", _("Đã hủy")
    FAILED = "failed", _("Không xử lý được")


RUNNING = (BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.COMMITTING)


class ImportBatch(BaseModel):
    """A file uploaded into ``unit``: kept under ``MEDIA_ROOT`` (never served directly),
    with what checking it found and, once committed, what the import did."""

    kind = models.CharField(_("loại dữ liệu"), max_length=30)
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    unit_path = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    file = models.FileField(_("tệp gốc"), upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255)
    encoding = models.CharField(_("bảng mã"), max_length=20, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created = models.PositiveIntegerField(_("tạo mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    duplicates = models.PositiveIntegerField(_("đã có, bỏ qua"), default=0)
    errors = models.PositiveIntegerField(_("dòng lỗi"), default=0)
    # [line, column header, message] for every problem the last check or commit found
    problems = models.JSONField(_("lỗi"), default=list, blank=True)
    # {line: {"text": address, "options": [[code, name], ...]}}: rows whose old address
    # maps to several 2025 communes, and {line: code} the user's choice for each
    ambiguities = models.JSONField(default=dict, blank=True)
    choices = models.JSONField(default=dict, blank=True)
    only_valid = models.BooleanField(_("chỉ nhập các dòng hợp lệ"), default=False)
    failure = models.TextField(_("lý do không xử lý được"), blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("người tải lên"),
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("người nhập"),
    )
    committed_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit_path", "created_at"], name="importbatch_scope")]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    @property
    def kind_label(self) -> str:
        from .kinds import KINDS

        kind = KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def valid(self) -> int:
        return self.rows - self.errors
