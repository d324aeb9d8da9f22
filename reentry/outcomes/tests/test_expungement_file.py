import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.law.expungement import Status
from reentry.outcomes.expungement import person_expungement
from reentry.outcomes.services import reoffence_record
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 25)


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    return person_register(actor=officer, data=person_data())


def test_the_file_gives_the_engine_its_facts(officer, person):
    # 36 months for theft, released 19/06/2022: 2 years (Art. 70(2)(b))
    sentence_add(actor=officer, person=person, data=sentence_data())
    result = person_expungement(person, today=TODAY)
    assert (result.status, result.due_on) == (Status.DUE, D(2024, 6, 19))
    reoffence_record(actor=officer, person=person, committed_on=D(2023, 1, 5), charge="Đánh bạc")
    blocked = person_expungement(person, today=TODAY)
    assert blocked.status == Status.BLOCKED
    assert blocked.blocked_by == ("new_offence",)


def test_a_suspended_sentence_counts_from_the_end_of_its_probation(officer, person):
    sentence_add(
        actor=officer,
        person=person,
        data=sentence_data(
            main_penalty="suspended",
            prison_months=24,
            probation_months=48,
            judgment_date=D(2022, 5, 10),
            release_date=None,
            release_type="",
            prison_facility="",
        ),
    )
    result = person_expungement(person, today=TODAY)
    assert (result.status, result.due_on) == (Status.WAITING, D(2027, 5, 10))
