"""Two officers on one file at the same moment, with real concurrent connections
(PostgreSQL): nothing either of them saved is lost without being told, no file is left half
written, a file has one current residence, and one CCCD has one file.

Each test asserts what an officer would notice: a field value gone, two files for one
person, two current residences, an error page instead of a message.
"""

import datetime

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.audit.verify import verify_chain
from reentry.core.crypto import blind_index
from reentry.core.errors import ConflictError, DomainError, ValidationFailed
from reentry.core.tests.concurrency import collide, on_postgresql, widen
from reentry.persons import bulk, services
from reentry.persons.bulk import Registration, persons_register_many
from reentry.persons.models import Person, Residence, Sentence
from reentry.persons.services import (
    person_register,
    person_status_change,
    person_transfer,
    person_update,
    sentence_add,
)
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.support.models import SupportActivity
from reentry.support.services import ActivityData, support_activity_record

pytestmark = [on_postgresql, pytest.mark.usefixtures("concurrent_db")]

CCCD = "038085001234"  # person_data()'s


@pytest.fixture
def officers(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865"), make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officers):
    return person_register(actor=officers[0], data=person_data())


def fresh(person):
    """The file as a page opened now reads it (each thread opens its own)."""
    return Person.objects.select_related("commune").get(pk=person.pk)


def edit(actor, person, version, **changes):
    def side():
        return person_update(
            actor=actor,
            person=fresh(person),
            expected_version=version,
            data=person_data(**changes),
        )

    return side


def transfer(actor, person, version, to="15880"):
    def side():
        return person_transfer(
            actor=actor,
            person=fresh(person),
            to_commune_code=to,
            moved_on=timezone.localdate(),
            reason="Chuyển về ở với gia đình",
            expected_version=version,
            new_address="Thôn 1",
        )

    return side


def winners_and_refused(ran):
    """Each side saved, or was refused with a message (the conflict, or, for a side that
    opened the file after the other had moved it, the rule that now applies): no 500."""
    for side in ran:
        assert side.ok or isinstance(side.error, DomainError), side.error
    return [side for side in ran if side.ok], [side for side in ran if not side.ok]


def current_residences(person):
    return list(Residence.objects.filter(person=person, ended_on__isnull=True))


def assert_trail_unbroken():
    assert verify_chain().ok


def test_two_edits_of_one_file_lose_nothing_silently(officers, person):
    """Two officers opened the file at the same version; one changes the religion, the other
    the phone. Either the file holds both, or the one who lost was told and nothing of his
    was written: the winner's value is never overwritten by the loser's stale copy."""
    version = fresh(person).version
    ran = collide(
        edit(officers[0], person, version, religion="Phật giáo"),
        edit(officers[1], person, version, phone="0987654321"),
    )
    won, refused = winners_and_refused(ran)
    saved = fresh(person)
    wanted = {"religion": "Phật giáo", "phone": "0987654321"}
    kept = {name for name, value in wanted.items() if getattr(saved, name) == value}
    assert len(won) == len(kept)  # every save that reported success is in the file
    assert all(isinstance(side.error, ConflictError) for side in refused)
    assert saved.version == version + len(won)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(person.pk)
    ).count() == len(won)
    assert_trail_unbroken()


def test_two_support_records_added_at_once_both_stay(officers, person):
    def record(actor, kind):
        def side():
            return support_activity_record(
                actor=actor,
                person=fresh(person),
                data=ActivityData(
                    kind=kind, occurred_on=timezone.localdate(), provider_name="Công an xã"
                ),
            )

        return side

    ran = collide(record(officers[0], "job_referral"), record(officers[1], "counselling"))
    assert all(side.ok for side in ran), [side.error for side in ran]
    kinds = SupportActivity.objects.filter(person=person).values_list("kind", flat=True)
    assert sorted(kinds) == ["counselling", "job_referral"]
    assert_trail_unbroken()


