"""Writes to the case file. Each service validates, writes and audits in one transaction.

Validation of a person lives in ``person_validate`` and is shared by registration and
editing; the web forms, the API and (later) the importer call these services, so a rule is
enforced in one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.policies import can_change_person_in
from reentry.accounts.models import User
from reentry.audit import events
from reentry.core.crypto import blind_index
from reentry.core.errors import ConflictError, DomainError, ValidationFailed
from reentry.core.locks import identity_keys, identity_lock
from reentry.core.text import fold_key
from reentry.core.validation import full_clean
from reentry.geography.models import AdminUnit, AdminUnitKind
from reentry.geography.selectors import UnitLookups, unit_by_code
from reentry.law.identity import IdentityError, check_cccd_matches, parse_cccd, parse_cmnd
from reentry.law.intake import conditional_release_report_deadline, residence_check_deadline
from reentry.law.penal_code import PenalCodeError, chapter_of
from reentry.law.phone import PhoneError, normalize_phone

from .models import (
    AdditionalPenalty,
    AdditionalPenaltyKind,
    ClosureReason,
    CrimeCategory,
    Culpability,
    JudgmentObligation,
    MainPenalty,
    ObligationKind,
    Offence,
    Person,
    PersonStatus,
    ReleaseNotice,
    ReleaseType,
    Residence,
    Sentence,
)
from .selectors import person_duplicates


@dataclass
class PersonData:
    """What a person's file holds, as entered (forms, API, import)."""

    full_name: str
    gender: str
    commune_code: str
    address_text: str
    date_of_birth: datetime.date | None = None
    birth_year: int | None = None
    other_names: str = ""
    national_id: str = ""
    legacy_id_number: str = ""
    ethnicity: str = "Kinh"
    religion: str = ""
    education: str = ""
    occupation_before: str = ""
    phone: str = ""
    family_contact: str = ""
    legacy_address_text: str = ""
    legacy_commune_code: str = ""


PERSON_FIELDS = [
    f.name for f in fields(PersonData) if f.name not in ("commune_code", "legacy_commune_code")
]


def _today() -> datetime.date:
    return timezone.localdate()


def person_validate(
    *,
    actor: User,
    data: PersonData,
    exclude_pk: int | None = None,
    units: UnitLookups | None = None,
    check_national_id: bool = True,
) -> dict[str, Any]:
    """Check ``data``; return the cleaned values or raise ``ValidationFailed`` with every
    field's messages. ``units`` answers the unit lookups (one per code for a batch of rows);
    ``check_national_id=False`` leaves the one check that needs the other files, whether the
    CCCD already has one, to a caller that asks it for many rows at once
    (``national_id_taken_error`` is its answer)."""
    units = units or UnitLookups(remember=False)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {name: getattr(data, name) for name in PERSON_FIELDS}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    cleaned["full_name"] = " ".join((data.full_name or "").split())
    if not cleaned["full_name"]:
        fail("full_name", _("Chưa nhập họ và tên."))
    if data.gender not in ("male", "female"):
        fail("gender", _("Chọn giới tính."))
    today = _today()
    if data.date_of_birth is not None:
        if data.date_of_birth > today:
            fail("date_of_birth", _("Ngày sinh không thể ở tương lai."))
        if data.birth_year is not None and data.birth_year != data.date_of_birth.year:
            fail("birth_year", _("Năm sinh không khớp ngày sinh."))
        cleaned["birth_year"] = data.date_of_birth.year
    elif data.birth_year is None:
        fail("birth_year", _("Nhập ngày sinh, hoặc năm sinh nếu chỉ biết năm."))
    year = cleaned.get("birth_year")
    if year is not None and not (1900 <= year <= today.year):
        fail("birth_year", _("Năm sinh phải từ 1900 đến năm nay."))

    if data.national_id.strip():
        try:
            cccd = parse_cccd(data.national_id)
        except IdentityError as exc:
            fail("national_id", exc.message)
        else:
            cleaned["national_id"] = cccd.number
            for problem in check_cccd_matches(cccd, gender=data.gender, birth_year=year):
                fail("national_id", problem)
    else:
        cleaned["national_id"] = ""
    if data.legacy_id_number.strip():
        try:
            cleaned["legacy_id_number"] = parse_cmnd(data.legacy_id_number)
        except IdentityError as exc:
            fail("legacy_id_number", exc.message)
    if data.phone.strip():
        try:
            cleaned["phone"] = normalize_phone(data.phone)
        except PhoneError as exc:
            fail("phone", exc.message)
    if not (data.address_text or "").strip():
        fail("address_text", _("Chưa nhập địa chỉ nơi cư trú."))

    commune_code = data.commune_code
    cleaned["legacy_unit"] = None
    if data.legacy_commune_code.strip():
        # an address of the old structure: keep it as given, and map it to the 2025 commune
        try:
            legacy = units.legacy_unit_by_code(data.legacy_commune_code)
        except DomainError as exc:
            fail("legacy_commune", exc.message)
        else:
            cleaned["legacy_unit"] = legacy
            successor = units.unit_successor(legacy)
            if not commune_code.strip() and successor is not None:
                commune_code = successor.code
            elif commune_code.strip() and not units.legacy_maps_to(legacy, commune_code.strip()):
                fail(
                    "legacy_commune",
                    _("Xã cũ này không thuộc %(code)s sau sáp nhập.") % {"code": commune_code},
                )
    try:
        commune = units.unit_by_code(commune_code)
    except DomainError as exc:
        fail("commune", exc.message)
    else:
        if commune.kind != AdminUnitKind.COMMUNE:
            fail("commune", _("Hồ sơ thuộc về một xã, phường hoặc đặc khu (mã 5 chữ số)."))
        elif not can_change_person_in(actor, commune.path):
            fail("commune", _("Xã này nằm ngoài phạm vi bạn được giao."))
        cleaned["commune"] = commune
    if errors:
        raise ValidationFailed(errors)
    # Only once everything else is right (a commune in the actor's scope): otherwise the
    # answer would tell anyone whether a number has a file somewhere.
    if check_national_id:
        # whoever checks the same CCCD, or name and year of birth, waits until this
        # transaction ends, and then sees its file (core.locks)
        identity_lock(
            identity_keys(
                national_id=cleaned["national_id"],
                name_key=fold_key(cleaned["full_name"]),
                birth_year=cleaned.get("birth_year"),
            )
        )
    if check_national_id and cleaned["national_id"]:
        taken = Person.objects.filter(
            national_id_hash=blind_index(cleaned["national_id"]),
            merged_into__isnull=True,
            sealed_at__isnull=True,
        )
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            raise national_id_taken_error()
    return cleaned


