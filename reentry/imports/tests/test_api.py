"""The imports API: upload and preview, commit, and the prisons' bulk release notices."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.audit.models import AuditEvent
from reentry.imports.models import ImportBatch
from reentry.imports.tests.sheets import xlsx
from reentry.imports.tests.test_upload_page import BAD, GOOD
from reentry.persons.models import Person, ReleaseNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user):
    def client_for(role=Role.COMMUNE_OFFICER, unit="15865"):
        user = make_user(role, unit)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
        return client

    return client_for


def post_file(client, data, kind="register", unit="15865", name="so.xlsx"):
    return client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile(name, data), "kind": kind, "unit": unit},
        format="multipart",
    )


def test_upload_returns_the_preview_and_commit_writes(api):
    client = api()
    response = post_file(client, xlsx("register", BAD))
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["rows"], body["created"], body["error_rows"]) == (
        "preview",
        3,
        2,
        1,
    )
    assert body["problems"][0]["line"] == 4
    assert body["problems"][0]["column"] == "Giới tính"
    assert not Person.objects.exists()
    url = f"/api/v1/imports/{body['id']}/commit/"
    refused = client.post(url, {}, format="json")
    assert refused.status_code == 409  # rows in error and only_valid not asked
    assert not Person.objects.exists()
    done = client.post(url, {"only_valid": True}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "committed"
    assert Person.objects.count() == 2
    again = client.post(url, {"only_valid": True}, format="json")
    assert again.status_code == 409, again.json()  # already committed: nothing twice
    assert client.get(f"/api/v1/imports/{body['id']}/").json()["created"] == 2


@pytest.mark.parametrize("body", ["[]", "[null, null]", "1", '"true"', '{"only_valid": [1]}'])
def test_commit_refuses_a_body_that_is_not_an_object_of_flags(api, body):
    """Found by the schema fuzzer: a JSON list as the body was a 500."""
    client = api()
    batch = post_file(client, xlsx("register", BAD)).json()
    url = f"/api/v1/imports/{batch['id']}/commit/"
    response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_bad_upload_is_400_with_the_field_and_keeps_nothing(api):
    client = api()
    assert post_file(client, b"", name="trong.xlsx").json()["file"]
    assert post_file(client, b"%PDF-1.4", name="x.pdf").status_code == 400
    assert post_file(client, xlsx("register", GOOD), kind="nope").status_code == 400
    assert post_file(client, xlsx("register", GOOD), unit="15880").status_code == 404
    assert not ImportBatch.objects.exists()


def test_another_communes_upload_is_404(api):
    body = post_file(api(), xlsx("register", GOOD)).json()
    neighbour = api(unit="15880")
    assert neighbour.get(f"/api/v1/imports/{body['id']}/").status_code == 404
    commit = neighbour.post(f"/api/v1/imports/{body['id']}/commit/", {}, format="json")
    assert commit.status_code == 404
    assert api(Role.NATIONAL_ANALYST, "VN").get(f"/api/v1/imports/{body['id']}/").status_code == 403
    assert not Person.objects.exists()


NOTICES = [
    {
        "full_name": "Nguyễn Văn An",
        "gender": "Nam",
        "date_of_birth": "1990-03-15",
        "national_id": "038090001234",
        "facility": "Trại giam Thanh Phong",
        "received_on": "20/05/2022",
        "expected_release_on": "12/06/2022",
        "intended_address": "Thôn 3",
    },
    {
        "full_name": "Lê Thị Hằng",
        "gender": "Nữ",
        "date_of_birth": "02/01/1990",
        "national_id": "038190004321",
        "facility": "Trại giam Thanh Phong",
        "received_on": "20/05/2022",
        "intended_address": "Thôn 5",
    },
]


def test_bulk_release_notices_are_idempotent(api):
    client = api()
    payload = {"unit": "15865", "notices": NOTICES}
    response = client.post("/api/v1/release-notices/bulk/", payload, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["created"], body["duplicates"]) == ("committed", 2, 0)
    assert ReleaseNotice.objects.filter(person__commune__code="15865").count() == 2
    assert AuditEvent.objects.filter(action="import", object_id=str(body["id"])).exists()
    again = client.post("/api/v1/release-notices/bulk/", payload, format="json").json()
    assert (again["status"], again["created"], again["duplicates"]) == ("committed", 0, 2)
    assert ReleaseNotice.objects.count() == 2


def test_bulk_with_an_error_writes_nothing_and_names_the_item(api):
    client = api()
    broken = [NOTICES[0], {**NOTICES[1], "received_on": "31/02/2022"}]
    response = client.post(
        "/api/v1/release-notices/bulk/", {"unit": "15865", "notices": broken}, format="json"
    )
    assert response.status_code == 409
    (problem,) = response.json()["problems"]
    assert problem["line"] == 3  # item 2 of the list (line 1 is the header)
    assert problem["column"] == "Ngày nhận thông báo"
    assert not ReleaseNotice.objects.exists()
    assert not Person.objects.exists()
    bad = client.post("/api/v1/release-notices/bulk/", {"notices": "x"}, format="json")
    assert bad.status_code == 400


def test_bulk_odd_values_are_row_errors_or_400_never_500(api):
    client = api()
    body = json.dumps({"unit": "15865", "notices": [{**NOTICES[0], "national_id": 1}]})
    huge = body.replace('"national_id": 1', '"national_id": 1e400')  # not JSON's own numbers
    response = client.post("/api/v1/release-notices/bulk/", huge, content_type="application/json")
    assert response.status_code in (400, 409)
    nested = [{**NOTICES[0], "full_name": {"a": 1}}]
    response = client.post(
        "/api/v1/release-notices/bulk/", {"unit": "15865", "notices": nested}, format="json"
    )
    assert response.status_code == 400
    assert not Person.objects.exists()
