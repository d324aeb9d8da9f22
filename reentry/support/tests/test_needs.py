import datetime

import pytest
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.core.errors import ValidationFailed
from reentry.persons.services import person_register
from reentry.persons.tests.factories import person_data
from reentry.support.models import NeedsAssessment
from reentry.support.services import NeedData, needs_assessment_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    return person_register(actor=officer, data=person_data())


def test_assessment_through_the_page_shows_the_latest_needs(officer, person, client_for):
    client = client_for(officer)
    response = client.post(
        f"/persons/{person.pk}/needs/new/",
        {
            "assessed_on": "04/03/2026",
            "occasion": "intake",
            "state_employment": "open",
            "notes_employment": "Muốn làm thợ xây",
            "state_capital": "open",
            "state_housing": "not_needed",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/persons/{person.pk}/").content.decode()
    assert "Muốn làm thợ xây" in html
    assert "Có nhu cầu, chưa đáp ứng" in html


def test_a_review_is_history_not_an_overwrite(officer, person):
    needs_assessment_record(
        actor=officer,
        person=person,
        assessed_on=datetime.date(2026, 3, 4),
        occasion="intake",
        needs=[NeedData("employment", "open")],
    )
    needs_assessment_record(
        actor=officer,
        person=person,
        assessed_on=datetime.date(2026, 6, 4),
        occasion="review",
        needs=[NeedData("employment", "met")],
    )
    assert NeedsAssessment.objects.filter(person=person).count() == 2


@pytest.mark.parametrize(
    "needs",
    [
        [],
        [NeedData("employment", "open"), NeedData("employment", "met")],
        [NeedData("flying", "open")],
        [NeedData("employment", "maybe")],
    ],
)
def test_bad_assessments_are_refused(officer, person, needs):
    with pytest.raises(ValidationFailed):
        needs_assessment_record(
            actor=officer,
            person=person,
            assessed_on=datetime.date(2026, 3, 4),
            occasion="intake",
            needs=needs,
        )
    assert not NeedsAssessment.objects.exists()


def test_assessments_through_the_api(officer, person, make_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(officer)}")
    created = client.post(
        "/api/v1/assessments/",
        {
            "person": person.pk,
            "assessed_on": "2026-03-04",
            "occasion": "intake",
            "items": [{"need": "capital", "state": "open", "notes": "Vay mua bò"}],
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["items"] == [{"need": "capital", "state": "open", "notes": "Vay mua bò"}]
    listed = client.get(f"/api/v1/assessments/?person={person.pk}").json()
    assert len(listed) == 1
    other = APIClient()
    other.credentials(
        HTTP_AUTHORIZATION=(f"Token {api_token_key(make_user(Role.COMMUNE_OFFICER, '15880'))}")
    )
    assert other.get("/api/v1/assessments/").json() == []
