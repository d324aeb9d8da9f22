"""What is done for each person: every act of help (DESIGN §4), loans and job spells.

Each record belongs to a person's file and is scoped through it (the person's commune).
Money is an integer number of đồng (``*_vnd``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.core.models import BaseModel
from reentry.persons.models import Person


class SupportKind(models.TextChoices):
    """Nghị định 49/2020/NĐ-CP and Thông tư 10/2024/TT-BCA (DESIGN §4)."""

    COUNSELLING = "counselling", _("Tư vấn tâm lý")
    CAREER_GUIDANCE = "career_guidance", _("Tư vấn, định hướng nghề nghiệp")
    TRAINING_REFERRAL = "training_referral", _("Giới thiệu học nghề")
    JOB_REFERRAL = "job_referral", _("Giới thiệu việc làm")
    JOB_PLACEMENT = "job_placement", _("Nhận vào làm việc")
    LOAN = "loan", _("Hỗ trợ vay vốn")
    IDENTITY_CARD = "identity_card", _("Làm căn cước")
    HEALTH_INSURANCE = "health_insurance", _("Bảo hiểm y tế")
    RESIDENCE_REGISTRATION = "residence_registration", _("Đăng ký cư trú")
    LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
    SOCIAL_ASSISTANCE = "social_assistance", _("Trợ giúp xã hội (tiền, hiện vật)")
    ENCOURAGEMENT_VISIT = "encouragement_visit", _("Gặp gỡ, động viên")
    REVIEW_SESSION = "review_session", _("Kiểm điểm, giáo dục")
    PERIODIC_MEETING = "periodic_meeting", _("Họp định kỳ")
    OTHER = "other", _("Khác")


# kinds where money moves: the amount is asked for and reported
MONEY_KINDS = frozenset({SupportKind.LOAN, SupportKind.SOCIAL_ASSISTANCE})


class ProviderKind(models.TextChoices):
    MEMBER = "member", _("Thành viên mô hình")
    AGENCY = "agency", _("Cơ quan, đoàn thể")
    PARTNER = "partner", _("Doanh nghiệp, cơ sở đối tác")


class SupportActivity(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("loại hỗ trợ"), max_length=32, choices=SupportKind.choices)
    occurred_on = models.DateField(_("ngày"))
    provider_kind = models.CharField(
        _("bên hỗ trợ"), max_length=16, choices=ProviderKind.choices, default=ProviderKind.AGENCY
    )
    provider_name = models.CharField(_("tên người, cơ quan hỗ trợ"), max_length=200)
    outcome = models.CharField(_("kết quả"), max_length=500, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    next_follow_up_on = models.DateField(_("hẹn theo dõi tiếp"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("hoạt động hỗ trợ")
        verbose_name_plural = _("hoạt động hỗ trợ")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["person", "occurred_on"], name="activity_person_date"),
            models.Index(fields=["kind", "occurred_on"], name="activity_kind_date"),
            models.Index(fields=["next_follow_up_on"], name="activity_follow_up"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


class Lender(models.TextChoices):
    VBSP = "vbsp", _("Ngân hàng Chính sách xã hội")
    WOMENS_UNION = "womens_union", _("Quỹ Hội Liên hiệp Phụ nữ")
    OTHER = "other", _("Khác")


class LoanStatus(models.TextChoices):
    APPLIED = "applied", _("Đã đề nghị")
    APPROVED = "approved", _("Đã phê duyệt")
    CURRENT = "current", _("Đang trả nợ đúng hạn")
    OVERDUE = "overdue", _("Quá hạn")
    REPAID = "repaid", _("Đã trả hết")
    REJECTED = "rejected", _("Không được duyệt")


class Loan(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="loans")
    lender = models.CharField(_("nơi cho vay"), max_length=16, choices=Lender.choices)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền vay (đồng)"))
    term_months = models.PositiveSmallIntegerField(_("thời hạn (tháng)"))
    purpose = models.CharField(_("mục đích"), max_length=300)
    applied_on = models.DateField(_("ngày đề nghị"))
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    disbursed_on = models.DateField(_("ngày giải ngân"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=LoanStatus.choices, default=LoanStatus.APPLIED
    )

    class Meta:
        verbose_name = _("khoản vay")
        verbose_name_plural = _("khoản vay")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["status", "disbursed_on"], name="loan_status_date")]

    def __str__(self) -> str:
        return f"{self.get_lender_display()} {self.amount_vnd:,} đ"


class EmploymentKind(models.TextChoices):
    EMPLOYEE = "employee", _("Làm công, hưởng lương")
    SELF_EMPLOYED = "self_employed", _("Tự làm, tự kinh doanh")
    SEASONAL = "seasonal", _("Thời vụ")


class Employment(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    employer = models.CharField(_("nơi làm việc"), max_length=200)
    partner = models.ForeignKey(
        "initiatives.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employments",
        verbose_name=_("doanh nghiệp đối tác"),
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=EmploymentKind.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    monthly_income_vnd = models.PositiveBigIntegerField(
        _("thu nhập hằng tháng (đồng)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("việc làm")
        verbose_name_plural = _("việc làm")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["person", "ended_on"], name="employment_person_end")]

    def __str__(self) -> str:
        return self.employer


class NeedKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Việc làm")
    VOCATIONAL_TRAINING = "vocational_training", _("Học nghề")
    CAPITAL = "capital", _("Vốn")
    PSYCHOLOGICAL = "psychological", _("Hỗ trợ tâm lý")
    LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
    PAPERS = "papers", _("Giấy tờ tùy thân, cư trú")
    HEALTH_INSURANCE = "health_insurance", _("Bảo hiểm y tế")
    HOUSING = "housing", _("Nhà ở")
    SOCIAL_ASSISTANCE = "social_assistance", _("Trợ giúp xã hội")
    FAMILY = "family", _("Gia đình")


class NeedState(models.TextChoices):
    OPEN = "open", _("Có nhu cầu, chưa đáp ứng")
    BEING_MET = "being_met", _("Đang được hỗ trợ")
    MET = "met", _("Đã đáp ứng")
    NOT_NEEDED = "not_needed", _("Không có nhu cầu")


class AssessmentOccasion(models.TextChoices):
    INTAKE = "intake", _("Khi tiếp nhận")
    REVIEW = "review", _("Đánh giá lại")


class NeedsAssessment(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("ngày đánh giá"))
    occasion = models.CharField(
        _("dịp"),
        max_length=8,
        choices=AssessmentOccasion.choices,
        default=AssessmentOccasion.INTAKE,
    )
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("đánh giá nhu cầu")
        verbose_name_plural = _("đánh giá nhu cầu")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} {self.assessed_on:%d/%m/%Y}"


class NeedItem(models.Model):
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="items")
    need = models.CharField(_("nhu cầu"), max_length=24, choices=NeedKind.choices)
    state = models.CharField(_("tình trạng"), max_length=12, choices=NeedState.choices)
    notes = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nhu cầu")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "need"], name="needitem_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_need_display()}: {self.get_state_display()}"


class SupportPlan(BaseModel):
    """The support plan of a person. Changing the plan records a new version: the latest is
    the plan in force, earlier ones are its history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    review_on = models.DateField(_("ngày rà soát kế hoạch"))
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("kế hoạch hỗ trợ")
        verbose_name_plural = _("kế hoạch hỗ trợ")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "id"], name="plan_person_id")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.review_on:%d/%m/%Y}"


class PlanGoal(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    need = models.CharField(_("nhu cầu"), max_length=24, choices=NeedKind.choices)
    goal = models.CharField(_("mục tiêu"), max_length=300)
    responsible = models.CharField(_("người, cơ quan phụ trách"), max_length=200)
    target_on = models.DateField(_("thời hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("mục tiêu")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.goal