def national_id_taken_error() -> ValidationFailed:
    """The CCCD has an open file already (in any commune: the file is transferred, not
    duplicated)."""
    return ValidationFailed(
        {
            "national_id": [
                _(
                    "Số CCCD này đã có hồ sơ trong hệ thống. Tìm hồ sơ đó, hoặc đề nghị "
                    "nơi đang quản lý chuyển hồ sơ về xã của bạn."
                )
            ]
        }
    )


def possible_duplicate_error() -> ValidationFailed:
    """A file with the same name and birth date exists: the user must confirm a new one."""
    return ValidationFailed(
        {
            "full_name": [
                _(
                    "Đã có hồ sơ cùng họ tên và ngày sinh. Kiểm tra danh sách trùng, "
                    "rồi xác nhận đây là người khác nếu đúng vậy."
                )
            ]
        }
    )


@transaction.atomic
def person_register(
    *,
    actor: User,
    data: PersonData,
    started_on: datetime.date | None = None,
    confirm_possible_duplicate: bool = False,
    via: str = "",
) -> Person:
    """Open a file. A person with the same name and birth date already visible to the actor,
    or existing elsewhere, must be confirmed as a different person first."""
    cleaned = person_validate(actor=actor, data=data)
    if not confirm_possible_duplicate:
        found = person_duplicates(
            actor=actor,
            national_id="",
            full_name=cleaned["full_name"],
            date_of_birth=cleaned["date_of_birth"],
            birth_year=cleaned["birth_year"],
        )
        if found.visible or found.elsewhere:
            raise possible_duplicate_error()
    commune: AdminUnit = cleaned.pop("commune")
    person = Person(**cleaned, commune=commune, commune_path=commune.path)
    person.name_key = fold_key(person.full_name)
    full_clean(person)
    person.save()
    Residence.objects.create(
        person=person,
        commune=commune,
        commune_path=commune.path,
        started_on=started_on or _today(),
        reason=_("Lập hồ sơ"),
    )
    events.person_created(actor=actor, person=person, via=via)
    return person


def _bump_version(model: type[Any], pk: int, expected_version: int) -> None:
    """Claim the next version or refuse: the optimistic lock of every edit."""
    updated = model.objects.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise ConflictError(
            _(
                "Hồ sơ đã được người khác cập nhật sau khi bạn mở. Không có gì bị ghi đè: "
                "hãy tải lại trang để xem bản mới rồi sửa lại."
            )
        )