def test_two_sentences_added_at_once_both_count_in_the_expungement_clock(officers, person):
    """Each sentence refreshes the file's cached expungement clock; the clock left at the end
    must be the one both sentences give, not the one of whichever committed last alone."""

    def add(actor, **changes):
        def side():
            return sentence_add(actor=actor, person=fresh(person), data=sentence_data(**changes))

        return side

    later = {
        "judgment_number": "7/2024/HS-ST",
        "judgment_date": datetime.date(2024, 1, 10),
        "release_date": datetime.date(2025, 1, 9),
        "prison_months": 12,
    }
    ran = collide(add(officers[0]), add(officers[1], **later))
    assert all(side.ok for side in ran), [side.error for side in ran]
    assert Sentence.objects.filter(person=person).count() == 2
    stored = fresh(person)
    from reentry.outcomes.expungement import expungement_refresh

    result = expungement_refresh(fresh(person))
    assert (stored.expungement_status, stored.expungement_due_on) == (
        result.status.value,
        result.due_on,
    )


def test_a_transfer_racing_an_edit_keeps_one_current_residence(officers, person):
    version = fresh(person).version
    ran = collide(
        transfer(officers[0], person, version),
        edit(officers[1], person, version, religion="Phật giáo"),
    )
    won, _refused = winners_and_refused(ran)
    assert won
    saved = fresh(person)
    transferred, edited = ran[0].ok, ran[1].ok
    assert (saved.commune.code == "15880") is transferred
    assert (saved.religion == "Phật giáo") is edited
    assert (saved.address_text == "Thôn 1") is transferred
    here = current_residences(person)
    assert [r.commune.code for r in here] == [saved.commune.code]
    assert Residence.objects.filter(person=person).count() == 1 + transferred
    assert_trail_unbroken()


def test_two_transfers_at_once_leave_one_current_residence(officers, person):
    version = fresh(person).version
    ran = collide(
        transfer(officers[0], person, version, to="15880"),
        transfer(officers[1], person, version, to="11341"),
    )
    won, refused = winners_and_refused(ran)
    assert (len(won), len(refused)) == (1, 1)
    saved = fresh(person)
    assert [r.commune.code for r in current_residences(person)] == [saved.commune.code]
    assert Residence.objects.filter(person=person).count() == 2


def test_a_transfer_racing_a_closure_leaves_a_consistent_history(officers, person):
    version = fresh(person).version

    def close():
        return person_status_change(
            actor=officers[1],
            person=fresh(person),
            expected_version=version,
            status="closed",
            on=timezone.localdate(),
            closure_reason="died",
        )

    ran = collide(transfer(officers[0], person, version), close)
    won, refused = winners_and_refused(ran)
    assert (len(won), len(refused)) == (1, 1)
    saved = fresh(person)
    here = current_residences(person)
    if saved.status == "closed":
        assert here == []
        assert saved.commune.code == "15865"
    else:
        assert [r.commune.code for r in here] == ["15880"] == [saved.commune.code]


def registration(actor, **changes):
    def side():
        return person_register(actor=actor, data=person_data(**changes), via="web")

    return side


def test_two_registrations_of_one_cccd_at_once_open_one_file(make_user, monkeypatch):
    """Two communes register the same newcomer at the same moment. One file is opened; the
    other officer is told the CCCD has a file (not an error page from the database)."""
    # both have read "no file with this CCCD" before either writes
    widen(monkeypatch, services, "person_duplicates")
    here = make_user(Role.COMMUNE_OFFICER, "15865")
    there = make_user(Role.COMMUNE_OFFICER, "15880")
    ran = collide(registration(here), registration(there, commune_code="15880"))
    assert not any(isinstance(side.error, IntegrityError) for side in ran), ran
    opened = [side for side in ran if side.ok]
    told = [side for side in ran if not side.ok]
    assert len(opened) == len(told) == 1, ran
    assert isinstance(told[0].error, ValidationFailed)
    assert "đã có hồ sơ" in told[0].error.errors["national_id"][0]
    assert Person.objects.filter(national_id_hash=blind_index(CCCD)).count() == 1
    assert Residence.objects.count() == 1


