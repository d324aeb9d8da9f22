"""The register: one row is one person with one sentence and its release, written through
``person_register`` and ``sentence_add``."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reentry.access.scoping import persons_visible_to
from reentry.core.crypto import blind_index
from reentry.core.errors import DomainError
from reentry.core.text import fold_key
from reentry.geography.selectors import UnitLookups
from reentry.persons.bulk import Registration, persons_register_many
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
from ..addresses import CHOSEN_COMMUNE, Residence, residence_of
from .base import CREATED, DUPLICATE, UPDATED, BatchResult, Column, Kind, person_locks

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit


def _register_key(row: dict[str, Any]) -> tuple[Any, ...]:
    who = row["national_id"] or (fold_key(row["full_name"]), row["date_of_birth"])
    return (who, row["release_date"])


def _files_of(actor: User, unit: AdminUnit) -> QuerySet[Person]:
    return persons_visible_to(
        actor,
        Person.objects.filter(merged_into__isnull=True, commune_path__startswith=unit.path),
    )


def _find_person(actor: User, row: dict[str, Any], unit: AdminUnit) -> Person | None:
    """The file this row is about, among those the actor may open in the unit uploaded for:
    by identity number, or by name and date of birth when the sheet has no number."""
    files = _files_of(actor, unit)
    if row["national_id"]:
        return files.filter(national_id_hash=blind_index(row["national_id"])).first()
    if row["date_of_birth"] is None:
        return None
    return files.filter(
        name_key=fold_key(row["full_name"]), date_of_birth=row["date_of_birth"]
    ).first()


# the cells that decide a row's commune (``residence_of``)
ADDRESS_FIELDS = ("commune_code", CHOSEN_COMMUNE, "legacy_commune_code", "legacy_address_text")


def _finder_key(row: dict[str, Any]) -> tuple[Any, ...] | None:
    """What ``_find_person`` looks a row's file up by; None when it looks nothing up."""
    if row["national_id"]:
        return ("id", row["national_id"])
    if row["date_of_birth"] is None:
        return None
    return ("name", fold_key(row["full_name"]), row["date_of_birth"])


def _files_named(
    actor: User, unit: AdminUnit, rows: list[dict[str, Any]]
) -> dict[tuple[Any, ...] | None, Person | None]:
    """``_find_person`` for every row at once: finder key → the one file it finds, or None
    when several files match (the row is then applied on its own, as it would be)."""
    files = _files_of(actor, unit)
    numbers = {row["national_id"] for row in rows if row["national_id"]}
    found: dict[tuple[Any, ...] | None, Person | None] = {
        ("id", person.national_id): person
        for person in files.filter(national_id_hash__in=[blind_index(n) for n in numbers])
    }
    named = [key for key in map(_finder_key, rows) if key is not None and key[0] == "name"]
    if named:
        for person in files.filter(
            name_key__in={key[1] for key in named}, date_of_birth__in={key[2] for key in named}
        ):
            key = ("name", person.name_key, person.date_of_birth)
            found[key] = None if key in found else person
    return found


def _collision_keys(row: dict[str, Any]) -> set[tuple[Any, ...]]:
    """What makes two new rows depend on each other: the same CCCD, or the same name and
    year of birth (the duplicate check of ``person_register``)."""
    keys: set[tuple[Any, ...]] = set()
    if row["national_id"]:
        keys.add(("id", row["national_id"]))
    born = row["date_of_birth"]
    year = born.year if born is not None else row["birth_year"]
    if year is not None:
        keys.add(("year", fold_key(row["full_name"]), year))
    return keys


def _sentence_of(row: dict[str, Any]) -> SentenceData:
    return SentenceData(
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


def _person_of(row: dict[str, Any], residence: Residence) -> PersonData:
    return PersonData(
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
    )


def _apply_register(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """A person with one sentence and its release. Natural key: identity number (or name and
    birth date) and release date. A known person with a new release gets the sentence."""
    person = _find_person(actor, row, unit)
    if (
        person is not None
        and Sentence.objects.filter(person=person, release_date=row["release_date"]).exists()
    ):
        return DUPLICATE
    outcome = UPDATED
    if person is None:
        person = person_register(
            actor=actor,
            data=_person_of(row, residence_of(row, unit, actor)),
            started_on=row["release_date"] if row["release_date"] else None,
            via="import",
        )
        outcome = CREATED
    sentence_add(actor=actor, person=person, data=_sentence_of(row))
    return outcome


def _apply_register_many(
    actor: User, unit: AdminUnit, rows: list[dict[str, Any]]
) -> list[BatchResult]:
    """``_apply_register`` for many rows, in a fixed number of queries: the files the rows
    name are looked up together, rows already in are "đã có", and the new people go to
    ``persons_register_many``. A row is left to ``_apply_register`` (None) when another
    row of the batch could change what it does (the same CCCD, or the same name and year of
    birth, as an earlier row) or when it adds a sentence to a file that is there."""
    results: list[BatchResult] = [None] * len(rows)
    found = _files_named(actor, unit, rows)
    released = set(
        Sentence.objects.filter(
            person__in={p.pk for p in found.values() if p is not None},
            release_date__in={row["release_date"] for row in rows},
        ).values_list("person_id", "release_date")
    )
    units = UnitLookups()
    residences: dict[tuple[str, ...], Residence | DomainError] = {}
    pending: set[tuple[Any, ...]] = set()  # who the rows before will have opened a file for
    new: list[tuple[int, Residence]] = []
    for index, row in enumerate(rows):
        finder = _finder_key(row)
        if finder in found:
            person = found[finder]
            if person is not None and (person.pk, row["release_date"]) in released:
                results[index] = DUPLICATE
            # otherwise a new sentence on the file, or two files match: on its own
            continue
        keys = _collision_keys(row)
        if keys & pending:
            pending |= keys
            continue
        pending |= keys
        where = tuple(str(row.get(name) or "") for name in ADDRESS_FIELDS)
        if where not in residences:
            try:
                residences[where] = residence_of(row, unit, actor, units=units)
            except DomainError as exc:
                residences[where] = exc
        residence = residences[where]
        if isinstance(residence, DomainError):
            results[index] = residence
            continue
        new.append((index, residence))
    opened = persons_register_many(
        actor=actor,
        items=[
            Registration(
                person=_person_of(rows[index], residence),
                sentence=_sentence_of(rows[index]),
                started_on=rows[index]["release_date"] or None,
            )
            for index, residence in new
        ],
        units=units,
        via="import",
    )
    for (index, _residence), result in zip(new, opened, strict=True):
        results[index] = result if isinstance(result, DomainError) else CREATED
    return results


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
    apply_many=_apply_register_many,
    locks=person_locks,
    fields={
        "commune": "commune_code",
        "legacy_commune": "legacy_commune_code",
        "offences.0.article": "article",
        "offences.0.name": "offence",
        "offences.0.category": "category",
        "offences": "offence",
    },
)