@transaction.atomic
def person_update(
    *, actor: User, person: Person, expected_version: int, data: PersonData
) -> Person:
    """Change a file; refused if someone saved it since ``expected_version`` was read."""
    if data.commune_code != person.commune.code:
        raise ValidationFailed({"commune": [_("Để đổi xã quản lý, dùng chức năng chuyển hồ sơ.")]})
    cleaned = person_validate(actor=actor, data=data, exclude_pk=person.pk)
    cleaned.pop("commune")
    changes = {
        name: [str(getattr(person, name)), str(value)]
        for name, value in cleaned.items()
        if getattr(person, name) != value
    }
    _bump_version(Person, person.pk, expected_version)
    for name, value in cleaned.items():
        setattr(person, name, value)
    person.name_key = fold_key(person.full_name)
    person.version = expected_version + 1
    full_clean(person)
    # only the fields of the form: status and commune belong to other services
    person.save(update_fields=[*cleaned, "name_key", "version", "updated_at"])
    if changes:
        events.person_changed(actor=actor, person=person, changes=changes)
    return person


@transaction.atomic
def person_transfer(
    *,
    actor: User,
    person: Person,
    to_commune_code: str,
    moved_on: datetime.date,
    reason: str,
    expected_version: int,
    new_address: str = "",
) -> Person:
    """Move the file to the commune where the person now lives. The old commune loses
    access; its reports for the time the person lived there still count them (Residence)."""
    errors: dict[str, list[str]] = {}
    try:
        target = unit_by_code(to_commune_code)
    except DomainError as exc:
        raise ValidationFailed({"to_commune": [exc.message]}) from exc
    if target.kind != AdminUnitKind.COMMUNE:
        errors["to_commune"] = [_("Chọn một xã, phường hoặc đặc khu (mã 5 chữ số).")]
    elif target.pk == person.commune_id:
        errors["to_commune"] = [_("Người này đã thuộc xã này; chọn xã nơi họ chuyển đến.")]
    if not reason.strip():
        errors["reason"] = [_("Ghi lý do chuyển.")]
    current = person.residences.filter(ended_on__isnull=True).first()
    if current is not None and moved_on < current.started_on:
        errors["moved_on"] = [_("Ngày chuyển không thể trước ngày bắt đầu cư trú hiện tại.")]
    if moved_on > _today():
        errors["moved_on"] = [_("Ngày chuyển không thể ở tương lai.")]
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được chuyển hồ sơ này."))
    if errors:
        raise ValidationFailed(errors)
    _bump_version(Person, person.pk, expected_version)
    from_code = person.commune.code
    if current is not None:
        current.ended_on = moved_on
        current.save(update_fields=["ended_on"])
    Residence.objects.create(
        person=person,
        commune=target,
        commune_path=target.path,
        started_on=moved_on,
        reason=reason.strip(),
    )
    moved: dict[str, Any] = {"commune": target, "commune_path": target.path}
    if new_address.strip():
        moved["address_text"] = new_address.strip()[:300]
    Person.objects.filter(pk=person.pk).update(**moved)
    person.refresh_from_db()
    events.person_transferred(
        actor=actor, person=person, from_code=from_code, to_code=target.code, reason=reason
    )
    return person


@dataclass
class OffenceData:
    article: int
    name: str
    category: str
    culpability: str = "intentional"
    clause: str = ""


@dataclass
class AdditionalPenaltyData:
    kind: str
    duration_months: int | None = None
    ends_on: datetime.date | None = None
    completed_on: datetime.date | None = None


@dataclass
class ObligationData:
    kind: str
    amount_vnd: int | None = None
    fulfilled_on: datetime.date | None = None


@dataclass
class SentenceData:
    judgment_number: str
    judgment_date: datetime.date
    court: str
    main_penalty: str
    offences: list[OffenceData]
    prison_months: int | None = None
    probation_months: int | None = None
    fine_vnd: int | None = None
    age_at_offence: int | None = None
    prison_facility: str = ""
    release_date: datetime.date | None = None
    release_type: str = ""
    conditional_probation_end: datetime.date | None = None
    release_certificate_no: str = ""
    additional_penalties: list[AdditionalPenaltyData] = field(default_factory=list)
    obligations: list[ObligationData] = field(default_factory=list)


NESTED = ("offences", "additional_penalties", "obligations")


