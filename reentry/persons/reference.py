"""Reference lists of the case file: the 54 ethnic groups of Vietnam (Quyết định
121-TCTK/PPCĐ of the statistics office), levels of education.

An ethnic group is stored by its name. A name spelt otherwise before is listed in
``FORMER_ETHNICITY_SPELLINGS``: the migration that changed it rewrote the stored files, and
what still arrives with the old spelling (an API client) is read as the new one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

ETHNIC_GROUPS = (
    "Kinh",
    "Tày",
    "Thái",
    "Hoa",
    "Khơ-me",
    "Mường",
    "Nùng",
    "Mông",
    "Dao",
    "Gia-rai",
    "Ngái",
    "Ê-đê",
    "Ba-na",
    "Xơ Đăng",
    "Sán Chay",
    "Cơ-ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Ra-glai",
    "Xtiêng",
    "Bru-Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ-tu",
    "Gié-Triêng",
    "Mạ",
    "Khơ-mú",
    "Co",
    "Tà-ôi",
    "Chơ-ro",
    "Kháng",
    "Xinh-mun",
    "Hà Nhì",
    "Chu-ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cờ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ Đu",
    "Rơ-măm",
)
ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS]
# a spelling once stored → the list's (persons migration 0009)
FORMER_ETHNICITY_SPELLINGS = {"Co Lao": "Cờ Lao"}


class Education(models.TextChoices):
    NONE = "none", _("Chưa đi học")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp, cao đẳng")
    UNIVERSITY = "university", _("Đại học trở lên")
