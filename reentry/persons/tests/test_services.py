import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.errors import ConflictError, ValidationFailed
from reentry.persons.models import Person, PersonStatus, ReleaseType, Residence
from reentry.persons.services import (
    IntakeData,
    OffenceData,
    intake_record,
    person_register,
    person_transfer,
    person_update,
    release_notice_record,
    sentence_add,
)
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


def errors_of(excinfo):
    return excinfo.value.errors


def test_register_opens_a_file_with_normalised_values_and_audit(officer):
    person = person_register(actor=officer, data=person_data(phone="+84 912 345 678"))
    assert person.commune.code == "15865"
    assert person.commune_path == "VN/38/15865/"
    assert person.birth_year == 1985
    assert person.phone == "0912345678"
    assert person.name_key == "nguyenvanhung"
    assert person.status == PersonStatus.AWAITING
    assert Residence.objects.get(person=person).ended_on is None
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(person.pk))
    assert event.unit_path == "VN/38/15865/"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"national_id": "03808500123"}, "national_id", "12 chữ số"),
        ({"national_id": "038185001234"}, "national_id", "giới tính nam"),
        ({"national_id": "038090001234"}, "national_id", "năm sinh 1990"),
        (
            {"date_of_birth": datetime.date(2031, 1, 1), "national_id": ""},
            "date_of_birth",
            "tương lai",
        ),
        ({"date_of_birth": None, "birth_year": None}, "birth_year", "năm sinh"),
        ({"commune_code": "99999"}, "commune", "Không có đơn vị hành chính"),
        ({"commune_code": "38"}, "commune", "mã 5 chữ số"),
        ({"commune_code": "15880"}, "commune", "ngoài phạm vi"),
        ({"phone": "12345"}, "phone", "không hợp lệ"),
        ({"full_name": "  "}, "full_name", "họ và tên"),
        ({"legacy_id_number": "12345"}, "legacy_id_number", "9 chữ số"),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_is_saved(officer, overrides, field, message):
    with pytest.raises(ValidationFailed) as excinfo:
        person_register(actor=officer, data=person_data(**overrides))
    assert any(message in m for m in errors_of(excinfo)[field]), errors_of(excinfo)
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_year_of_birth_alone_is_accepted(officer):
    person = person_register(actor=officer, data=person_data(date_of_birth=None, birth_year=1985))
    assert (person.date_of_birth, person.birth_year) == (None, 1985)


def test_an_identity_number_can_have_only_one_file_anywhere(officer, make_user):
    person_register(actor=officer, data=person_data())
    other = make_user(Role.COMMUNE_OFFICER, "11341")
    with pytest.raises(ValidationFailed) as excinfo:
        person_register(
            actor=other, data=person_data(commune_code="11341", full_name="Trần Văn Khác")
        )
    assert "đã có hồ sơ" in errors_of(excinfo)["national_id"][0]


def test_same_name_and_birth_date_needs_confirmation(officer):
    person_register(actor=officer, data=person_data())
    twin = person_data(full_name="nguyen van hung", national_id="038085009999")
    with pytest.raises(ValidationFailed, match="cùng họ tên và ngày sinh"):
        person_register(actor=officer, data=twin)
    person = person_register(actor=officer, data=twin, confirm_possible_duplicate=True)
    assert person.pk


def test_version_check_refuses_the_second_of_two_concurrent_edits(officer, make_user):
    person = person_register(actor=officer, data=person_data())
    colleague = make_user(Role.COMMUNE_OFFICER, "15865")
    first = Person.objects.get(pk=person.pk)
    second = Person.objects.get(pk=person.pk)
    person_update(
        actor=officer,
        person=first,
        expected_version=first.version,
        data=person_data(religion="Phật giáo"),
    )
    with pytest.raises(ConflictError, match="người khác cập nhật"):
        person_update(
            actor=colleague,
            person=second,
            expected_version=second.version,
            data=person_data(religion="Công giáo"),
        )
    assert Person.objects.get(pk=person.pk).religion == "Phật giáo"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(person.pk))
    assert event.changes["religion"] == ["", "Phật giáo"]


def test_transfer_moves_the_file_and_keeps_the_history(officer, make_user):
    person = person_register(
        actor=officer, data=person_data(), started_on=datetime.date(2023, 1, 1)
    )
    moved = person_transfer(
        actor=officer,
        person=person,
        to_commune_code="15880",
        moved_on=datetime.date(2025, 8, 1),
        reason="Chuyển về ở với gia đình",
        expected_version=person.version,
    )
    assert moved.commune.code == "15880"
    assert moved.commune_path == "VN/38/15880/"
    history = list(
        Residence.objects.filter(person=person).values_list(
            "commune__code", "started_on", "ended_on"
        )
    )
    assert history == [
        ("15865", datetime.date(2023, 1, 1), datetime.date(2025, 8, 1)),
        ("15880", datetime.date(2025, 8, 1), None),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.TRANSFER).count() == 1


