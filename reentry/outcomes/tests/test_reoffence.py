import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.core.errors import ConflictError, ValidationFailed
from reentry.outcomes.models import Classification, Reoffence
from reentry.outcomes.services import reoffence_conclude, reoffence_record
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data())  # released 19/06/2022
    return person


def test_a_reoffence_in_custody_makes_the_person_d_and_a_conviction_links_the_sentence(
    officer, person
):
    reoffence = reoffence_record(
        actor=officer,
        person=person,
        committed_on=D(2025, 3, 1),
        arrested_on=D(2025, 3, 3),
        charge="Trộm cắp tài sản (Điều 173)",
        in_custody=True,
    )
    current = Classification.objects.get(person=person)
    assert (current.grade, current.assessed_on) == ("D", D(2025, 3, 3))
    new = sentence_add(
        actor=officer,
        person=person,
        data=sentence_data(
            judgment_number="12/2025/HS-ST",
            judgment_date=D(2025, 8, 1),
            release_date=None,
            release_type="",
        ),
    )
    with pytest.raises(ConflictError):
        reoffence_conclude(
            actor=officer,
            reoffence=reoffence,
            expected_version=9,
            status="convicted",
            concluded_on=D(2025, 8, 1),
            sentence_id=new.pk,
        )
    done = reoffence_conclude(
        actor=officer,
        reoffence=reoffence,
        expected_version=1,
        status="convicted",
        concluded_on=D(2025, 8, 1),
        sentence_id=new.pk,
    )
    assert (done.status, done.sentence_id) == ("convicted", new.pk)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"committed_on": D(2021, 1, 1)}, "committed_on"),  # before release: not a reoffence
        ({"committed_on": D(2099, 1, 1)}, "committed_on"),
        ({"arrested_on": D(2024, 1, 1)}, "arrested_on"),  # before the act
        ({"in_custody": True}, "arrested_on"),
        ({"charge": " "}, "charge"),
    ],
)
def test_bad_reoffences_are_refused(officer, person, values, field):
    values = {"committed_on": D(2025, 3, 1), "charge": "Gây rối trật tự công cộng", **values}
    with pytest.raises(ValidationFailed) as excinfo:
        reoffence_record(actor=officer, person=person, **values)
    assert field in excinfo.value.errors
    assert not Reoffence.objects.exists()
    assert not Classification.objects.exists()


def test_a_conviction_needs_a_later_sentence_of_the_same_file(officer, person, make_user):
    reoffence = reoffence_record(
        actor=officer, person=person, committed_on=D(2025, 3, 1), charge="Đánh bạc"
    )
    old = person.sentences.get()
    with pytest.raises(ValidationFailed) as excinfo:
        reoffence_conclude(
            actor=officer,
            reoffence=reoffence,
            expected_version=1,
            status="convicted",
            concluded_on=D(2025, 8, 1),
            sentence_id=old.pk,  # judged before the act
        )
    assert "sentence" in excinfo.value.errors
    dropped = reoffence_conclude(
        actor=officer,
        reoffence=reoffence,
        expected_version=1,
        status="dropped",
        concluded_on=timezone.localdate(),
    )
    assert dropped.status == "dropped"


def test_reoffences_through_the_page_and_the_api(officer, person, make_user, client_for):
    page = client_for(officer)
    response = page.post(
        f"/persons/{person.pk}/reoffences/new/",
        {"committed_on": "01/03/2025", "charge": "Đánh bạc", "arrested_on": "02/03/2025"},
    )
    assert response.status_code == 302
    assert "Đánh bạc" in page.get(f"/persons/{person.pk}/").content.decode()
    api = APIClient()
    api.force_authenticate(officer)
    created = api.post(
        "/api/v1/reoffences/",
        {"person": person.pk, "committed_on": "2025-05-01", "charge": "Cố ý gây thương tích"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert len(api.get(f"/api/v1/reoffences/?person={person.pk}").json()) == 2
    dropped = api.post(
        f"/api/v1/reoffences/{created.json()['id']}/conclude/",
        {"status": "dropped", "concluded_on": "2025-06-01", "version": 1},
        format="json",
    )
    assert dropped.json()["status"] == "dropped"
    for role, unit in ((Role.LABOUR_OFFICER, "15865"), (Role.INITIATIVE_MEMBER, "15865")):
        other = APIClient()
        other.force_authenticate(make_user(role, unit))
        assert other.get("/api/v1/reoffences/").status_code == 403
    neighbour = APIClient()
    neighbour.force_authenticate(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert neighbour.get("/api/v1/reoffences/").json() == []
    assert (
        neighbour.post(
            f"/api/v1/reoffences/{created.json()['id']}/conclude/",
            {"status": "dropped", "concluded_on": "2025-06-01", "version": 2},
            format="json",
        ).status_code
        == 404
    )
