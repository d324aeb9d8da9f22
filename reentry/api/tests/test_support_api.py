import pytest
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    return client


@pytest.fixture
def person(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data())
    return person


def test_activities_through_the_api(person, make_user):
    labour = api(make_user(Role.LABOUR_OFFICER, "15865"))
    created = labour.post(
        "/api/v1/support-activities/",
        {
            "person": person.pk,
            "kind": "job_referral",
            "occurred_on": "2026-03-01",
            "provider_kind": "agency",
            "provider_name": "Trung tâm dịch vụ việc làm",
        },
        format="json",
    )
    assert created.status_code == 201
    assert labour.get(f"/api/v1/support-activities/?person={person.pk}").json()[0]["kind"] == (
        "job_referral"
    )
    neighbour = api(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert neighbour.get("/api/v1/support-activities/").json() == []
    refused = neighbour.post(
        "/api/v1/support-activities/",
        {
            "person": person.pk,
            "kind": "job_referral",
            "occurred_on": "2026-03-01",
            "provider_kind": "agency",
            "provider_name": "x",
        },
        format="json",
    )
    assert refused.status_code == 404


def test_loans_use_vnd_and_the_law_of_2023(person, make_user):
    client = api(make_user(Role.COMMUNE_OFFICER, "15865"))
    body = {
        "person": person.pk,
        "lender": "vbsp",
        "amount_vnd": 120_000_000,
        "term_months": 60,
        "purpose": "Chăn nuôi",
        "applied_on": "2026-01-05",
        "status": "applied",
    }
    refused = client.post("/api/v1/loans/", body, format="json")
    assert refused.status_code == 400
    assert "amount_vnd" in refused.json()
    ok = client.post("/api/v1/loans/", {**body, "amount_vnd": 80_000_000}, format="json")
    assert ok.status_code == 201
    assert ok.json()["amount_vnd"] == 80_000_000


def test_negative_income_is_a_field_error(person, make_user):
    client = api(make_user(Role.COMMUNE_OFFICER, "15865"))
    response = client.post(
        "/api/v1/employments/",
        {
            "person": person.pk,
            "employer": "Xưởng may",
            "kind": "employee",
            "started_on": "2025-01-01",
            "monthly_income_vnd": -5,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "monthly_income_vnd" in response.json()


def test_analysts_get_no_support_records(person, make_user):
    assert api(make_user(Role.NATIONAL_ANALYST, "VN")).get("/api/v1/loans/").status_code == 403
