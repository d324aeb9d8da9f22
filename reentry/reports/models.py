"""Targets set by a province (or the nation) for its indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit

from .periods import Period, period_of


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

    @property
    def indicator_name(self) -> str | Promise:
        """The indicator as officers know it: its name, never its code."""
        from .registry import INDICATORS  # the registry reads the other apps' models

        found = INDICATORS.get(self.indicator)
        return self.indicator if found is None else found.name


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại để sửa")


class ReportSubmission(BaseModel):
    """A commune's report for a period, as submitted to the province: the figures of the
    day it was sent (``values``, every indicator of the commune's column), and the
    province's decision. Approved figures never change; when the records behind them do,
    the report shows the difference against this snapshot. A correction is a new
    submission; the latest approved one is the commune's report for the period."""

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    unit_path = models.CharField(max_length=64, editable=False)
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10)
    period_number = models.PositiveSmallIntegerField(_("số thứ tự trong năm"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    values = models.JSONField(_("số liệu đã gửi"), editable=False)
    note = models.TextField(_("ghi chú của xã"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, editable=False)
    decision_note = models.TextField(_("ý kiến của tỉnh"), blank=True)

    class Meta:
        verbose_name = _("báo cáo gửi duyệt")
        verbose_name_plural = _("báo cáo gửi duyệt")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["unit_path", "starts_on", "ends_on"], name="submission_scope"),
            models.Index(fields=["status", "submitted_at"], name="submission_queue"),
        ]
        constraints = [
            # one report waiting for the province per commune and period
            models.UniqueConstraint(
                fields=["unit", "starts_on", "ends_on"],
                condition=models.Q(status="submitted"),
                name="one_pending_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.starts_on}..{self.ends_on} {self.status}"

    @property
    def period(self) -> Period:
        return period_of(self.period_kind, self.starts_on.year, self.period_number)


class ChangeMark(models.Model):
    """A write to records a report reads, and the earliest day it can affect (written by
    the database's triggers, ``freshness.py``). On PostgreSQL the row also carries the
    writing transaction (``xid``, a column of the migration), so that a report computed
    while the write was not yet committed knows it did not see it."""

    id = models.BigAutoField(primary_key=True)
    since = models.DateField()
    # a commune's path; NULL (not "") for all, as the triggers write it
    place = models.CharField(max_length=64, null=True)  # noqa: DJ001

    class Meta:
        indexes = [models.Index(fields=["since"], name="changemark_since")]

    def __str__(self) -> str:
        return f"{self.pk} {self.since}"


class StoredFigures(models.Model):
    """The base figures of every place under ``prefix`` (a province: its communes and its
    own column) for one period, as a recount gave them (``stored.py``). They stand while no
    ``ChangeMark`` that could reach the period has appeared since ``max_mark`` (and, on
    PostgreSQL, none from a transaction the recount's ``snapshot`` did not see)."""

    prefix = models.CharField(max_length=64)
    starts_on = models.DateField()
    ends_on = models.DateField()
    values = models.JSONField()
    max_mark = models.BigIntegerField()
    snapshot = models.TextField(blank=True)
    own_xid = models.BigIntegerField(null=True)
    computed_at = models.DateTimeField(auto_now=True)
    seconds = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "starts_on", "ends_on"], name="stored_figures_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.starts_on}..{self.ends_on}"