@pytest.mark.parametrize(
    ("code", "field"), [("15865", "to_commune"), ("99999", "to_commune"), ("38", "to_commune")]
)
def test_transfer_to_the_same_or_a_wrong_unit_is_refused(officer, code, field):
    person = person_register(actor=officer, data=person_data())
    with pytest.raises(ValidationFailed) as excinfo:
        person_transfer(
            actor=officer,
            person=person,
            to_commune_code=code,
            moved_on=datetime.date(2025, 8, 1),
            reason="x",
            expected_version=person.version,
        )
    assert field in errors_of(excinfo)
    assert Person.objects.get(pk=person.pk).commune.code == "15865"


def test_sentence_with_offences_and_impossible_dates(officer):
    person = person_register(actor=officer, data=person_data())
    sentence = sentence_add(actor=officer, person=person, data=sentence_data())
    assert sentence.offences.get().chapter == 16
    with pytest.raises(ValidationFailed) as excinfo:
        sentence_add(
            actor=officer,
            person=person,
            data=sentence_data(release_date=datetime.date(2018, 1, 1), prison_months=-3),
        )
    assert {"release_date", "prison_months"} <= set(errors_of(excinfo))
    with pytest.raises(ValidationFailed) as excinfo:  # the expungement engine needs both
        sentence_add(
            actor=officer,
            person=person,
            data=sentence_data(
                offences=[OffenceData(173, "Trộm cắp", category="grave", culpability="careless")]
            ),
        )
    assert {"offences.0.category", "offences.0.culpability"} <= set(errors_of(excinfo))
    assert person.sentences.count() == 1


def test_notice_deadline_skips_tet_and_reporting_puts_the_person_under_management(officer):
    person = person_register(actor=officer, data=person_data())
    notice = release_notice_record(
        actor=officer,
        person=person,
        facility="Trại giam Thanh Phong",
        received_on=datetime.date(2026, 2, 13),
        intended_address="Thôn 3",
        expected_release_on=datetime.date(2026, 3, 2),
        release_type=ReleaseType.CONDITIONAL,
    )
    assert notice.residence_check_due == datetime.date(2026, 2, 25)
    assert notice.reporting_due == datetime.date(2026, 3, 7)
    intake_record(
        actor=officer,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(
            residence_checked_on=datetime.date(2026, 2, 24),
            reported_on=datetime.date(2026, 3, 4),
            commitment_signed_on=datetime.date(2026, 3, 4),
        ),
    )
    assert Person.objects.get(pk=person.pk).status == PersonStatus.MANAGED
    with pytest.raises(ConflictError):
        intake_record(actor=officer, notice=notice, expected_version=1, data=IntakeData())


def test_a_legacy_address_is_kept_and_mapped_to_its_2025_commune(officer):
    from reentry.geography.models import AdminUnit

    legacy = AdminUnit.objects.filter(
        kind="legacy_commune", successions__successor__code="15865", successions__is_default=True
    ).first()
    person = person_register(
        actor=officer,
        data=person_data(
            commune_code="",
            legacy_commune_code=legacy.code,
            legacy_address_text=f"{legacy.name}, Huyện Hoằng Hóa, Thanh Hóa",
        ),
    )
    assert person.commune.code == "15865"
    assert person.legacy_unit == legacy
    assert person.legacy_address_text.startswith(legacy.name)


def test_an_unknown_legacy_commune_is_a_field_error(officer):
    with pytest.raises(ValidationFailed) as excinfo:
        person_register(actor=officer, data=person_data(legacy_commune_code="00000"))
    assert "xã cũ" in errors_of(excinfo)["legacy_commune"][0]


def test_additional_penalties_and_obligations_are_kept(officer):
    from reentry.persons.services import AdditionalPenaltyData, ObligationData

    person = person_register(actor=officer, data=person_data())
    sentence = sentence_add(
        actor=officer,
        person=person,
        data=sentence_data(
            additional_penalties=[
                AdditionalPenaltyData(kind="probation", ends_on=datetime.date(2024, 6, 19))
            ],
            obligations=[
                ObligationData(
                    kind="court_fee", amount_vnd=200_000, fulfilled_on=datetime.date(2022, 9, 1)
                )
            ],
        ),
    )
    assert sentence.additional_penalties.get().ends_on == datetime.date(2024, 6, 19)
    assert sentence.obligations.get().amount_vnd == 200_000


