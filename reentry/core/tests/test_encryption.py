"""Encryption at rest (ADR 0006): a copy of the database shows no identity number and no
offence detail; numbers are still found, kept unique, and the keys can be rotated."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from reentry.accounts.models import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core import crypto
from reentry.core.encryption_migration import encrypt_columns
from reentry.core.errors import ValidationFailed
from reentry.outcomes.models import Reoffence
from reentry.outcomes.services import reoffence_record
from reentry.persons.models import Offence, Person, Sentence
from reentry.persons.selectors import PersonFilters, person_list
from reentry.persons.services import person_register, person_update
from reentry.persons.tests.factories import person_data, registered

CCCD, CMND = "038085001234", "171234567"
SECRETS = [CCCD, CMND, "45/2019/HS-ST", "Tòa án nhân dân huyện Hoằng Hóa", "Trộm cắp tài sản"]


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    return registered(officer, "Nguyễn Văn Hùng", national_id=CCCD, legacy_id_number=CMND)


def _every_stored_text() -> str:
    """What a dump of the database holds: every value of every table, as text."""
    q = connection.ops.quote_name
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {q(table)}")  # noqa: S608
            out.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(out)


def test_a_copy_of_the_database_reveals_no_identity_number_and_no_offence(person, officer):
    reoffence_record(
        actor=officer,
        person=person,
        committed_on=person.created_at.date(),
        charge="Tàng trữ trái phép chất ma túy",
        in_custody=True,
        arrested_on=person.created_at.date(),
    )
    stored = _every_stored_text()
    for secret in [*SECRETS, "Tàng trữ trái phép chất ma túy"]:
        assert secret not in stored, secret
    # the blind index is keyed: not the plain sha256 anyone could compute from a number
    assert hashlib.sha256(CCCD.encode()).hexdigest() not in stored
    # …and the application reads every value back
    person = Person.objects.get(pk=person.pk)
    sentence = Sentence.objects.get(person=person)
    offence = Offence.objects.get(sentence=sentence)
    assert (person.national_id, person.legacy_id_number) == (CCCD, CMND)
    assert (sentence.judgment_number, sentence.court) == ("45/2019/HS-ST", SECRETS[3])
    assert (offence.article, offence.name) == (173, "Trộm cắp tài sản")
    assert Reoffence.objects.get(person=person).charge == "Tàng trữ trái phép chất ma túy"
    assert list(Person.objects.values_list("national_id", flat=True)) == [CCCD]


def test_the_audit_trail_names_a_sentence_without_its_number(person):
    labels = set(AuditEvent.objects.values_list("object_repr", flat=True))
    assert "Bản án ngày 20/06/2019" in labels
    assert not any("45/2019" in label for label in labels)


def test_a_lookup_on_an_encrypted_column_is_refused_with_the_way_that_works(person):
    with pytest.raises(FieldError, match="national_id_hash"):
        Person.objects.filter(national_id=CCCD).exists()
    with pytest.raises(FieldError, match="encrypted"):
        Sentence.objects.filter(court__icontains="Hoằng").exists()
    assert Person.objects.filter(national_id_hash=crypto.blind_index(CCCD)).get() == person
    assert Person.objects.filter(national_id__isnull=False).count() == 1


def test_numbers_are_still_found_whole_and_kept_unique(person, officer, make_user):
    province = make_user(Role.PROVINCE_OFFICER, "38")
    for query in (CCCD, "038 085 001 234", CMND):
        found = person_list(actor=province, filters=PersonFilters(q=query)).rows
        assert [p.pk for p in found] == [person.pk], query
    with pytest.raises(ValidationFailed) as refused:
        person_register(
            actor=officer,
            data=person_data(full_name="Trần Văn Khác", national_id=CCCD),
            confirm_possible_duplicate=True,
        )
    assert "national_id" in refused.value.errors


def test_the_blind_index_follows_every_way_a_number_is_written(person, officer):
    def stored_hash(pk: int) -> str:
        return Person.objects.values_list("national_id_hash", flat=True).get(pk=pk)

    assert stored_hash(person.pk) == crypto.blind_index(CCCD)
    # a service's update (save with update_fields)
    person_update(
        actor=officer,
        person=person,
        data=person_data(national_id="038085009999"),
        expected_version=person.version,
    )
    assert stored_hash(person.pk) == crypto.blind_index("038085009999")
    # a queryset update
    Person.objects.filter(pk=person.pk).update(national_id="038085008888")
    assert stored_hash(person.pk) == crypto.blind_index("038085008888")
    # bulk_update and bulk_create
    person = Person.objects.get(pk=person.pk)
    person.national_id = ""
    Person.objects.bulk_update([person], ["national_id", "national_id_hash"])
    assert stored_hash(person.pk) == ""
    person.pk, person.national_id = None, "038085007777"
    (copy,) = Person.objects.bulk_create([person])
    assert stored_hash(copy.pk) == crypto.blind_index("038085007777")


def test_rotate_keys_moves_every_value_to_the_new_key_and_the_old_key_can_go(person):
    old = crypto.derived_key("test-only-key", "field-encryption")
    new = crypto.new_key()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        with pytest.raises(CommandError):
            call_command("rotate_keys", "--check", stdout=StringIO())
        out = StringIO()
        call_command("rotate_keys", stdout=out)
        assert "persons.Person: đã mã hóa lại 1 dòng." in out.getvalue()
        call_command("rotate_keys", "--check", stdout=StringIO())  # nothing left: no error
        version = Person.objects.get(pk=person.pk).version
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        person = Person.objects.get(pk=person.pk)
        assert person.national_id == CCCD
        assert Offence.objects.get(sentence__person=person).name == "Trộm cắp tài sản"
        assert person.version == version  # not a change of the file
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]), pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=person.pk)
    event = AuditEvent.objects.filter(action=AuditAction.KEYS_ROTATED).get()
    assert event.changes["rows"]["persons.Person"] == 1


def test_rotate_keys_recomputes_the_blind_index_under_a_new_hash_key(person, make_user):
    province = make_user(Role.PROVINCE_OFFICER, "38")
    with override_settings(FIELD_HASH_KEY="a-new-hash-key"):
        # until the rotation the old indexes no longer match: the number is not found
        assert person_list(actor=province, filters=PersonFilters(q=CCCD)).rows == []
        call_command("rotate_keys", stdout=StringIO())
        assert [p.pk for p in person_list(actor=province, filters=PersonFilters(q=CCCD)).rows] == [
            person.pk
        ]


def test_generate_prints_keys_that_work():
    out = StringIO()
    call_command("rotate_keys", "--generate", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    with override_settings(FIELD_ENCRYPTION_KEYS=[lines["FIELD_ENCRYPTION_KEYS"]]):
        assert crypto.decrypt(crypto.encrypt("x")) == "x"


def test_without_keys_nothing_is_read_or_written_in_the_clear():
    with override_settings(FIELD_ENCRYPTION_KEYS=[]), pytest.raises(ImproperlyConfigured):
        crypto.encrypt(CCCD)
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]),
        pytest.raises(ImproperlyConfigured),
    ):
        crypto.encrypt(CCCD)
    with override_settings(FIELD_HASH_KEY=""), pytest.raises(ImproperlyConfigured):
        crypto.blind_index(CCCD)


def test_the_migration_step_encrypts_clear_rows_in_place_and_back(person):
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q('persons_person')} SET {q('national_id')} = %s, "  # noqa: S608
            f"{q('national_id_hash')} = '' WHERE id = %s",
            [CCCD, person.pk],
        )
    forward, reverse = encrypt_columns(
        "persons_person", ["national_id"], {"national_id_hash": "national_id"}
    )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    forward(None, editor)
    forward(None, editor)  # a second run leaves tokens alone
    assert CCCD not in _every_stored_text()
    assert Person.objects.get(national_id_hash=crypto.blind_index(CCCD)).national_id == CCCD
    reverse(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q('national_id')} FROM {q('persons_person')} WHERE id = %s",  # noqa: S608
            [person.pk],
        )
        assert cursor.fetchone()[0] == CCCD