def test_two_registrations_of_one_name_and_birth_at_once_are_not_two_silent_files(
    officers, monkeypatch
):
    """No CCCD on either: the second is asked to confirm a different person, as it would be
    a minute later, instead of a second file for the same man appearing unnoticed."""
    widen(monkeypatch, services, "person_duplicates")
    ran = collide(
        registration(officers[0], national_id=""), registration(officers[1], national_id="")
    )
    opened = [side for side in ran if side.ok]
    told = [side for side in ran if not side.ok]
    assert len(opened) == len(told) == 1, ran
    assert isinstance(told[0].error, ValidationFailed)
    assert "cùng họ tên và ngày sinh" in told[0].error.errors["full_name"][0]
    assert Person.objects.filter(name_key="nguyenvanhung").count() == 1


def test_two_registration_pages_at_once_show_no_error_page(officers, monkeypatch):
    """The register page, posted by two officers at once: one is sent to the new file, the
    other sees the form again with the duplicate message (never a 500)."""
    widen(monkeypatch, services, "person_duplicates")
    form = {
        "full_name": "Trần Văn Bình",
        "gender": "male",
        "date_of_birth": "12/03/1985",
        "national_id": "038085007777",
        "ethnicity": "Kinh",
        "commune": "15865",
        "address_text": "Thôn 5, Xã Hoằng Hóa",
    }
    clients = []
    for officer in officers:
        client = Client()
        client.force_login(officer)
        clients.append(client)
    ran = collide(*(lambda c=c: c.post("/persons/new/", form) for c in clients))
    assert all(side.ok for side in ran), [side.error for side in ran]
    codes = sorted(side.value.status_code for side in ran)
    assert codes == [200, 302]
    page = next(side.value for side in ran if side.value.status_code == 200)
    assert "đã có hồ sơ" in page.content.decode()
    assert Person.objects.filter(national_id_hash=blind_index("038085007777")).count() == 1


def test_two_bulk_registrations_of_the_same_people_at_once(officers, monkeypatch):
    """``persons_register_many`` (the importer's batch) twice at once with the same two
    people: each person has one file, and every item is its file or its message."""
    widen(monkeypatch, bulk, "_national_ids_with_a_file")
    items = [
        Registration(person=person_data(), sentence=sentence_data()),
        Registration(
            person=person_data(
                full_name="Lê Thị Hằng",
                gender="female",
                date_of_birth=datetime.date(1990, 1, 2),
                national_id="038190004321",
            ),
            sentence=sentence_data(),
        ),
    ]

    def register_many(actor):
        return lambda: persons_register_many(actor=actor, items=items, via="import")

    ran = collide(register_many(officers[0]), register_many(officers[1]))
    assert all(side.ok for side in ran), [side.error for side in ran]
    for number in (CCCD, "038190004321"):
        assert Person.objects.filter(national_id_hash=blind_index(number)).count() == 1
    results = [result for side in ran for result in side.value]
    assert sum(isinstance(result, Person) for result in results) == 2
    refused = [result for result in results if isinstance(result, DomainError)]
    assert len(refused) == 2
    assert all(isinstance(result, ValidationFailed) for result in refused)
    assert Sentence.objects.count() == Residence.objects.count() == 2
    assert_trail_unbroken()


def test_two_files_given_one_cccd_at_once_keep_it_on_one(officers, person, monkeypatch):
    """Two officers correct two different files to the same CCCD at the same moment (a
    typing slip on one of them): one is saved, the other told the number has a file."""
    # both have checked the number before either saves it
    widen(monkeypatch, services, "_bump_version")
    tam = {"full_name": "Lê Văn Tám", "date_of_birth": None, "birth_year": 1985}
    other = person_register(actor=officers[1], data=person_data(**tam, national_id=""))
    number = "038085009999"
    ran = collide(
        edit(officers[0], person, fresh(person).version, national_id=number),
        lambda: person_update(
            actor=officers[1],
            person=fresh(other),
            expected_version=fresh(other).version,
            data=person_data(**tam, national_id=number),
        ),
    )
    won, refused = winners_and_refused(ran)
    assert (len(won), len(refused)) == (1, 1)
    assert "đã có hồ sơ" in refused[0].error.errors["national_id"][0]
    assert Person.objects.filter(national_id_hash=blind_index(number)).count() == 1
