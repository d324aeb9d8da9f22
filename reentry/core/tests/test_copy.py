"""``copy_create``: what COPY writes reads back as the ORM would have written it."""

import datetime
import json

import pytest
from django.db import connection

from reentry.core.copy import copy_create
from reentry.core.crypto import blind_index
from reentry.geography.models import AdminUnit
from reentry.persons.models import Person, Sentence
from reentry.persons.services import person_register
from reentry.persons.tests.factories import person_data

pytestmark = pytest.mark.django_db


def _person(commune: AdminUnit, n: int, national_id: str = "") -> Person:
    return Person(
        full_name=f"Nguyễn Văn Số {n}",
        name_key=f"nguyen van so {n}",
        gender="male",
        date_of_birth=datetime.date(1980, 1, 1 + n),
        birth_year=1980,
        national_id=national_id,
        address_text="Thôn 1",
        commune=commune,
        commune_path=commune.path,
    )


def test_rows_read_back_with_ids_encryption_and_blind_index(make_user):
    commune = AdminUnit.objects.current().get(code="15865")
    people = copy_create(
        Person, [_person(commune, 1, "038080000111"), _person(commune, 2), _person(commune, 3)]
    )
    ids = [p.pk for p in people]
    assert None not in ids
    assert len(set(ids)) == 3
    found = Person.objects.get(national_id_hash=blind_index("038080000111"))
    assert (found.pk, found.full_name, found.national_id) == (
        ids[0],
        "Nguyễn Văn Số 1",
        "038080000111",
    )
    assert found.created_at is not None
    assert found.version == 1
    # children refer to the ids set on the instances, encrypted fields are encrypted
    copy_create(
        Sentence,
        [
            Sentence(
                person=people[1],
                judgment_number="12/2020/HS-ST",
                judgment_date=datetime.date(2020, 5, 1),
                court="TAND tỉnh Thanh Hóa",
                main_penalty="prison",
                prison_months=24,
            )
        ],
    )
    sentence = Sentence.objects.get(person_id=ids[1])
    assert sentence.judgment_number == "12/2020/HS-ST"
    with connection.cursor() as cursor:
        cursor.execute("SELECT judgment_number FROM persons_sentence WHERE id = %s", [sentence.pk])
        assert "12/2020" not in cursor.fetchone()[0]
    # the ORM's next row takes an id after them: the sequence moved on
    officer = make_user("commune_officer", "15865")
    later = person_register(actor=officer, data=person_data(national_id="038085009876"))
    assert later.pk > max(ids)


def test_rows_of_values_are_written_as_the_orm_would_write_them(make_user):
    """``copy_rows``: an encrypted field given is stored encrypted, a blind index left out
    is computed from its source, a JSON field is JSON, auto dates and defaults are filled."""
    from reentry.core.copy import copy_rows
    from reentry.outcomes.models import Classification, Reoffence

    officer = make_user("commune_officer", "15865")
    commune = AdminUnit.objects.current().get(code="15865")
    written = copy_rows(
        Person,
        [
            "full_name",
            "name_key",
            "gender",
            "birth_year",
            "national_id",
            "address_text",
            "commune_id",
            "commune_path",
        ],
        [
            (
                "Lê Văn Một",
                "le van mot",
                "male",
                1985,
                "038085000222",
                "Thôn 2",
                commune.pk,
                commune.path,
            ),
            ("Lê Thị Hai", "le thi hai", "female", 1990, "", "Thôn 3", commune.pk, commune.path),
        ],
    )
    assert written == 2
    first = Person.objects.get(national_id_hash=blind_index("038085000222"))
    assert (first.full_name, first.national_id, first.version) == ("Lê Văn Một", "038085000222", 1)
    assert first.status == "awaiting"  # the field's default
    assert first.created_at is not None
    assert first.created_at == first.updated_at  # one time for the whole call
    second = Person.objects.get(full_name="Lê Thị Hai")
    assert (second.national_id, second.national_id_hash) == ("", blind_index(""))
    assert second.other_names == ""  # a text field left out: blank, as the ORM writes it
    day = datetime.date(2024, 3, 4)
    copy_rows(
        Reoffence,
        ["person_id", "committed_on", "charge", "recorded_by_id"],
        [(first.pk, day, "Trộm cắp tài sản", officer.pk)],
    )
    reoffence = Reoffence.objects.get(person=first)
    assert (reoffence.charge, reoffence.status, reoffence.sentence_id) == (
        "Trộm cắp tài sản",
        "pending",
        None,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT charge FROM outcomes_reoffence WHERE id = %s", [reoffence.pk])
        assert "Trộm" not in cursor.fetchone()[0]
    copy_rows(
        Classification,
        ["person_id", "assessed_on", "grade", "difficulties", "assessed_by_id"],
        [(first.pk, day, "B", ["no_job", "stigma"], officer.pk)],
    )
    grade = Classification.objects.get(person=first)
    assert (grade.grade, grade.difficulties, grade.notes) == ("B", ["no_job", "stigma"], "")
    with connection.cursor() as cursor:  # stored as JSON, not as a Python repr
        cursor.execute("SELECT difficulties FROM outcomes_classification WHERE id = %s", [grade.pk])
        raw = cursor.fetchone()[0]
    assert (json.loads(raw) if isinstance(raw, str) else raw) == ["no_job", "stigma"]
    with pytest.raises(ValueError, match="no field"):
        copy_rows(Reoffence, ["person_id", "nonsense"], [])
    with pytest.raises(ValueError, match="committed_on"):
        copy_rows(Reoffence, ["person_id", "charge", "recorded_by_id"], [])
