"""Outcomes: how each person is doing (classification A/B/C/D, Thông tư 10/2024/TT-BCA),
kept as history; the current classification is derived (the latest), never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.core.fields import EncryptedCharField
from reentry.persons.models import Person


class Grade(models.TextChoices):
    A = "A", _("Loại A: chấp hành tốt pháp luật, có cuộc sống ổn định")
    B = "B", _("Loại B: chấp hành pháp luật nhưng còn khó khăn")
    C = "C", _("Loại C: chưa chấp hành tốt, có nguy cơ vi phạm")
    D = "D", _("Loại D: đang bị tạm giữ, tạm giam, ở cơ sở giáo dục, cai nghiện")


class Difficulty(models.TextChoices):
    """Why a person is in B (the reasons the seeds and the circular name)."""

    NO_JOB = "no_job", _("Chưa có việc làm")
    UNSTABLE_JOB = "unstable_job", _("Việc làm không ổn định")
    NO_CAPITAL = "no_capital", _("Thiếu vốn")
    STIGMA = "stigma", _("Mặc cảm, tự ti, bị kỳ thị")
    FAMILY_HARDSHIP = "family_hardship", _("Hoàn cảnh gia đình khó khăn")
    ILLNESS = "illness", _("Ốm đau, bệnh tật")


class Classification(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="classifications")
    assessed_on = models.DateField(_("ngày phân loại"))
    grade = models.CharField(_("loại"), max_length=1, choices=Grade.choices)
    difficulties = models.JSONField(_("khó khăn"), default=list, blank=True)
    notes = models.CharField(_("diễn biến, lý do"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("phân loại")
        verbose_name_plural = _("phân loại")
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["person", "assessed_on"], name="classification_person_date")
        ]

    def __str__(self) -> str:
        return f"{self.grade} ({self.assessed_on:%d/%m/%Y})"

    def difficulty_labels(self) -> list[str]:
        labels = dict(Difficulty.choices)
        return [str(labels.get(code, code)) for code in self.difficulties]


class ReoffenceStatus(models.TextChoices):
    PENDING = "pending", _("Đang điều tra, truy tố, xét xử")
    CONVICTED = "convicted", _("Đã bị kết án")
    DROPPED = "dropped", _("Đình chỉ, không bị kết án")


class Reoffence(models.Model):
    """A new offence after release: its dates (for re-arrest, reconviction and
    reimprisonment figures) and how it ended; a conviction points to the new sentence."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reoffences")
    committed_on = models.DateField(_("ngày thực hiện hành vi"))
    arrested_on = models.DateField(_("ngày bị bắt, khởi tố"), null=True, blank=True)
    charge = EncryptedCharField(_("hành vi, tội danh"), max_length=300)  # at rest (ADR 0006)
    status = models.CharField(
        _("tình trạng"),
        max_length=10,
        choices=ReoffenceStatus.choices,
        default=ReoffenceStatus.PENDING,
    )
    concluded_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    sentence = models.OneToOneField(
        "persons.Sentence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reoffence",
        verbose_name=_("bản án mới"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("tái phạm")
        verbose_name_plural = _("tái phạm")
        ordering = ["-committed_on", "-id"]
        indexes = [models.Index(fields=["person", "committed_on"], name="reoffence_person_date")]

    def __str__(self) -> str:
        return f"{self.charge} ({self.committed_on:%d/%m/%Y})"

    def audit_label(self) -> str:
        """What the audit trail names it by: not the encrypted charge."""
        return f"Tái phạm ngày {self.committed_on:%d/%m/%Y}"


class ExpungementKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Phiếu lý lịch tư pháp: đã được xóa án tích")
    COURT_GRANTED = "court_granted", _("Quyết định của Tòa án: xóa án tích")
    COURT_REFUSED = "court_refused", _("Quyết định của Tòa án: bác đơn xin xóa án tích")


class ExpungementRecord(models.Model):
    """The authoritative answer: the criminal-record certificate, or the court's decision
    (granted or refused: a refusal sets when the person may apply again, Art. 71(3))."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="expungement_records")
    kind = models.CharField(_("loại"), max_length=16, choices=ExpungementKind.choices)
    number = models.CharField(_("số"), max_length=60)
    issued_by = models.CharField(_("cơ quan cấp, Tòa án"), max_length=200)
    issued_on = models.DateField(_("ngày cấp, ngày quyết định"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("xác nhận xóa án tích")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