def sentence_validate(*, person: Person, data: SentenceData) -> None:
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    today = _today()
    if not data.judgment_number.strip():
        fail("judgment_number", _("Chưa nhập số bản án."))
    if data.judgment_date > today:
        fail("judgment_date", _("Ngày tuyên án không thể ở tương lai."))
    if person.date_of_birth and data.judgment_date < person.date_of_birth:
        fail("judgment_date", _("Ngày tuyên án trước ngày sinh."))
    if data.main_penalty not in MainPenalty.values:
        fail("main_penalty", _("Chọn hình phạt chính."))
    custodial = data.main_penalty in (
        MainPenalty.PRISON,
        MainPenalty.LIFE,
        MainPenalty.DEATH_COMMUTED,
    )
    if data.main_penalty == MainPenalty.PRISON:
        if data.prison_months is None or data.prison_months <= 0:
            fail("prison_months", _("Nhập thời hạn tù (số tháng, lớn hơn 0)."))
        elif data.prison_months > 30 * 12:
            fail("prison_months", _("Tù có thời hạn tối đa 30 năm (360 tháng)."))
    if data.main_penalty == MainPenalty.SUSPENDED and not data.probation_months:
        fail("probation_months", _("Nhập thời gian thử thách của án treo (tháng)."))
    if data.release_date is not None:
        if data.release_date < data.judgment_date:
            fail("release_date", _("Ngày ra trại không thể trước ngày tuyên án."))
        if data.release_date > today + datetime.timedelta(days=366):
            fail("release_date", _("Ngày ra trại quá xa trong tương lai."))
        if not data.release_type:
            fail("release_type", _("Chọn hình thức ra trại."))
    if data.release_type and not custodial:
        fail("release_type", _("Chỉ bản án phạt tù mới có hình thức ra trại."))
    if data.release_type == ReleaseType.CONDITIONAL:
        if data.conditional_probation_end is None:
            fail("conditional_probation_end", _("Nhập ngày hết thời gian thử thách."))
        elif data.release_date and data.conditional_probation_end <= data.release_date:
            fail("conditional_probation_end", _("Ngày hết thử thách phải sau ngày ra trại."))
    if data.age_at_offence is not None and not (0 < data.age_at_offence < 120):
        fail("age_at_offence", _("Tuổi khi phạm tội không hợp lệ."))
    if not data.offences:
        fail("offences", _("Bản án phải có ít nhất một tội danh."))
    for index, penalty in enumerate(data.additional_penalties):
        if penalty.kind not in AdditionalPenaltyKind.values:
            fail(f"additional_penalties.{index}.kind", _("Chọn loại hình phạt bổ sung."))
        if penalty.ends_on and penalty.ends_on < data.judgment_date:
            fail(
                f"additional_penalties.{index}.ends_on",
                _("Hình phạt bổ sung không thể kết thúc trước ngày tuyên án."),
            )
    for index, obligation in enumerate(data.obligations):
        if obligation.kind not in ObligationKind.values:
            fail(f"obligations.{index}.kind", _("Chọn loại nghĩa vụ."))
        if obligation.fulfilled_on and obligation.fulfilled_on > today:
            fail(f"obligations.{index}.fulfilled_on", _("Ngày hoàn thành không thể ở tương lai."))
    for index, offence in enumerate(data.offences):
        try:
            chapter_of(offence.article)
        except PenalCodeError as exc:
            fail(f"offences.{index}.article", exc.message)
        if not offence.name.strip():
            fail(f"offences.{index}.name", _("Chưa nhập tên tội danh."))
        if offence.category not in CrimeCategory.values:
            fail(f"offences.{index}.category", _("Chọn loại tội phạm (Điều 9 Bộ luật Hình sự)."))
        if offence.culpability not in Culpability.values:
            fail(f"offences.{index}.culpability", _("Chọn lỗi cố ý hoặc vô ý."))
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def sentence_add(
    *,
    actor: User,
    person: Person,
    data: SentenceData,
) -> Sentence:
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    sentence_validate(person=person, data=data)
    values = {f.name: getattr(data, f.name) for f in fields(SentenceData) if f.name not in NESTED}
    sentence = Sentence(person=person, **values)
    full_clean(sentence)
    sentence.save()
    _nested_add(sentence, data)
    events.person_record_added(actor=actor, person=person, obj=sentence)
    _expungement_changed(person)
    return sentence


def _nested_add(sentence: Sentence, data: SentenceData) -> None:
    """The sentence's offences (with their chapter), additional penalties, obligations."""
    for offence in data.offences:
        Offence.objects.create(
            sentence=sentence,
            article=offence.article,
            clause=offence.clause,
            name=offence.name.strip(),
            chapter=chapter_of(offence.article),
            category=offence.category,
            culpability=offence.culpability,
        )
    for penalty in data.additional_penalties:
        row = AdditionalPenalty(sentence=sentence, **vars(penalty))
        full_clean(row)
        row.save()
    for obligation in data.obligations:
        row_obligation = JudgmentObligation(sentence=sentence, **vars(obligation))
        full_clean(row_obligation)
        row_obligation.save()


def _nested_rows(sentence: Sentence) -> tuple[list[Any], list[Any], list[Any]]:
    """What a sentence's offences, additional penalties and obligations say, to compare."""
    return (
        [
            (o.article, o.clause, o.name, o.category, o.culpability)
            for o in sentence.offences.order_by("id")
        ],
        [
            (p.kind, p.duration_months, p.ends_on, p.completed_on)
            for p in sentence.additional_penalties.order_by("id")
        ],
        [(b.kind, b.amount_vnd, b.fulfilled_on) for b in sentence.obligations.order_by("id")],
    )


