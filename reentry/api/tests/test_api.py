import re

import pytest
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(make_user):
    def make(role, unit_code):
        user = make_user(role, unit_code)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
        return client

    return make


def test_me_returns_role_unit_and_permissions(api_for):
    response = api_for(Role.COMMUNE_OFFICER, "11341").get("/api/v1/me/")
    assert response.status_code == 200
    data = response.json()
    assert data["role"] == "commune_officer"
    assert data["unit"] == {"code": "11341", "name": "Phường Ngô Quyền", "kind": "commune"}
    assert "person.view_offence" in data["permissions"]


@pytest.mark.parametrize("header", [None, "Token 0000000000000000000000000000000000000000"])
def test_me_refuses_missing_or_wrong_token(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get("/api/v1/me/", **extra).status_code == 401


def test_session_authentication_works_for_the_browser(make_user, client_for):
    user = make_user(Role.LABOUR_OFFICER, "68")
    response = client_for(user).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["unit"]["code"] == "68"


def test_units_under_a_province_for_its_officer(api_for):
    response = api_for(Role.PROVINCE_OFFICER, "38").get("/api/v1/units/?parent=38&limit=500")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 166
    hoang_hoa = next(u for u in data["results"] if u["code"] == "15865")
    assert hoang_hoa["name"] == "Xã Hoằng Hóa"
    assert hoang_hoa["parent_code"] == "38"


def test_unit_list_is_paginated(api_for):
    data = api_for(Role.PROVINCE_OFFICER, "38").get("/api/v1/units/?parent=38").json()
    assert data["count"] == 166
    assert len(data["results"]) == 100
    assert data["next"]


@pytest.mark.parametrize(
    "url", ["/api/v1/units/?parent=38", "/api/v1/units/11359/", "/api/v1/units/?parent=15865"]
)
def test_commune_user_cannot_read_another_communes_units(api_for, url):
    assert api_for(Role.COMMUNE_OFFICER, "11341").get(url).status_code == 404


def test_commune_user_listing_the_province_gets_only_their_commune(api_for):
    data = api_for(Role.COMMUNE_OFFICER, "11341").get("/api/v1/units/?parent=31").json()
    # 31 is visible (it is above 11341) but only their own commune is listed under it
    assert [u["code"] for u in data["results"]] == ["11341"]


def test_unit_detail_by_code(api_for):
    response = api_for(Role.NATIONAL_ANALYST, "VN").get("/api/v1/units/24697/")
    assert response.status_code == 200
    assert response.json()["name"] == "Xã Nam Đà"


def test_schema_and_docs_are_served_offline(make_user, client_for, client):
    assert client.get("/api/schema/").status_code == 401
    anonymous_docs = client.get("/api/docs/")
    assert anonymous_docs.status_code == 302
    assert anonymous_docs["Location"].startswith("/accounts/login/?next=/api/docs/")
    logged_in = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    schema = logged_in.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/units/" in schema.content
    docs = logged_in.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []
    assert "https://" not in html


def test_limit_is_capped(api_for):
    data = api_for(Role.NATIONAL_ANALYST, "VN").get("/api/v1/units/?limit=100000").json()
    assert len(data["results"]) == 1000


def test_the_openapi_schema_is_valid_and_names_every_endpoint(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in ("/api/v1/inspections/", "/api/v1/commendations/", "/api/v1/assignments/"):
        assert f"{path}:" in text
    assert "FollowUpStatusEnum" in text
