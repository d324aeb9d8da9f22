"""The register: one row is one person with one sentence and its release, written through
``person_register`` and ``sentence_add``."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from reentry.access.scoping import persons_visible_to
from reentry.core.text import fold_key
from reentry.persons.models import (
    CrimeCategory,
    MainPenalty,
    Person,
    ReleaseType,
    Sentence,
)
from reentry.persons.services import (
    OffenceData,
    PersonData,
    SentenceData,
    person_register,
    sentence_add,
)

from .. import cells
from ..addresses import residence_of
from .base import CREATED, DUPLICATE, UPDATED, Column, Kind

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit


def _register_key(row: dict[str, Any]) -> tuple[Any, ...]:
    who = row["national_id"] or (fold_key(row["full_name"]), row["date_of_birth"])
    return (who, row["release_date"])


def _find_person(actor: User, row: dict[str, Any], unit: AdminUnit) -> Person | None:
    """The file this row is about, among those the actor may open in the unit uploaded for:
    by identity number, or by name and date of birth when the sheet has no number."""
    files = persons_visible_to(
        actor,
        Person.objects.filter(merged_into__isnull=True, commune_path__startswith=unit.path),
    )
    if row["national_id"]:
        return files.filter(national_id=row["national_id"]).first()
    if row["date_of_birth"] is None:
        return None
    return files.filter(
        name_key=fold_key(row["full_name"]), date_of_birth=row["date_of_birth"]
    ).first()


def _apply_register(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """A person with one sentence and its release. Natural key: identity number (or name and
    birth date) and release date. A known person with a new release gets the sentence."""
    person = _find_person(actor, row, unit)
    if (
        person is not None
        and Sentence.objects.filter(person=person, release_date=row["release_date"]).exists()
    ):
        return DUPLICATE
    sentence = SentenceData(
        judgment_number=row["judgment_number"],
        judgment_date=row["judgment_date"],
        court=row["court"],
        main_penalty=row["main_penalty"],
        prison_months=row["prison_months"],
        offences=[
            OffenceData(article=row["article"], name=row["offence"], category=row["category"])
        ],
        prison_facility=row["prison_facility"],
        release_date=row["release_date"],
        release_type=row["release_type"],
        conditional_probation_end=row["conditional_probation_end"],
    )
    outcome = UPDATED
    if person is None:
        residence = residence_of(row, unit, actor)
        person = person_register(
            actor=actor,
            data=PersonData(
                full_name=row["full_name"],
                gender=row["gender"],
                commune_code=residence.commune_code,
                address_text=row["address_text"],
                date_of_birth=row["date_of_birth"],
                birth_year=row["birth_year"],
                national_id=row["national_id"],
                legacy_id_number=row["legacy_id_number"],
                legacy_address_text=row["legacy_address_text"],
                legacy_commune_code=residence.legacy_commune_code,
            ),
            started_on=row["release_date"] if row["release_date"] else None,
            via="import",
        )
        outcome = CREATED
    sentence_add(actor=actor, person=person, data=sentence)
    return outcome


REGISTER = Kind(
    code="register",
    label=_("Sổ theo dõi người chấp hành xong án phạt tù (hồ sơ, bản án, ra trại)"),
    columns=(
        Column("full_name", _("Họ và tên"), cells.name, True, "Nguyễn Văn An"),
        Column("gender", _("Giới tính"), cells.gender, True, "Nam", _("Nam hoặc Nữ")),
        Column(
            "date_of_birth", _("Ngày sinh"), cells.date, False, "15/03/1990", _("ngày/tháng/năm")
        ),
        Column("birth_year", _("Năm sinh"), cells.whole, False, "", _("khi chỉ biết năm")),
        Column("national_id", _("Số CCCD"), cells.identity, False, "038090001234", _("12 chữ số")),
        Column(
            "legacy_id_number",
            _("Số CMND cũ"),
            partial(cells.identity, digits=9),
            False,
            "",
            _("9 chữ số, nếu có"),
        ),
        Column("address_text", _("Địa chỉ nơi cư trú"), cells.text, True, "Thôn 3"),
        Column(
            "commune_code",
            _("Mã xã"),
            cells.text,
            False,
            "15865",
            _("mã xã, phường sau 01/07/2025; để trống nếu tải lên cho một xã"),
        ),
        Column(
            "legacy_address_text",
            _("Địa chỉ cũ (trước 01/07/2025)"),
            cells.text,
            False,
            "xã Hoằng Đồng, huyện Hoằng Hóa, Thanh Hóa",
        ),
        Column(
            "legacy_commune_code",
            _("Mã xã cũ"),
            cells.text,
            False,
            "",
            _("mã xã trước 01/07/2025, nếu biết"),
        ),
        Column("judgment_number", _("Số bản án"), cells.text, True, "25/2019/HS-ST"),
        Column("judgment_date", _("Ngày tuyên án"), cells.date, True, "12/06/2019"),
        Column("court", _("Tòa án"), cells.text, True, "TAND huyện Hoằng Hóa"),
        Column(
            "main_penalty",
            _("Hình phạt chính"),
            partial(cells.choice, choices=MainPenalty.choices),
            True,
            "Tù có thời hạn",
        ),
        Column("prison_months", _("Thời hạn tù (tháng)"), cells.whole, False, "36"),
        Column("article", _("Điều (BLHS)"), cells.whole, True, "173"),
        Column("offence", _("Tội danh"), cells.text, True, "Trộm cắp tài sản"),
        Column(
            "category",
            _("Loại tội phạm"),
            partial(cells.choice, choices=CrimeCategory.choices),
            True,
            "Nghiêm trọng",
        ),
        Column("prison_facility", _("Trại giam"), cells.text, False, "Trại giam Thanh Phong"),
        Column("release_date", _("Ngày ra trại"), cells.date, True, "12/06/2022"),
        Column(
            "release_type",
            _("Hình thức ra trại"),
            partial(cells.choice, choices=ReleaseType.choices),
            True,
            "Chấp hành xong án phạt tù",
        ),
        Column(
            "conditional_probation_end",
            _("Ngày hết thử thách"),
            cells.date,
            False,
            "",
            _("chỉ khi tha tù trước thời hạn có điều kiện"),
        ),
    ),
    key=_register_key,
    apply=_apply_register,
    fields={
        "commune": "commune_code",
        "legacy_commune": "legacy_commune_code",
        "offences.0.article": "article",
        "offences.0.name": "offence",
        "offences.0.category": "category",
        "offences": "offence",
    },
)
