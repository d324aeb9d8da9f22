import pytest

from reentry.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/units/")


def test_commune_officer_sees_own_commune(make_user, client_for):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    response = client_for(user).get("/units/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã Hoằng Hóa" in html
    assert "Tỉnh Thanh Hóa" in html  # breadcrumb


@pytest.mark.parametrize("code", ["15880", "11341", "31", "68"])
def test_commune_officer_gets_404_for_a_unit_outside_their_scope(code, make_user, client_for):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    assert client_for(user).get(f"/units/{code}/").status_code == 404


def test_commune_officer_browsing_the_province_sees_only_their_commune(make_user, client_for):
    user = make_user(Role.COMMUNE_OFFICER, "15865")
    response = client_for(user).get("/units/38/")
    assert response.status_code == 200
    assert [c.code for c in response.context["children"]] == ["15865"]


def test_province_officer_sees_every_commune_with_user_counts(
    make_user, client_for, django_assert_max_num_queries
):
    officer = make_user(Role.PROVINCE_OFFICER, "38")
    make_user(Role.COMMUNE_OFFICER, "15865")
    make_user(Role.COMMUNE_COMMITTEE, "15865")
    client = client_for(officer)
    with django_assert_max_num_queries(12):  # +4: session save, 2FA device
        response = client.get("/units/38/")
    assert response.status_code == 200
    children = {c.code: c for c in response.context["children"]}
    assert len(children) == 166
    assert children["15865"].user_count == 2
    assert children["15880"].user_count == 0
    assert client.get("/units/31/").status_code == 404


def test_national_analyst_sees_34_provinces_with_commune_counts(make_user, client_for):
    user = make_user(Role.NATIONAL_ANALYST, "VN")
    response = client_for(user).get("/units/")
    children = {c.code: c for c in response.context["children"]}
    assert len(children) == 34
    assert children["38"].child_count == 166


def test_search_without_accents_filters_the_list_as_a_partial(make_user, client_for):
    user = make_user(Role.PROVINCE_OFFICER, "38")
    response = client_for(user).get(
        "/units/38/?q=hoang hoa", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="unit-rows"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # only the rows
    assert "Xã Hoằng Hóa" in html
    assert "Xã Hoằng Giang" not in html


def test_search_with_no_match_says_what_to_try(make_user, client_for):
    user = make_user(Role.PROVINCE_OFFICER, "38")
    response = client_for(user).get("/units/38/?q=khongcoten")
    assert "Không có đơn vị nào khớp" in response.content.decode()


def test_figures_above_a_commune_count_only_that_commune(make_user, client_for):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    make_user(Role.COMMUNE_OFFICER, "15880")  # a neighbour's account must not be counted
    make_user(Role.PROVINCE_OFFICER, "38")
    client = client_for(officer)
    province = client.get("/units/VN/").context["children"]
    assert [(u.code, u.user_count, u.child_count) for u in province] == [("38", 1, 1)]
    api = client.get("/api/v1/units/38/").json()
    assert (api["user_count"], api["child_count"]) == (1, 1)


def test_head_requests_are_answered(make_user, client_for, client):
    assert client.head("/health/").status_code == 200
    officer = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    assert officer.head("/units/").status_code == 200