def _reason_required(reason: str, message: str) -> str:
    if not reason.strip():
        raise ValidationFailed({"reason": [message]})
    return reason.strip()


@transaction.atomic
def sentence_correct(
    *, actor: User, sentence: Sentence, expected_version: int, data: SentenceData, reason: str
) -> Sentence:
    """Correct a sentence typed wrong (its number, dates, penalty, offences…): the same
    checks as a new one, refused if someone saved it since ``expected_version`` was read.
    ``data`` holds every offence, additional penalty and obligation the sentence is to have.
    The audit trail keeps which fields changed and why, not their values: they are
    criminal-record data, encrypted at rest (ADR 0006). The expungement date follows."""
    person = sentence.person
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    reason = _reason_required(reason, _("Ghi lý do sửa bản án (ví dụ: nhập nhầm ngày ra trại)."))
    sentence_validate(person=person, data=data)
    values = {f.name: getattr(data, f.name) for f in fields(SentenceData) if f.name not in NESTED}
    changed = [name for name, value in values.items() if getattr(sentence, name) != value]
    before = _nested_rows(sentence)
    _bump_version(Sentence, sentence.pk, expected_version)
    for name, value in values.items():
        setattr(sentence, name, value)
    sentence.version = expected_version + 1
    full_clean(sentence)
    sentence.save()
    sentence.offences.all().delete()
    sentence.additional_penalties.all().delete()
    sentence.obligations.all().delete()
    _nested_add(sentence, data)
    after = _nested_rows(sentence)
    changed += [name for name, old, new in zip(NESTED, before, after, strict=True) if old != new]
    events.person_record_changed(
        actor=actor, person=person, obj=sentence, changes={"fields": changed, "reason": reason}
    )
    _expungement_changed(person)
    return sentence


@transaction.atomic
def sentence_delete(*, actor: User, sentence: Sentence, expected_version: int, reason: str) -> None:
    """Remove a sentence recorded by mistake (another person's, or twice). A sentence that
    is the new conviction of a reoffence is refused: that record comes first. Audited with
    the reason; the expungement date follows."""
    from reentry.outcomes.models import Reoffence

    person = sentence.person
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    reason = _reason_required(reason, _("Ghi lý do xóa bản án (ví dụ: nhập trùng)."))
    if Reoffence.objects.filter(sentence=sentence).exists():
        raise DomainError(
            _(
                "Bản án này là bản án mới của một lần tái phạm trong hồ sơ: không xóa được. "
                "Nếu nhập nhầm, hãy sửa bản án."
            )
        )
    _bump_version(Sentence, sentence.pk, expected_version)
    events.person_record_removed(actor=actor, person=person, obj=sentence, reason=reason)
    sentence.delete()
    _expungement_changed(person)


def _move_outcomes(duplicate: Person, keep: Person) -> dict[str, int]:
    """Outcomes and support follow the sentences to the file that is kept, so that no act
    of help drops out of the reports (those apps build on persons: imported here)."""
    from reentry.outcomes.models import Classification, ExpungementRecord, Reoffence
    from reentry.support.models import (
        Employment,
        Loan,
        NeedsAssessment,
        SupportActivity,
        SupportPlan,
    )

    moved = {
        name: model.objects.filter(person=duplicate).update(person=keep)  # type: ignore[attr-defined]
        for name, model in (
            ("classifications", Classification),
            ("reoffences", Reoffence),
            ("expungement_records", ExpungementRecord),
            ("support_activities", SupportActivity),
            ("loans", Loan),
            ("employments", Employment),
            ("needs_assessments", NeedsAssessment),
            ("support_plans", SupportPlan),
        )
    }
    latest = Classification.objects.filter(person=keep).aggregate(day=Max("assessed_on"))["day"]
    Person.objects.filter(pk=keep.pk).update(classified_on=latest)
    return moved


def _expungement_changed(person: Person) -> None:
    """A sentence came onto the file: the expungement clock moves (outcomes builds on
    persons, so it is imported here, not at the top)."""
    from reentry.outcomes.expungement import expungement_refresh

    expungement_refresh(person)


EARLIEST_NOTICE = datetime.date(1990, 1, 1)


