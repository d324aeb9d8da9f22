"""Oversight and recognition: the province's inspections of a commune's reintegration work,
with each recommendation followed up to done, and the commendations (khen thưởng) given to
initiatives, their members, partner businesses and other collectives and individuals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit
from reentry.initiatives.models import Initiative, InitiativeMember, Partner


class Inspection(BaseModel):
    """One inspection (kiểm tra) of one commune's work, by a team of the province."""

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("xã")
    )
    commune_path = models.CharField(max_length=64, editable=False)
    inspected_on = models.DateField(_("ngày kiểm tra"))
    team = models.CharField(_("đoàn kiểm tra"), max_length=300)
    findings = models.TextField(_("kết quả kiểm tra"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["commune_path", "inspected_on"], name="inspection_scope")]

    def __str__(self) -> str:
        return f"{self.team} ({self.inspected_on:%d/%m/%Y})"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã thực hiện xong")


# the states a follow-up step may move a recommendation to
FOLLOW_UP_STATUSES = [
    (RecommendationStatus.IN_PROGRESS.value, RecommendationStatus.IN_PROGRESS.label),
    (RecommendationStatus.DONE.value, RecommendationStatus.DONE.label),
]


class Recommendation(BaseModel):
    """A recommendation (kiến nghị) of an inspection: who must do what by when."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    commune_path = models.CharField(max_length=64, editable=False)
    text = models.CharField(_("nội dung kiến nghị"), max_length=500)
    responsible = models.CharField(_("đơn vị thực hiện"), max_length=200)
    due_on = models.DateField(_("thời hạn"))
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    done_on = models.DateField(_("ngày thực hiện xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["commune_path", "status", "due_on"], name="recommendation_due")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", done_on__isnull=False)
                | (~models.Q(status="done") & models.Q(done_on__isnull=True)),
                name="recommendation_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class FollowUp(models.Model):
    """One step of following a recommendation up: what was done, when, by whom. Kept as
    history; the recommendation carries the latest status."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    occurred_on = models.DateField(_("ngày"))
    status = models.CharField(_("tình trạng"), max_length=12, choices=RecommendationStatus.choices)
    note = models.CharField(_("kết quả thực hiện"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("theo dõi thực hiện kiến nghị")
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return self.note


class CommendationForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "bang_khen", _("Bằng khen")
    CERTIFICATE = "giay_khen", _("Giấy khen")
    LETTER = "thu_khen", _("Thư khen")
    OTHER = "other", _("Khác")


class RecipientKind(models.TextChoices):
    INITIATIVE = "initiative", pgettext_lazy("recipient", "Mô hình")
    MEMBER = "member", _("Thành viên mô hình")
    PARTNER = "partner", _("Doanh nghiệp, cơ sở đối tác")
    COLLECTIVE = "collective", _("Tập thể khác")
    INDIVIDUAL = "individual", _("Cá nhân khác")


COLLECTIVE_KINDS = frozenset(
    {RecipientKind.INITIATIVE, RecipientKind.PARTNER, RecipientKind.COLLECTIVE}
)


class Commendation(BaseModel):
    """A commendation (khen thưởng) to a collective (tập thể) or an individual (cá nhân)."""

    awarded_on = models.DateField(_("ngày khen thưởng"))
    form = models.CharField(_("hình thức"), max_length=12, choices=CommendationForm.choices)
    awarded_by = models.CharField(_("cấp khen"), max_length=200)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    recipient_kind = models.CharField(
        _("đối tượng được khen"), max_length=12, choices=RecipientKind.choices
    )
    is_collective = models.BooleanField(_("tập thể"), editable=False)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, null=True, blank=True, related_name="commendations"
    )
    member = models.ForeignKey(
        InitiativeMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="commendations"
    )
    recipient_name = models.CharField(_("tên tập thể, cá nhân"), max_length=200)
    reason = models.CharField(_("thành tích"), max_length=500)
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    unit_path = models.CharField(max_length=64, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["unit_path", "awarded_on"], name="commendation_scope")]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.recipient_name}"
