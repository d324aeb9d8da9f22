"""Local support models (mô hình): Tổ 3/1, 5+1, businesses, clubs; their members; and the
people assigned to them over time. Never called "Model" in code (DESIGN §2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit
from reentry.persons.models import Person


class Template(models.TextChoices):
    TO_3_1 = "to_3_1", _("Tổ 3/1")
    FIVE_PLUS_ONE = "five_plus_one", _("5+1")
    BUSINESS = "business", _("Doanh nghiệp với công tác tái hòa nhập cộng đồng")
    CLUB = "club", _("Câu lạc bộ")
    OTHER = "other", _("Khác")


class Level(models.TextChoices):
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm dừng")
    DISSOLVED = "dissolved", _("Giải thể")


class Initiative(BaseModel):
    name = models.CharField(_("tên mô hình"), max_length=200)
    template = models.CharField(_("loại mô hình"), max_length=16, choices=Template.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    province_path = models.CharField(max_length=64, editable=False)
    communes = models.ManyToManyField(
        AdminUnit, related_name="initiatives", verbose_name=_("xã, phường"), blank=True
    )
    launched_on = models.DateField(_("ngày ra mắt"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.ACTIVE,
    )

    class Meta:
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["province_path", "status"], name="initiative_scope")]

    def __str__(self) -> str:
        return self.name

    def covered_persons(self) -> Q:
        """The files of the communes it covers: any commune of its province for a
        province-level initiative, else its own communes (a filter on ``Person``)."""
        if self.level == Level.PROVINCE:
            return Q(commune_path__startswith=self.province_path)
        return Q(commune__in=self.communes.all())


class Organisation(models.TextChoices):
    POLICE = "police", _("Công an")
    FRONT = "front", _("Mặt trận Tổ quốc")
    WOMENS_UNION = "womens_union", _("Hội Phụ nữ")
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    FARMERS_UNION = "farmers_union", _("Hội Nông dân")
    ELDERS = "elders", _("Người có uy tín, cao tuổi")
    BUSINESS = "business", _("Doanh nghiệp")
    FAMILY = "family", _("Gia đình")
    OTHER = "other", _("Khác")


class InitiativeMember(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    organisation = models.CharField(_("tổ chức"), max_length=16, choices=Organisation.choices)
    phone = models.CharField(_("điện thoại"), max_length=11, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("tài khoản"),
    )
    joined_on = models.DateField(_("ngày tham gia"))
    left_on = models.DateField(_("ngày rời"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên mô hình")
        verbose_name_plural = _("thành viên mô hình")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "user"],
                condition=Q(user__isnull=False, left_on__isnull=True),
                name="member_account_once",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Assignment(models.Model):
    """A person helped by an initiative, from when to when (``ended_on`` null: now)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("người được giúp đỡ")
        ordering = ["-started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"],
                condition=Q(ended_on__isnull=True),
                name="assignment_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.initiative_id}"


class PartnerKind(models.TextChoices):
    BUSINESS = "business", _("Doanh nghiệp, cơ sở sản xuất")
    TRAINING_CENTRE = "training_centre", _("Cơ sở đào tạo nghề")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    OTHER = "other", _("Khác")


class Partner(BaseModel):
    """A business or training centre that offers jobs or training to people coming back."""

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=PartnerKind.choices)
    province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    province_path = models.CharField(max_length=64, editable=False)
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="partners", null=True, blank=True
    )
    offers_jobs = models.BooleanField(_("nhận lao động"), default=False)
    offers_training = models.BooleanField(_("đào tạo nghề"), default=False)
    contact = models.CharField(_("liên hệ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("doanh nghiệp, cơ sở đối tác")
        verbose_name_plural = _("doanh nghiệp, cơ sở đối tác")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["province_path", "name"], name="partner_scope")]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="partner_name_once"),
        ]

    def __str__(self) -> str:
        return self.name