@transaction.atomic
def release_notice_record(
    *,
    actor: User,
    person: Person,
    facility: str,
    received_on: datetime.date,
    intended_address: str,
    expected_release_on: datetime.date | None = None,
    release_type: str = ReleaseType.COMPLETED,
) -> ReleaseNotice:
    """Record the prison's notice; the residence-check deadline (3 working days, TT 10/2024
    Art. 8) and, for a conditional release, the reporting deadline are computed here."""
    errors: dict[str, list[str]] = {}
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    if not facility.strip():
        errors["facility"] = [_("Chưa nhập trại giam gửi thông báo.")]
    if received_on > _today():
        errors["received_on"] = [_("Ngày nhận thông báo không thể ở tương lai.")]
    if not intended_address.strip():
        errors["intended_address"] = [_("Chưa nhập nơi về cư trú.")]
    if release_type not in ReleaseType.values:
        errors["release_type"] = [_("Chọn hình thức ra trại.")]
    if received_on < EARLIEST_NOTICE:
        errors["received_on"] = [_("Ngày nhận thông báo phải từ năm 1990 trở đi.")]
    if expected_release_on and not (
        received_on - datetime.timedelta(days=366)
        <= expected_release_on
        <= received_on + datetime.timedelta(days=3 * 366)
    ):
        errors["expected_release_on"] = [
            _("Ngày dự kiến ra trại phải trong khoảng một năm trước đến ba năm sau ngày nhận.")
        ]
    if release_type == ReleaseType.CONDITIONAL and not expected_release_on:
        errors["expected_release_on"] = [
            _("Tha tù trước thời hạn có điều kiện: nhập ngày ra trại để tính hạn trình diện.")
        ]
    if errors:
        raise ValidationFailed(errors)
    notice = ReleaseNotice(
        person=person,
        facility=facility.strip(),
        received_on=received_on,
        expected_release_on=expected_release_on,
        intended_address=intended_address.strip(),
        release_type=release_type,
        residence_check_due=residence_check_deadline(received_on),
        reporting_due=(
            conditional_release_report_deadline(expected_release_on)
            if release_type == ReleaseType.CONDITIONAL and expected_release_on
            else None
        ),
    )
    full_clean(notice)
    notice.save()
    events.person_record_added(actor=actor, person=person, obj=notice)
    return notice


@dataclass
class IntakeData:
    residence_checked_on: datetime.date | None = None
    residence_check_result: str = ""
    reported_on: datetime.date | None = None
    commitment_signed_on: datetime.date | None = None
    interview_on: datetime.date | None = None
    interview_notes: str = ""


@transaction.atomic
def intake_record(
    *, actor: User, notice: ReleaseNotice, expected_version: int, data: IntakeData
) -> ReleaseNotice:
    """Record the residence check, the reporting (trình diện), the signed commitment and the
    intake interview. Reporting puts the person under management."""
    person = notice.person
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    errors: dict[str, list[str]] = {}
    today = _today()
    for name in ("residence_checked_on", "reported_on", "commitment_signed_on", "interview_on"):
        value = getattr(data, name)
        if value is not None and value > today:
            errors[name] = [_("Ngày này không thể ở tương lai.")]
        elif value is not None and value < notice.received_on - datetime.timedelta(days=366):
            errors[name] = [_("Ngày này quá xa trước ngày nhận thông báo.")]
    if data.commitment_signed_on and not data.reported_on:
        errors["reported_on"] = [_("Ghi ngày trình diện trước khi ghi ngày ký cam kết.")]
    released = notice.expected_release_on
    for name in ("reported_on", "commitment_signed_on"):
        value = getattr(data, name)
        if value is not None and released is not None and value < released:
            errors.setdefault(name, []).append(
                _("Ngày này trước ngày ra trại (%(date)s).")
                % {"date": released.strftime("%d/%m/%Y")}
            )
    if errors:
        raise ValidationFailed(errors)
    _bump_version(ReleaseNotice, notice.pk, expected_version)
    changes = {}
    for f in fields(IntakeData):
        value = getattr(data, f.name)
        if getattr(notice, f.name) != value:
            changes[f.name] = [str(getattr(notice, f.name)), str(value)]
            setattr(notice, f.name, value)
    notice.version = expected_version + 1
    full_clean(notice)
    notice.save()
    if data.reported_on:
        # a file opened after the fact: the person has lived here since they reported
        Residence.objects.filter(
            person=person, ended_on__isnull=True, started_on__gt=data.reported_on
        ).exclude(person__residences__ended_on__isnull=False).update(started_on=data.reported_on)
    if data.reported_on and person.status == PersonStatus.AWAITING:
        Person.objects.filter(pk=person.pk).update(
            status=PersonStatus.MANAGED, version=F("version") + 1
        )
        changes["status"] = [PersonStatus.AWAITING, PersonStatus.MANAGED]
    if changes:
        events.person_record_changed(actor=actor, person=person, obj=notice, changes=changes)
    return notice


MERGE_FILL_FIELDS = (
    "other_names",
    "national_id",
    "legacy_id_number",
    "religion",
    "education",
    "occupation_before",
    "phone",
    "family_contact",
    "legacy_address_text",
)