def test_merge_folds_a_duplicate_in_scope_and_keeps_it_as_history(officer):
    from reentry.persons.services import person_merge

    keep = person_register(actor=officer, data=person_data(phone=""))
    twin = person_register(
        actor=officer,
        data=person_data(full_name="NGUYEN VAN HUNG", national_id="", phone="0987654321"),
        confirm_possible_duplicate=True,
    )
    sentence_add(actor=officer, person=twin, data=sentence_data())
    person_merge(actor=officer, keep=keep, duplicate=twin, expected_version=keep.version)
    keep.refresh_from_db()
    twin.refresh_from_db()
    assert keep.sentences.count() == 1
    assert keep.phone == "0987654321"
    assert twin.merged_into == keep
    assert (twin.status, twin.closure_reason) == ("closed", "merged")
    assert keep.residences.count() == 2  # the duplicate's history moved with it
    assert AuditEvent.objects.filter(action=AuditAction.MERGE, object_id=str(keep.pk)).exists()
    with pytest.raises(ValidationFailed, match="đã được gộp"):
        person_merge(actor=officer, keep=keep, duplicate=twin, expected_version=keep.version)


def test_merge_refuses_files_that_describe_different_people(officer):
    from reentry.persons.services import person_merge

    keep = person_register(
        actor=officer, data=person_data(national_id="", date_of_birth=None, birth_year=1985)
    )
    woman = person_register(
        actor=officer,
        data=person_data(
            gender="female", national_id="038190001111", date_of_birth=datetime.date(1990, 1, 1)
        ),
        confirm_possible_duplicate=True,
    )
    with pytest.raises(ValidationFailed) as excinfo:
        person_merge(actor=officer, keep=keep, duplicate=woman, expected_version=keep.version)
    assert len(errors_of(excinfo)["duplicate"]) == 2
    keep.refresh_from_db()
    assert (keep.gender, keep.date_of_birth, keep.national_id) == ("male", None, "")


def test_merge_refuses_files_outside_scope_or_with_different_ids(officer, make_user):
    from reentry.core.errors import DomainError
    from reentry.persons.services import person_merge

    keep = person_register(actor=officer, data=person_data())
    other = make_user(Role.COMMUNE_OFFICER, "15880")
    elsewhere = person_register(
        actor=other,
        data=person_data(commune_code="15880", national_id=""),
        confirm_possible_duplicate=True,
    )
    with pytest.raises(DomainError):
        person_merge(actor=officer, keep=keep, duplicate=elsewhere, expected_version=keep.version)
    different = person_register(
        actor=officer,
        data=person_data(national_id="038085009999"),
        confirm_possible_duplicate=True,
    )
    with pytest.raises(ValidationFailed, match="CCCD khác nhau"):
        person_merge(actor=officer, keep=keep, duplicate=different, expected_version=keep.version)


def test_closing_a_file_ends_the_residence_and_reopening_starts_one(officer):
    from reentry.persons.services import person_status_change

    person = person_register(
        actor=officer, data=person_data(), started_on=datetime.date(2024, 1, 1)
    )
    person_status_change(
        actor=officer,
        person=person,
        expected_version=person.version,
        status="closed",
        closure_reason="died",
        on=datetime.date(2025, 5, 1),
    )
    person.refresh_from_db()
    assert (person.status, person.closure_reason, person.closed_on) == (
        "closed",
        "died",
        datetime.date(2025, 5, 1),
    )
    assert Residence.objects.get(person=person).ended_on == datetime.date(2025, 5, 1)
    person_status_change(
        actor=officer,
        person=person,
        expected_version=person.version,
        status="managed",
        on=datetime.date(2025, 6, 1),
    )
    assert Residence.objects.filter(person=person, ended_on__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("status", "reason", "field"),
    [
        ("closed", "", "closure_reason"),
        ("awaiting", "", "status"),
        ("managed", "died", "closure_reason"),
        ("in_custody", "", None),
    ],
)
def test_status_change_rules(officer, status, reason, field):
    from reentry.persons.services import person_status_change

    person = person_register(actor=officer, data=person_data())
    call = dict(
        actor=officer,
        person=person,
        expected_version=person.version,
        status=status,
        closure_reason=reason,
        on=datetime.date(2026, 1, 1),
    )
    if field is None:
        call["on"] = timezone.localdate()
        person_status_change(**call)
        assert Person.objects.get(pk=person.pk).status == status
    else:
        with pytest.raises(ValidationFailed) as excinfo:
            person_status_change(**call)
        assert field in errors_of(excinfo)


def test_closing_as_transferred_out_is_refused_and_points_to_the_transfer(officer):
    """Closing someone who moved would leave them with no file where they live: the service
    (and so every page, the API and the importer) sends the officer to the transfer."""
    from reentry.persons.services import person_status_change

    person = person_register(actor=officer, data=person_data())
    with pytest.raises(ValidationFailed) as excinfo:
        person_status_change(
            actor=officer,
            person=person,
            expected_version=person.version,
            status="closed",
            closure_reason="transferred_out",
            on=timezone.localdate(),
        )
    assert "“Chuyển hồ sơ”" in errors_of(excinfo)["closure_reason"][0]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.status, stored.closure_reason, stored.closed_on) == (person.status, "", None)
    assert Residence.objects.get(person=person).ended_on is None
