"""Administrative units: the 2025 two-level tree and the legacy three-level tree beside it.

Every unit carries a materialized ``path`` of codes (``VN/38/15865/``) so that "everything
under this unit" is one indexed prefix match; every scoped query and report relies on it.
Legacy units (63 provinces, their districts and communes, valid until 30/06/2025) live in a
separate tree (``legacy/38/399/15865/``) and point to the 2025 commune(s) that succeeded them
through ``UnitSuccession``; history is never overwritten.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

NATION_CODE = "VN"
REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END_DATE = datetime.date(2025, 6, 30)


class AdminUnitKind(models.TextChoices):
    NATION = "nation", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh, thành phố")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    LEGACY_PROVINCE = "legacy_province", _("Tỉnh, thành phố (trước 01/07/2025)")
    LEGACY_DISTRICT = "legacy_district", _("Quận, huyện, thị xã (trước 01/07/2025)")
    LEGACY_COMMUNE = "legacy_commune", _("Xã, phường, thị trấn (trước 01/07/2025)")


CURRENT_KINDS = (AdminUnitKind.NATION, AdminUnitKind.PROVINCE, AdminUnitKind.COMMUNE)
LEGACY_KINDS = (
    AdminUnitKind.LEGACY_PROVINCE,
    AdminUnitKind.LEGACY_DISTRICT,
    AdminUnitKind.LEGACY_COMMUNE,
)


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def current(self) -> AdminUnitQuerySet:
        return self.filter(kind__in=CURRENT_KINDS)

    def legacy(self) -> AdminUnitQuerySet:
        return self.filter(kind__in=LEGACY_KINDS)

    def under(self, unit: AdminUnit) -> AdminUnitQuerySet:
        """The unit and every unit below it (one indexed prefix match on ``path``)."""
        return self.filter(path__startswith=unit.path)


class AdminUnit(models.Model):
    code = models.CharField(_("mã"), max_length=12)
    name = models.CharField(_("tên"), max_length=200)
    search_key = models.CharField(
        _("khóa tìm kiếm"), max_length=200, editable=False, help_text=_("Tên bỏ dấu, viết liền.")
    )
    division = models.CharField(
        _("loại đơn vị"), max_length=40, help_text=_("Tỉnh, Thành phố, Xã, Phường, Đặc khu…")
    )
    kind = models.CharField(_("cấp"), max_length=20, choices=AdminUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        db_index=False,  # covered by the (parent, name) index
    )
    # unique → on PostgreSQL Django also creates the varchar_pattern_ops ("_like") index
    # that LIKE 'VN/38/%' needs under a non-C collation.
    path = models.CharField(_("đường dẫn mã"), max_length=64, unique=True)
    depth = models.PositiveSmallIntegerField(_("độ sâu"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="adminunit_kind_code_unique"),
        ]
        indexes = [
            models.Index(fields=["code"], name="adminunit_code"),
            models.Index(fields=["parent", "name"], name="adminunit_parent_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_legacy(self) -> bool:
        return self.kind in LEGACY_KINDS

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of the units above this one, from the top, excluding itself."""
        parts = self.path.strip("/").split("/")
        return ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]


class UnitSuccession(models.Model):
    """A legacy unit was merged (wholly or in part) into a 2025 unit.

    A legacy commune split between several 2025 communes has one row per successor; the
    ``is_default`` row is the one an address without street detail maps to.
    """

    legacy = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="successions", verbose_name=_("đơn vị cũ")
    )
    successor = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="predecessions",
        verbose_name=_("đơn vị mới"),
    )
    is_default = models.BooleanField(_("mặc định"), default=True)

    class Meta:
        verbose_name = _("sáp nhập đơn vị")
        verbose_name_plural = _("sáp nhập đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["legacy", "successor"], name="unitsuccession_pair_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legacy_id} → {self.successor_id}"