@transaction.atomic
def person_merge(*, actor: User, keep: Person, duplicate: Person, expected_version: int) -> Person:
    """Fold ``duplicate`` into ``keep``: its sentences, notices and residence history move
    over, blank non-identity fields of ``keep`` are filled from it, and it stays in the
    database marked as merged (history is never deleted). Both files must be within the
    actor's scope and describe the same person (same gender, year and date of birth, CCCD)."""
    if keep.pk == duplicate.pk:
        raise ValidationFailed({"duplicate": [_("Chọn một hồ sơ khác để gộp.")]})
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if duplicate.merged_into_id is not None or keep.merged_into_id is not None:
        raise ValidationFailed({"duplicate": [_("Hồ sơ này đã được gộp trước đó.")]})
    for person in (keep, duplicate):
        if not can_change_person_in(actor, person.commune_path):
            raise DomainError(_("Bạn không được sửa hồ sơ này."))
    conflicts = []
    if keep.national_id and duplicate.national_id and keep.national_id != duplicate.national_id:
        conflicts.append(_("Hai hồ sơ có số CCCD khác nhau: không phải cùng một người."))
    if keep.gender != duplicate.gender:
        conflicts.append(_("Hai hồ sơ khác giới tính."))
    if keep.birth_year != duplicate.birth_year or (
        keep.date_of_birth
        and duplicate.date_of_birth
        and keep.date_of_birth != duplicate.date_of_birth
    ):
        conflicts.append(_("Hai hồ sơ khác ngày sinh hoặc năm sinh."))
    if conflicts:
        raise ValidationFailed({"duplicate": conflicts})
    _bump_version(Person, keep.pk, expected_version)
    today = _today()
    Residence.objects.filter(person=duplicate, ended_on__isnull=True).update(ended_on=today)
    Person.objects.filter(pk=duplicate.pk).update(
        merged_into=keep,
        status=PersonStatus.CLOSED,
        closure_reason=ClosureReason.MERGED,
        closed_on=today,
        version=F("version") + 1,
    )
    moved = {
        "sentences": Sentence.objects.filter(person=duplicate).update(person=keep),
        "notices": ReleaseNotice.objects.filter(person=duplicate).update(person=keep),
        "residences": Residence.objects.filter(person=duplicate).update(person=keep),
        **_move_outcomes(duplicate, keep),
    }
    filled = [
        name for name in MERGE_FILL_FIELDS if not getattr(keep, name) and getattr(duplicate, name)
    ]
    for name in filled:
        setattr(keep, name, getattr(duplicate, name))
    if not keep.date_of_birth and duplicate.date_of_birth:
        keep.date_of_birth = duplicate.date_of_birth
        filled.append("date_of_birth")
    keep.version = expected_version + 1
    keep.save(update_fields=[*filled, "version", "updated_at"])
    _expungement_changed(keep)
    events.person_merged(actor=actor, person=keep, duplicate=duplicate)
    events.person_changed(
        actor=actor, person=keep, changes={**dict.fromkeys(filled, "(filled)"), **moved}
    )
    events.person_changed(actor=actor, person=duplicate, changes={"merged_into": keep.pk})
    return keep


