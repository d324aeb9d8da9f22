"""The seven roles of DESIGN §7 and the kind of unit each may be scoped to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.geography.models import AdminUnitKind


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ Công an xã")
    COMMUNE_COMMITTEE = "commune_committee", _("Cán bộ UBND xã")
    INITIATIVE_MEMBER = "initiative_member", _("Thành viên mô hình")
    LABOUR_OFFICER = "labour_officer", _("Cán bộ lao động - xã hội")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ cấp tỉnh, Ban Chỉ đạo 138")
    NATIONAL_ANALYST = "national_analyst", _("Chuyên viên phân tích cấp quốc gia")
    SYSADMIN = "sysadmin", _("Quản trị hệ thống")


# A role may only be given a scope unit of these kinds.
ROLE_SCOPE_KINDS: dict[str, tuple[str, ...]] = {
    Role.COMMUNE_OFFICER: (AdminUnitKind.COMMUNE,),
    Role.COMMUNE_COMMITTEE: (AdminUnitKind.COMMUNE,),
    Role.INITIATIVE_MEMBER: (AdminUnitKind.COMMUNE, AdminUnitKind.PROVINCE),
    Role.LABOUR_OFFICER: (AdminUnitKind.COMMUNE, AdminUnitKind.PROVINCE),
    Role.PROVINCE_OFFICER: (AdminUnitKind.PROVINCE,),
    Role.NATIONAL_ANALYST: (AdminUnitKind.NATION,),
    Role.SYSADMIN: (AdminUnitKind.NATION, AdminUnitKind.PROVINCE),
}
