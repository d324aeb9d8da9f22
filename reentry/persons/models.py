"""The case file: a person, their sentences, the prison's notice and intake, and where they
have lived (which commune managed the file, and when).

A file belongs to the commune where the person lives (``Person.commune``); the materialized
``commune_path`` is copied onto the person so that every scoped list is one indexed prefix
match without a join. ``Residence`` keeps the history: a transfer closes one residence and
opens the next, so reports for a period still count the person where they lived then.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reentry.core.fields import (
    BlindIndexedQuerySet,
    BlindIndexField,
    EncryptedCharField,
    EncryptedIntegerField,
)
from reentry.core.models import BaseModel
from reentry.geography.models import AdminUnit

from .reference import ETHNICITY_CHOICES, Education


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class PersonStatus(models.TextChoices):
    AWAITING = "awaiting", _("Chờ về địa phương")
    MANAGED = "managed", _("Đang quản lý")
    IN_CUSTODY = "in_custody", _("Đang bị tạm giữ, tạm giam hoặc chấp hành án")
    CLOSED = "closed", _("Đã kết thúc quản lý")


class ClosureReason(models.TextChoices):
    EXPUNGED = "expunged", _("Đã được xóa án tích")
    DIED = "died", _("Đã chết")
    MOVED_ABROAD = "moved_abroad", _("Xuất cảnh, định cư nước ngoài")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển đi nơi khác")
    MERGED = "merged", _("Gộp vào hồ sơ khác")


class Person(BaseModel):
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_key = models.CharField(_("tên bỏ dấu"), max_length=150, editable=False)
    other_names = models.CharField(_("tên gọi khác"), max_length=200, blank=True)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    # encrypted at rest; looked up and kept unique by their blind index (ADR 0006)
    national_id = EncryptedCharField(
        _("số CCCD"), max_length=12, blank=True, hash_field="national_id_hash"
    )
    national_id_hash = BlindIndexField(source="national_id")
    legacy_id_number = EncryptedCharField(
        _("số CMND cũ"), max_length=9, blank=True, hash_field="legacy_id_number_hash"
    )
    legacy_id_number_hash = BlindIndexField(source="legacy_id_number")
    ethnicity = models.CharField(
        _("dân tộc"), max_length=40, choices=ETHNICITY_CHOICES, default="Kinh"
    )
    religion = models.CharField(_("tôn giáo"), max_length=80, blank=True)
    education = models.CharField(
        _("trình độ học vấn"), max_length=20, choices=Education.choices, blank=True
    )
    occupation_before = models.CharField(
        _("nghề nghiệp trước khi chấp hành án"), max_length=150, blank=True
    )
    phone = models.CharField(_("số điện thoại"), max_length=11, blank=True)
    family_contact = models.CharField(_("người thân liên hệ"), max_length=250, blank=True)
    address_text = models.CharField(_("địa chỉ nơi cư trú"), max_length=300)
    legacy_address_text = models.CharField(
        _("địa chỉ cũ (trước 01/07/2025)"), max_length=300, blank=True
    )
    legacy_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã cũ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "legacy_commune"},
    )
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường, đặc khu quản lý"),
        on_delete=models.PROTECT,
        related_name="persons",
        limit_choices_to={"kind": "commune"},
    )
    commune_path = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=PersonStatus.choices, default=PersonStatus.AWAITING
    )
    closure_reason = models.CharField(
        _("lý do kết thúc"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closed_on = models.DateField(_("ngày kết thúc quản lý"), null=True, blank=True)
    photo = models.ImageField(_("ảnh"), upload_to="persons/photos/%Y/", blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # The expungement clock as ``law.expungement`` last computed it (outcomes refreshes it
    # whenever an input changes: a sentence, a reoffence, a certificate). A cache for the
    # worklist; the file page always asks the engine afresh.
    expungement_status = models.CharField(max_length=24, blank=True, editable=False)
    expungement_due_on = models.DateField(null=True, blank=True, editable=False)
    # The day of the latest classification (outcomes keeps it current when one is recorded
    # or a duplicate file is merged in): the worklist's reviews read it instead of looking up
    # the latest classification of every file of a province (1 s at a million files).
    classified_on = models.DateField(null=True, blank=True, editable=False)
    # Expunged (BLHS Art. 69(1): treated as never convicted): the file leaves every list,
    # search and export; only a province officer opens it, stating a reason.
    sealed_at = models.DateTimeField(_("niêm phong lúc"), null=True, blank=True, editable=False)

    objects = BlindIndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("người chấp hành xong án phạt tù")
        verbose_name_plural = _("người chấp hành xong án phạt tù")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id_hash"],
                # a sealed file is as if it never was (Art. 69): a new conviction opens a
                # new file, with no link to the old one
                condition=~Q(national_id_hash="")
                & Q(merged_into__isnull=True)
                & Q(sealed_at__isnull=True),
                name="person_national_id_unique",
            ),
        ]
        indexes = [
            # a commune's list: commune_path = '…' ORDER BY id; a province's: LIKE 'VN/38/%'
            models.Index(
                fields=["commune_path", "id"],
                name="person_scope_id",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(fields=["name_key", "id"], name="person_name_id"),
            models.Index(fields=["name_key", "date_of_birth"], name="person_name_birth"),
            models.Index(fields=["national_id_hash"], name="person_national_id_hash"),
            models.Index(
                fields=["legacy_id_number_hash"],
                name="person_legacy_id_hash",
                condition=~Q(legacy_id_number_hash=""),
            ),
            models.Index(
                fields=["expungement_due_on"],
                name="person_expungement_due",
                condition=Q(expungement_due_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Residence(models.Model):
    """Which commune managed the file, from when to when (``ended_on`` null: now)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    commune_path = models.CharField(max_length=64)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nơi cư trú")
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="residence_one_open"
            ),
        ]
        indexes = [
            # reports: the residences under a unit (LIKE 'VN/38/%' needs the pattern opclass
            # outside the C locale), and a person's residences in order (``place_at``)
            models.Index(
                fields=["commune_path", "started_on"],
                name="residence_scope",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["person", "started_on", "id"], name="residence_person_start"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.started_on} - {self.ended_on or ''}"


class MainPenalty(models.TextChoices):
    """Bộ luật Hình sự 2015, Art. 32 (main penalties), and the suspended sentence of Art. 65."""

    WARNING = "warning", _("Cảnh cáo")
    FINE = "fine", _("Phạt tiền")
    NON_CUSTODIAL = "non_custodial", _("Cải tạo không giam giữ")
    SUSPENDED = "suspended", _("Tù cho hưởng án treo")
    PRISON = "prison", _("Tù có thời hạn")
    LIFE = "life", _("Tù chung thân")
    DEATH_COMMUTED = "death_commuted", _("Tử hình được ân giảm")


class ReleaseType(models.TextChoices):
    COMPLETED = "completed", _("Chấp hành xong án phạt tù")
    PARDONED = "pardoned", _("Được đặc xá")
    CONDITIONAL = "conditional", _("Tha tù trước thời hạn có điều kiện")


class Sentence(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sentences")
    # the judgment's number and court, like the offences, are encrypted at rest (ADR 0006)
    judgment_number = EncryptedCharField(_("số bản án"), max_length=60)
    judgment_date = models.DateField(_("ngày tuyên án"))
    court = EncryptedCharField(_("tòa án"), max_length=200)
    main_penalty = models.CharField(
        _("hình phạt chính"), max_length=20, choices=MainPenalty.choices
    )
    prison_months = models.PositiveIntegerField(_("thời hạn tù (tháng)"), null=True, blank=True)
    probation_months = models.PositiveIntegerField(
        _("thời gian thử thách án treo (tháng)"), null=True, blank=True
    )
    fine_vnd = models.PositiveBigIntegerField(_("số tiền phạt (đồng)"), null=True, blank=True)
    age_at_offence = models.PositiveSmallIntegerField(_("tuổi khi phạm tội"), null=True, blank=True)
    prison_facility = models.CharField(_("trại giam"), max_length=200, blank=True)
    release_date = models.DateField(_("ngày ra trại"), null=True, blank=True)
    release_type = models.CharField(
        _("hình thức ra trại"), max_length=16, choices=ReleaseType.choices, blank=True
    )
    conditional_probation_end = models.DateField(
        _("hết thời gian thử thách (tha tù trước thời hạn có điều kiện)"), null=True, blank=True
    )
    release_certificate_no = models.CharField(
        _("số giấy chứng nhận chấp hành xong án phạt tù"), max_length=60, blank=True
    )

    class Meta:
        verbose_name = _("bản án")
        verbose_name_plural = _("bản án")
        ordering = ["judgment_date", "id"]
        indexes = [
            models.Index(fields=["release_date"], name="sentence_release_date"),
            # the worklist's probations ending soon: only conditional releases
            models.Index(
                fields=["conditional_probation_end"],
                name="sentence_probation_end",
                condition=Q(release_type="conditional"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judgment_number} ({self.judgment_date:%d/%m/%Y})"

    def audit_label(self) -> str:
        """What the audit trail names it by: not the encrypted number."""
        return f"Bản án ngày {self.judgment_date:%d/%m/%Y}"


class Culpability(models.TextChoices):
    INTENTIONAL = "intentional", _("Cố ý")
    NEGLIGENT = "negligent", _("Vô ý")


class CrimeCategory(models.TextChoices):
    LESS_SERIOUS = "less_serious", _("Ít nghiêm trọng")
    SERIOUS = "serious", _("Nghiêm trọng")
    VERY_SERIOUS = "very_serious", _("Rất nghiêm trọng")
    EXTREMELY_SERIOUS = "extremely_serious", _("Đặc biệt nghiêm trọng")


class Offence(models.Model):
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="offences")
    # encrypted at rest (ADR 0006); the chapter and category stay clear: reports count by
    # them and the law's periods follow the category
    article = EncryptedIntegerField(_("điều luật"))
    clause = EncryptedCharField(_("khoản, điểm"), max_length=40, blank=True)
    name = EncryptedCharField(_("tội danh"), max_length=200)
    chapter = models.PositiveSmallIntegerField(_("chương"), editable=False)
    category = models.CharField(_("loại tội phạm"), max_length=20, choices=CrimeCategory.choices)
    culpability = models.CharField(
        pgettext_lazy("culpability", "lỗi"),
        max_length=12,
        choices=Culpability.choices,
        default=Culpability.INTENTIONAL,
    )

    class Meta:
        verbose_name = _("tội danh")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Điều {self.article} {self.name}"


class AdditionalPenaltyKind(models.TextChoices):
    PROBATION = "probation", _("Quản chế")
    RESIDENCE_BAN = "residence_ban", _("Cấm cư trú")
    OFFICE_BAN = "office_ban", _("Cấm đảm nhiệm chức vụ, hành nghề, làm công việc nhất định")
    CIVIC_RIGHTS = "civic_rights", _("Tước một số quyền công dân")
    FINE = "fine", _("Phạt tiền (bổ sung)")
    CONFISCATION = "confiscation", _("Tịch thu tài sản")
    OTHER = "other", _("Khác")


class AdditionalPenalty(models.Model):
    sentence = models.ForeignKey(
        Sentence, on_delete=models.CASCADE, related_name="additional_penalties"
    )
    kind = models.CharField(
        _("hình phạt bổ sung"), max_length=20, choices=AdditionalPenaltyKind.choices
    )
    duration_months = models.PositiveIntegerField(_("thời hạn (tháng)"), null=True, blank=True)
    ends_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    completed_on = models.DateField(_("ngày chấp hành xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("hình phạt bổ sung")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class ObligationKind(models.TextChoices):
    FINE = "fine", _("Tiền phạt")
    COURT_FEE = "court_fee", _("Án phí")
    COMPENSATION = "compensation", _("Bồi thường thiệt hại")
    OTHER = "other", _("Nghĩa vụ dân sự khác")


class JudgmentObligation(models.Model):
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("nghĩa vụ"), max_length=20, choices=ObligationKind.choices)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    fulfilled_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("nghĩa vụ theo bản án")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class ReleaseNotice(BaseModel):
    """The prison's notice to the locality, and the intake that follows it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    facility = models.CharField(_("trại giam gửi thông báo"), max_length=200)
    received_on = models.DateField(_("ngày nhận thông báo"))
    expected_release_on = models.DateField(_("ngày dự kiến ra trại"), null=True, blank=True)
    intended_address = models.CharField(_("nơi về cư trú"), max_length=300)
    release_type = models.CharField(
        _("hình thức ra trại"),
        max_length=16,
        choices=ReleaseType.choices,
        default=ReleaseType.COMPLETED,
    )
    residence_check_due = models.DateField(_("hạn xác minh nơi cư trú"), editable=False)
    residence_checked_on = models.DateField(_("ngày xác minh nơi cư trú"), null=True, blank=True)
    residence_check_result = models.CharField(_("kết quả xác minh"), max_length=300, blank=True)
    reporting_due = models.DateField(_("hạn trình diện"), null=True, blank=True, editable=False)
    reported_on = models.DateField(_("ngày trình diện"), null=True, blank=True)
    commitment_signed_on = models.DateField(_("ngày ký cam kết"), null=True, blank=True)
    interview_on = models.DateField(_("ngày gặp gỡ, tìm hiểu hoàn cảnh"), null=True, blank=True)
    interview_notes = models.TextField(_("ghi chép buổi gặp"), blank=True)

    class Meta:
        verbose_name = _("thông báo của trại giam")
        verbose_name_plural = _("thông báo của trại giam")
        ordering = ["received_on", "id"]
        indexes = [
            # the worklist's residence checks: only the notices not yet checked, in due order
            # (scanning every checked notice of the country took 0.7 s at a million files)
            models.Index(
                fields=["residence_check_due"],
                name="notice_check_due",
                condition=Q(residence_checked_on__isnull=True),
            ),
            # the worklist's reporting: only the notices of people not yet reported
            models.Index(
                fields=["expected_release_on"],
                name="notice_reporting_due",
                condition=Q(reported_on__isnull=True),
            ),
        ]
