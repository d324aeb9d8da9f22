"""``copy_create``: what COPY writes reads back as the ORM would have written it."""

import datetime

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
