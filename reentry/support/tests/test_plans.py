import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.core.errors import ValidationFailed
from reentry.persons.services import person_register
from reentry.persons.tests.factories import person_data
from reentry.support.models import SupportPlan
from reentry.support.services import GoalData, support_plan_record
from reentry.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    return person_register(actor=officer, data=person_data())


def goal():
    return GoalData(need="employment", goal="Có việc làm ổn định", responsible="Hội Phụ nữ xã")


def test_a_plan_change_is_history_and_the_review_leaves_the_worklist(officer, person, make_user):
    today = timezone.localdate()
    support_plan_record(
        actor=officer, person=person, review_on=today + datetime.timedelta(days=5), goals=[goal()]
    )
    assert [i.url for i in worklist_for(actor=officer)] == [f"/persons/{person.pk}/plan/new/"]
    # the province reads plans but does not write them: its link opens the file's plan
    province = make_user(Role.PROVINCE_OFFICER, "38")
    assert [i.url for i in worklist_for(actor=province)] == [f"/persons/{person.pk}/#plan"]
    support_plan_record(
        actor=officer, person=person, review_on=today + datetime.timedelta(days=90), goals=[goal()]
    )
    assert SupportPlan.objects.filter(person=person).count() == 2
    assert worklist_for(actor=officer) == []


def test_a_plan_through_the_page_keeps_field_errors_on_the_goal_rows(officer, person, client_for):
    client = client_for(officer)
    response = client.post(
        f"/persons/{person.pk}/plan/new/",
        {
            "review_on": timezone.localdate().strftime("%d/%m/%Y"),
            "need_1": "employment",
            "goal_1": "Có việc làm",
            "responsible_1": "",
        },
    )
    assert "Ghi người, cơ quan phụ trách" in response.content.decode()
    assert not SupportPlan.objects.exists()
    second_row_only = client.post(
        f"/persons/{person.pk}/plan/new/",
        {
            "review_on": timezone.localdate().strftime("%d/%m/%Y"),
            "need_2": "employment",
            "goal_2": "Có việc làm",
        },
    )
    assert set(second_row_only.context["form"].errors) == {"responsible_2"}
    response = client.post(
        f"/persons/{person.pk}/plan/new/",
        {
            "review_on": timezone.localdate().strftime("%d/%m/%Y"),
            "need_1": "employment",
            "goal_1": "Có việc làm",
            "responsible_1": "Hội Phụ nữ",
        },
    )
    assert response.status_code == 302
    assert "Có việc làm" in client.get(f"/persons/{person.pk}/").content.decode()


def test_bad_plans_are_refused(officer, person):
    with pytest.raises(ValidationFailed) as excinfo:
        support_plan_record(
            actor=officer, person=person, review_on=datetime.date(2020, 1, 1), goals=[]
        )
    assert {"review_on", "goals"} <= set(excinfo.value.errors)


def test_plans_through_the_api(officer, person):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(officer)}")
    review = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    created = client.post(
        "/api/v1/plans/",
        {
            "person": person.pk,
            "review_on": review,
            "goals": [{"need": "capital", "goal": "Vay vốn", "responsible": "Hội Nông dân"}],
        },
        format="json",
    )
    assert created.status_code == 201
    assert client.get(f"/api/v1/plans/?person={person.pk}").json()[0]["goals"][0]["need"] == (
        "capital"
    )
