import pytest
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.persons.models import Person
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(make_user):
    def make(role, unit_code):
        user = make_user(role, unit_code)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
        client.user = user
        return client

    return make


@pytest.fixture
def person(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data())
    return person


def test_list_uses_model_field_names_and_folded_search(api_for, person):
    client = api_for(Role.PROVINCE_OFFICER, "38")
    data = client.get("/api/v1/persons/?search=nguyen van hung").json()
    row = data["results"][0]
    assert row["full_name"] == "Nguyễn Văn Hùng"
    assert row["national_id"] == "038085001234"
    assert (row["gender"], row["commune"], row["date_of_birth"]) == ("male", "15865", "1985-03-12")
    assert api_for(Role.PROVINCE_OFFICER, "31").get("/api/v1/persons/").json()["results"] == []


@pytest.mark.parametrize("url", ["/api/v1/persons/{id}/", "/api/v1/persons/{id}/sentences/"])
def test_out_of_scope_ids_are_404(api_for, person, url):
    client = api_for(Role.COMMUNE_OFFICER, "15880")
    assert client.get(url.format(id=person.pk)).status_code == 404
    response = client.post(
        f"/api/v1/persons/{person.pk}/transfer/",
        {"to_commune": "15880", "moved_on": "2025-08-01", "reason": "x", "version": 1},
        format="json",
    )
    assert response.status_code == 404


def test_create_returns_field_errors_and_saves_nothing(api_for):
    client = api_for(Role.COMMUNE_OFFICER, "15865")
    response = client.post(
        "/api/v1/persons/",
        {
            "full_name": "Lê Văn A",
            "gender": "female",
            "commune": "15865",
            "address_text": "Thôn 1",
            "date_of_birth": "1985-01-01",
            "national_id": "038085001234",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "giới tính nữ" in response.json()["national_id"][0]
    assert not Person.objects.exists()


def test_create_then_update_with_version_and_conflict(api_for):
    client = api_for(Role.COMMUNE_OFFICER, "15865")
    body = {
        "full_name": "Lê Văn A",
        "gender": "male",
        "commune": "15865",
        "address_text": "Thôn 1",
        "birth_year": 1985,
    }
    created = client.post("/api/v1/persons/", body, format="json")
    assert created.status_code == 201
    pid, version = created.json()["id"], created.json()["version"]
    ok = client.put(
        f"/api/v1/persons/{pid}/", {**body, "religion": "Không", "version": version}, format="json"
    )
    assert ok.status_code == 200
    stale = client.put(
        f"/api/v1/persons/{pid}/", {**body, "religion": "X", "version": version}, format="json"
    )
    assert stale.status_code == 409
    assert "người khác cập nhật" in stale.json()["detail"]


def test_sentences_need_offence_permission(api_for, person):
    assert (
        api_for(Role.LABOUR_OFFICER, "15865")
        .get(f"/api/v1/persons/{person.pk}/sentences/")
        .status_code
        == 403
    )
    data = (
        api_for(Role.COMMUNE_OFFICER, "15865").get(f"/api/v1/persons/{person.pk}/sentences/").json()
    )
    assert data[0]["offences"][0] == {
        "article": 173,
        "clause": "",
        "name": "Trộm cắp tài sản",
        "category": "serious",
        "culpability": "intentional",
        "chapter": 16,
    }


def test_transfer_through_the_api_moves_access(api_for, person):
    old = api_for(Role.COMMUNE_OFFICER, "15865")
    from django.utils import timezone

    response = old.post(
        f"/api/v1/persons/{person.pk}/transfer/",
        {
            "to_commune": "15865",
            "moved_on": str(timezone.localdate()),
            "reason": "x",
            "version": person.version,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "to_commune" in response.json()
    response = old.post(
        f"/api/v1/persons/{person.pk}/transfer/",
        {
            "to_commune": "15880",
            "moved_on": str(timezone.localdate()),
            "reason": "Chuyển nhà",
            "version": person.version,
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["commune"] == "15880"
    assert old.get(f"/api/v1/persons/{person.pk}/").status_code == 404
    assert (
        api_for(Role.COMMUNE_OFFICER, "15880").get(f"/api/v1/persons/{person.pk}/").status_code
        == 200
    )


def test_release_notices_compute_the_deadline(api_for, person):
    client = api_for(Role.COMMUNE_OFFICER, "15865")
    response = client.post(
        "/api/v1/release-notices/",
        {
            "person": person.pk,
            "facility": "Trại giam Thanh Phong",
            "received_on": "2026-02-13",
            "intended_address": "Thôn 3",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["residence_check_due"] == "2026-02-25"
    listed = client.get("/api/v1/release-notices/").json()
    assert [n["id"] for n in listed] == [response.json()["id"]]
    assert api_for(Role.COMMUNE_OFFICER, "15880").get("/api/v1/release-notices/").json() == []


def test_analyst_cannot_list_persons(api_for, person):
    assert api_for(Role.NATIONAL_ANALYST, "VN").get("/api/v1/persons/").status_code == 403


def test_the_former_spelling_of_an_ethnic_group_is_read_as_the_official_one(api_for):
    client = api_for(Role.COMMUNE_OFFICER, "15865")
    body = {
        "full_name": "Vàng Văn Sử",
        "gender": "male",
        "commune": "15865",
        "address_text": "Thôn 1",
        "birth_year": 1985,
    }
    created = client.post("/api/v1/persons/", {**body, "ethnicity": "Co Lao"}, format="json")
    assert created.status_code == 201
    assert created.json()["ethnicity"] == "Cờ Lao"
    assert Person.objects.get().ethnicity == "Cờ Lao"
    refused = client.post("/api/v1/persons/", {**body, "ethnicity": "Klingon"}, format="json")
    assert refused.status_code == 400
    assert "ethnicity" in refused.json()