@transaction.atomic
def person_status_change(
    *,
    actor: User,
    person: Person,
    expected_version: int,
    status: str,
    on: datetime.date,
    closure_reason: str = "",
) -> Person:
    """Close a file (with its reason: died, moved abroad, expunged), mark the person in
    custody, or put them back under management. Closing ends the current residence on that
    date, so reports stop counting the person from then; reopening starts a new one. Someone
    who moved to another commune is not closed but transferred (``person_transfer``): the
    reason "transferred out" is refused. Management scope: TT 10/2024/TT-BCA Art. 7."""
    errors: dict[str, list[str]] = {}
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    allowed = (PersonStatus.MANAGED, PersonStatus.IN_CUSTODY, PersonStatus.CLOSED)
    if status not in allowed:
        errors["status"] = [_("Chọn tình trạng: đang quản lý, đang bị tạm giữ, hoặc kết thúc.")]
    elif status == person.status:
        errors["status"] = [_("Hồ sơ đang ở tình trạng này.")]
    if status == PersonStatus.CLOSED and (
        closure_reason not in ClosureReason.values or closure_reason == ClosureReason.MERGED
    ):
        errors["closure_reason"] = [_("Chọn lý do kết thúc quản lý.")]
    elif status == PersonStatus.CLOSED and closure_reason == ClosureReason.TRANSFERRED_OUT:
        # closing would leave the person with no file where they now live
        errors["closure_reason"] = [
            _(
                "Người chuyển đến sống ở xã, phường khác thì không kết thúc hồ sơ: xã mới sẽ "
                "không nhận được. Trên trang hồ sơ, bấm “Chuyển hồ sơ” và chọn xã nơi họ "
                "đến ở."
            )
        ]
    elif (
        status == PersonStatus.CLOSED
        and closure_reason == ClosureReason.EXPUNGED
        and not person.expungement_records.exclude(kind="court_refused").exists()
    ):
        errors["closure_reason"] = [
            _(
                "Xóa án tích: ghi phiếu lý lịch tư pháp hoặc quyết định của Tòa án ở mục "
                "“Xóa án tích” của hồ sơ; việc quản lý sẽ tự kết thúc."
            )
        ]
    if status != PersonStatus.CLOSED and closure_reason:
        errors["closure_reason"] = [_("Chỉ ghi lý do khi kết thúc quản lý.")]
    if on > _today():
        errors["on"] = [_("Ngày này không thể ở tương lai.")]
    current = person.residences.filter(ended_on__isnull=True).first()
    if status == PersonStatus.CLOSED and current is not None and on < current.started_on:
        errors["on"] = [_("Ngày kết thúc không thể trước ngày bắt đầu cư trú hiện tại.")]
    if errors:
        raise ValidationFailed(errors)
    _bump_version(Person, person.pk, expected_version)
    previous = person.status
    if status == PersonStatus.CLOSED:
        if current is not None:
            current.ended_on = on
            current.save(update_fields=["ended_on"])
        person.closure_reason, person.closed_on = closure_reason, on
        _end_help(actor, person, on)
        if closure_reason == ClosureReason.EXPUNGED:
            person.sealed_at = timezone.now()
    else:
        if previous == PersonStatus.CLOSED and current is None:
            Residence.objects.create(
                person=person,
                commune=person.commune,
                commune_path=person.commune_path,
                started_on=on,
                reason=_("Quản lý trở lại"),
            )
        person.closure_reason, person.closed_on = "", None
    person.status = status
    person.version = expected_version + 1
    saved = ["status", "closure_reason", "closed_on", "sealed_at", "version", "updated_at"]
    person.save(update_fields=saved)
    changes: dict[str, object] = {
        "status": [previous, status],
        "closure_reason": closure_reason,
        "on": str(on),
    }
    if person.sealed_at is not None:
        changes["sealed"] = True
    events.person_changed(actor=actor, person=person, changes=changes)
    return person


def _end_help(actor: User, person: Person, on: datetime.date) -> None:
    """A closed file has no one helping any more: its open assignments to initiatives end
    (initiatives build on persons: imported here, not at the top)."""
    from reentry.initiatives.models import Assignment

    for assignment in Assignment.objects.filter(person=person, ended_on__isnull=True):
        assignment.ended_on = max(on, assignment.started_on)
        assignment.save(update_fields=["ended_on"])
        events.person_record_changed(
            actor=actor,
            person=person,
            obj=assignment,
            changes={"ended_on": assignment.ended_on.isoformat(), "why": "file closed"},
        )


def person_seal(*, actor: User, person: Person) -> Person:
    """Seal a file whose record is expunged (BLHS Art. 69(1)): it leaves every list and
    search. Called by the service that records the certificate or the court's decision,
    which has checked the actor's rights; closing a file as expunged seals it too."""
    person.sealed_at = timezone.now()
    Person.objects.filter(pk=person.pk).update(
        sealed_at=person.sealed_at, version=F("version") + 1, updated_at=person.sealed_at
    )
    person.version += 1
    _end_help(actor, person, timezone.localdate())
    events.person_changed(actor=actor, person=person, changes={"sealed": True})
    return person


MAX_PHOTO_BYTES = 5 * 1024 * 1024


@transaction.atomic
def person_photo_set(*, actor: User, person: Person, photo: Any) -> Person:
    """Attach a photo (JPEG or PNG, at most 5 MB) to the file; the old one is replaced."""
    from PIL import Image, UnidentifiedImageError

    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationFailed({"photo": [_("Ảnh quá lớn: tối đa 5 MB.")]})
    try:
        with Image.open(photo) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationFailed({"photo": [_("Tệp không phải ảnh JPEG hoặc PNG.")]}) from None
    if kind not in ("JPEG", "PNG"):
        raise ValidationFailed({"photo": [_("Tệp không phải ảnh JPEG hoặc PNG.")]})
    photo.seek(0)
    old = person.photo.name if person.photo else ""
    extension = "jpg" if kind == "JPEG" else "png"
    person.photo.save(f"{person.pk}.{extension}", photo, save=False)
    Person.objects.filter(pk=person.pk).update(photo=person.photo.name, version=F("version") + 1)
    if old and old != person.photo.name:
        storage = person.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    events.person_changed(actor=actor, person=person, changes={"photo": [old, person.photo.name]})
    return person
