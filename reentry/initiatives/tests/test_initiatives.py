import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.audit.models import AuditEvent
from reentry.core.errors import DomainError, ValidationFailed
from reentry.initiatives.services import (
    initiative_create,
    initiative_update,
    member_add,
    partner_create,
    person_assign,
)
from reentry.persons.selectors import PersonFilters, person_list
from reentry.persons.services import person_register
from reentry.persons.tests.factories import person_data
from reentry.support.services import ActivityData, support_activity_record

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def to31(officer):
    return initiative_create(
        actor=officer,
        name="Tổ 3/1 thôn 3",
        template="to_3_1",
        level="commune",
        commune_codes=["15865"],
        launched_on=D(2024, 5, 1),
    )


def test_creating_an_initiative_checks_its_communes(officer):
    with pytest.raises(ValidationFailed) as excinfo:
        initiative_create(
            actor=officer,
            name="Tổ 3/1",
            template="to_3_1",
            level="commune",
            commune_codes=["15880"],
            launched_on=None,
        )
    assert "communes" in excinfo.value.errors
    with pytest.raises(ValidationFailed) as excinfo:
        initiative_create(
            actor=officer,
            name="",
            template="x",
            level="province",
            commune_codes=[],
            launched_on=None,
        )
    assert {"name", "template", "level"} <= set(excinfo.value.errors)


def test_a_member_cannot_be_added_twice(officer, to31, make_user):
    member_user = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.test")
    member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
        username="mohinh.test",
    )
    with pytest.raises(ValidationFailed) as excinfo:
        member_add(
            actor=officer,
            initiative=to31,
            full_name="Lê Thị Hoa",
            organisation="womens_union",
            joined_on=D(2024, 5, 1),
            username=member_user.username,
        )
    assert {"full_name", "username"} <= set(excinfo.value.errors)


def test_an_initiative_member_sees_and_helps_only_the_people_assigned(officer, to31, make_user):
    member_user = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.test")
    member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
        username="mohinh.test",
    )
    helped = person_register(actor=officer, data=person_data())
    other = person_register(
        actor=officer, data=person_data(full_name="Trần Văn Khác", national_id="")
    )
    assert person_list(actor=member_user, filters=PersonFilters()).rows == []
    person_assign(actor=officer, initiative=to31, person=helped, started_on=D(2025, 1, 1))
    assert [p.pk for p in person_list(actor=member_user, filters=PersonFilters()).rows] == [
        helped.pk
    ]
    visit = ActivityData(
        kind="encouragement_visit",
        occurred_on=D(2026, 3, 1),
        provider_name="Lê Thị Hoa",
        provider_kind="member",
    )
    support_activity_record(actor=member_user, person=helped, data=visit)
    with pytest.raises(DomainError):
        support_activity_record(actor=member_user, person=other, data=visit)


def test_assigning_checks_the_commune_and_duplicates(officer, to31, make_user):
    person = person_register(actor=officer, data=person_data())
    person_assign(actor=officer, initiative=to31, person=person, started_on=D(2025, 1, 1))
    with pytest.raises(ValidationFailed, match="đang được mô hình giúp đỡ"):
        person_assign(actor=officer, initiative=to31, person=person, started_on=D(2025, 2, 1))
    neighbour = make_user(Role.COMMUNE_OFFICER, "15880")
    elsewhere = person_register(
        actor=neighbour,
        data=person_data(commune_code="15880", national_id=""),
        confirm_possible_duplicate=True,
    )
    with pytest.raises(DomainError):  # not even visible to the officer of 15865
        person_assign(actor=officer, initiative=to31, person=elsewhere, started_on=D(2025, 1, 1))


def test_pages_show_members_and_people_within_scope(officer, to31, make_user, client_for):
    person = person_register(actor=officer, data=person_data())
    person_assign(actor=officer, initiative=to31, person=person, started_on=D(2025, 1, 1))
    member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
    )
    html = client_for(officer).get(f"/initiatives/{to31.pk}/").content.decode()
    assert "Lê Thị Hoa" in html
    assert "Nguyễn Văn Hùng" in html
    assert (
        "Tổ 3/1 thôn 3"
        in client_for(make_user(Role.PROVINCE_OFFICER, "38")).get("/initiatives/").content.decode()
    )
    assert (
        client_for(make_user(Role.PROVINCE_OFFICER, "31"))
        .get(f"/initiatives/{to31.pk}/")
        .status_code
        == 404
    )
    assert (
        client_for(make_user(Role.NATIONAL_ANALYST, "VN")).get("/initiatives/").status_code == 403
    )
    response = client_for(officer).post(
        "/initiatives/new/",
        {
            "name": "5+1 xóm Đông",
            "template": "five_plus_one",
            "level": "commune",
            "communes": "15865",
            "launched_on": "01/06/2025",
            "status": "active",
        },
    )
    assert response.status_code == 302


def test_partner_directory_counts_the_people_taken_on(officer, client_for, make_user):
    from reentry.initiatives.services import partner_create
    from reentry.support.services import EmploymentData, employment_record

    partner = partner_create(
        actor=officer,
        name="Xưởng may Hoằng Hóa",
        kind="business",
        offers_jobs=True,
        offers_training=False,
        commune_code="15865",
    )
    with pytest.raises(ValidationFailed) as excinfo:
        partner_create(
            actor=officer,
            name="xưởng may hoằng hóa",
            kind="business",
            offers_jobs=False,
            offers_training=False,
        )
    assert {"name", "offers_jobs"} <= set(excinfo.value.errors)
    person = person_register(actor=officer, data=person_data())
    employment_record(
        actor=officer,
        person=person,
        data=EmploymentData(
            employer=partner.name, kind="employee", started_on=D(2025, 1, 1), partner_id=partner.pk
        ),
    )
    with pytest.raises(ValidationFailed):
        employment_record(
            actor=officer,
            person=person,
            data=EmploymentData(
                employer="x", kind="employee", started_on=D(2025, 1, 1), partner_id=999999
            ),
        )
    html = client_for(officer).get("/initiatives/partners/").content.decode()
    assert "Xưởng may Hoằng Hóa" in html
    assert 'class="num">1<' in html
    other = client_for(make_user(Role.PROVINCE_OFFICER, "31")).get("/initiatives/partners/")
    assert "Xưởng may Hoằng Hóa" not in other.content.decode()


def test_initiatives_members_and_partners_through_the_api(officer, to31, make_user):
    from rest_framework.test import APIClient

    from reentry.accounts.tests.factories import api_token_key
    from reentry.initiatives.services import partner_create

    member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
    )
    partner_create(
        actor=officer, name="Xưởng may", kind="business", offers_jobs=True, offers_training=False
    )

    def api(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
        return client

    client = api(officer)
    rows = client.get("/api/v1/initiatives/").json()
    assert [(r["name"], r["communes"], r["member_count"]) for r in rows] == [
        ("Tổ 3/1 thôn 3", ["15865"], 1)
    ]
    members = client.get(f"/api/v1/initiative-members/?initiative={to31.pk}").json()
    assert members[0]["organisation"] == "womens_union"
    assert client.get("/api/v1/partners/").json()[0]["name"] == "Xưởng may"
    stranger = api(make_user(Role.PROVINCE_OFFICER, "31"))
    assert stranger.get("/api/v1/initiatives/").json() == []
    assert stranger.get("/api/v1/initiative-members/").json() == []
    assert stranger.get("/api/v1/partners/").json() == []


def test_the_job_form_offers_the_province_partners(officer, client_for, make_user):
    partner = partner_create(
        actor=officer,
        name="Công ty Giày Hoằng Hóa",
        kind="business",
        offers_jobs=True,
        offers_training=False,
    )
    partner_create(
        actor=make_user(Role.COMMUNE_OFFICER, "11341"),
        name="Công ty Cảng Hải Phòng",
        kind="business",
        offers_jobs=True,
        offers_training=False,
    )
    person = person_register(actor=officer, data=person_data())
    client = client_for(officer)
    form = client.get(f"/persons/{person.pk}/jobs/new/").content.decode()
    assert "Công ty Giày Hoằng Hóa" in form
    assert "Công ty Cảng Hải Phòng" not in form
    response = client.post(
        f"/persons/{person.pk}/jobs/new/",
        {"partner": partner.pk, "employer": "", "kind": "employee", "started_on": "02/01/2025"},
    )
    assert response.status_code == 302
    job = person.employments.get()
    assert (job.partner_id, job.employer) == (partner.pk, "Công ty Giày Hoằng Hóa")
    page = client.get(f"/initiatives/partners/{partner.pk}/").content.decode()
    assert person.full_name in page  # who the partner took on
    listed = AuditEvent.objects.get(action="view", summary="partner page")
    assert listed.changes == {"person_ids": [person.pk]}
    stranger = client_for(make_user(Role.PROVINCE_OFFICER, "31"))
    assert stranger.get(f"/initiatives/partners/{partner.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(officer)
    created = api.post(
        "/api/v1/employments/",
        {
            "person": person.pk,
            "employer": "x",
            "kind": "seasonal",
            "started_on": "2025-03-01",
            "partner": 999999,
        },
        format="json",
    )
    assert created.status_code == 400
    assert "partner" in created.json()


def test_a_member_who_leaves_and_an_ended_assignment_close_the_file_to_the_member(
    officer, to31, make_user, client_for
):
    member_user = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.roi")
    member = member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
        username="mohinh.roi",
    )
    first = person_register(actor=officer, data=person_data())
    second = person_register(
        actor=officer, data=person_data(full_name="Trần Văn Hai", national_id="")
    )
    a1 = person_assign(actor=officer, initiative=to31, person=first, started_on=D(2025, 1, 1))
    person_assign(actor=officer, initiative=to31, person=second, started_on=D(2025, 1, 1))
    as_member = client_for(member_user)
    assert as_member.get(f"/persons/{first.pk}/").status_code == 200
    page = client_for(officer)
    bad = page.post(f"/initiatives/{to31.pk}/assignments/{a1.pk}/end/", {"on": "01/01/2024"})
    assert "Ngày kết thúc không thể trước ngày bắt đầu." in bad.content.decode()
    done = page.post(f"/initiatives/{to31.pk}/assignments/{a1.pk}/end/", {"on": "01/06/2025"})
    assert done.status_code == 302
    assert as_member.get(f"/persons/{first.pk}/").status_code == 404
    assert as_member.get(f"/persons/{second.pk}/").status_code == 200
    detail = page.get(f"/initiatives/{to31.pk}/").content.decode()
    assert "Đã giúp đỡ trước đây (1 người)" in detail
    assert page.get(f"/initiatives/{to31.pk}/assignments/{a1.pk}/end/").status_code == 404
    left = page.post(f"/initiatives/{to31.pk}/members/{member.pk}/leave/", {"on": "01/07/2025"})
    assert left.status_code == 302
    assert as_member.get(f"/persons/{second.pk}/").status_code == 404
    assert person_list(actor=member_user, filters=PersonFilters()).rows == []
    # another commune's officer cannot even find the initiative
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert neighbour.get(f"/initiatives/{to31.pk}/members/{member.pk}/leave/").status_code == 404


def test_initiatives_are_written_through_the_api(officer, make_user):
    api = APIClient()
    api.force_authenticate(officer)
    created = api.post(
        "/api/v1/initiatives/",
        {"name": "CLB Hoàn lương", "template": "club", "level": "commune", "communes": ["15865"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    initiative = created.json()["id"]
    outside = api.post(
        "/api/v1/initiatives/",
        {"name": "Tổ 3/1", "template": "to_3_1", "level": "commune", "communes": ["15880"]},
        format="json",
    )
    assert outside.status_code == 400
    assert "communes" in outside.json()
    member = {
        "initiative": initiative,
        "full_name": "Đỗ Văn Quân",
        "organisation": "youth_union",
        "joined_on": "2025-01-02",
    }
    added = api.post("/api/v1/initiative-members/", member, format="json")
    assert added.status_code == 201, added.json()
    twice = api.post("/api/v1/initiative-members/", member, format="json")
    assert twice.status_code == 400
    assert "full_name" in twice.json()
    person = person_register(actor=officer, data=person_data())
    assigned = api.post(
        "/api/v1/assignments/",
        {"initiative": initiative, "person": person.pk, "started_on": "2025-02-01"},
        format="json",
    )
    assert assigned.status_code == 201, assigned.json()
    assert [a["person"] for a in api.get(f"/api/v1/assignments/?initiative={initiative}").json()]
    ended = api.post(
        f"/api/v1/assignments/{assigned.json()['id']}/end/", {"on": "2025-03-01"}, format="json"
    )
    assert ended.json()["ended_on"] == "2025-03-01"
    assert api.get("/api/v1/assignments/").json() == []
    left = api.post(
        f"/api/v1/initiative-members/{added.json()['id']}/leave/",
        {"on": "2024-01-01"},
        format="json",
    )
    assert left.status_code == 400  # before joining
    partner = api.post(
        "/api/v1/partners/",
        {"name": "HTX Hoằng Hóa", "kind": "cooperative", "offers_jobs": True},
        format="json",
    )
    assert partner.status_code == 201, partner.json()
    labour = APIClient()
    labour.force_authenticate(make_user(Role.LABOUR_OFFICER, "15865"))
    assert labour.post("/api/v1/partners/", {"name": "x", "kind": "other"}).status_code == 403
    assert labour.get("/api/v1/partners/").json()[0]["name"] == "HTX Hoằng Hóa"
    stranger = APIClient()
    stranger.force_authenticate(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert (
        stranger.post(
            "/api/v1/initiative-members/", {**member, "full_name": "X"}, format="json"
        ).status_code
        == 404
    )


def test_suspending_an_initiative_closes_the_files_to_its_members(
    officer, to31, make_user, client_for
):
    member_user = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.tamdung")
    member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
        username="mohinh.tamdung",
    )
    person = person_register(actor=officer, data=person_data())
    person_assign(actor=officer, initiative=to31, person=person, started_on=D(2025, 1, 1))
    assert client_for(member_user).get(f"/persons/{person.pk}/").status_code == 200
    page = client_for(officer)
    form = {
        "name": "Tổ 3/1 thôn 3 (mới)",
        "template": "to_3_1",
        "level": "commune",
        "communes": "15865",
        "status": "suspended",
        "version": to31.version,
    }
    assert page.post(f"/initiatives/{to31.pk}/edit/", form).status_code == 302
    to31.refresh_from_db()
    assert (to31.name, to31.status, to31.version) == ("Tổ 3/1 thôn 3 (mới)", "suspended", 2)
    assert client_for(member_user).get(f"/persons/{person.pk}/").status_code == 404
    stale = page.post(f"/initiatives/{to31.pk}/edit/", {**form, "status": "active"})
    assert "vừa được người khác cập nhật" in stale.content.decode()
    to31.refresh_from_db()
    assert to31.status == "suspended"
    assert AuditEvent.objects.filter(
        object_type="initiatives.initiative", action="update"
    ).get().changes == {
        "name": ["Tổ 3/1 thôn 3", "Tổ 3/1 thôn 3 (mới)"],
        "status": ["active", "suspended"],
    }


def test_only_the_province_edits_an_initiative_of_several_communes(make_user, client_for):
    province = make_user(Role.PROVINCE_OFFICER, "38")
    business = initiative_create(
        actor=province,
        name="Doanh nghiệp đồng hành",
        template="business",
        level="commune",
        commune_codes=["15865", "15880"],
        launched_on=None,
    )
    commune = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    assert commune.get(f"/initiatives/{business.pk}/").status_code == 200
    assert commune.get(f"/initiatives/{business.pk}/edit/").status_code == 403
    api = APIClient()
    api.force_authenticate(province)
    body = api.get(f"/api/v1/initiatives/{business.pk}/").json()
    changed = api.put(
        f"/api/v1/initiatives/{business.pk}/",
        {**body, "status": "dissolved", "communes": ["15865", "15880", "15889"]},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["communes"] == ["15865", "15880", "15889"]
    again = api.put(f"/api/v1/initiatives/{business.pk}/", body, format="json")
    assert again.status_code == 409
    outside = APIClient()
    outside.force_authenticate(make_user(Role.PROVINCE_OFFICER, "31"))
    assert outside.get(f"/api/v1/initiatives/{business.pk}/").status_code == 404


@pytest.fixture
def shared(make_user):
    """An initiative of the province over two communes, a member account in 15865 and a
    person helped in each commune."""
    province = make_user(Role.PROVINCE_OFFICER, "38")
    initiative = initiative_create(
        actor=province,
        name="Doanh nghiệp đồng hành",
        template="business",
        level="commune",
        commune_codes=["15865", "15880"],
        launched_on=None,
    )
    account = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.chung")
    member = member_add(
        actor=province,
        initiative=initiative,
        full_name="Ngô Văn Sáu",
        organisation="business",
        joined_on=D(2024, 1, 1),
        username="mohinh.chung",
    )
    here = person_register(
        actor=make_user(Role.COMMUNE_OFFICER, "15865"), data=person_data(commune_code="15865")
    )
    there = person_register(
        actor=make_user(Role.COMMUNE_OFFICER, "15880"),
        data=person_data(commune_code="15880", full_name="Lý Thị Bảy", national_id=""),
        confirm_possible_duplicate=True,
    )
    for person in (here, there):
        person_assign(
            actor=province, initiative=initiative, person=person, started_on=D(2025, 1, 1)
        )
    return province, initiative, account, member, here, there


def test_a_commune_cannot_manage_the_members_of_a_shared_initiative(shared, make_user, client_for):
    _province, initiative, _account, member, here, there = shared
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    page = client_for(officer)
    assert page.get(f"/initiatives/{initiative.pk}/members/new/").status_code == 403
    left = page.post(
        f"/initiatives/{initiative.pk}/members/{member.pk}/leave/", {"on": "01/02/2025"}
    )
    assert left.status_code == 403
    api = APIClient()
    api.force_authenticate(officer)
    refused = api.post(
        f"/api/v1/initiative-members/{member.pk}/leave/", {"on": "2025-02-01"}, format="json"
    )
    assert refused.status_code == 403
    member.refresh_from_db()
    assert member.left_on is None
    # the commune still ends the help to its own resident, not to the neighbour's
    mine = initiative.assignments.get(person=here)
    theirs = initiative.assignments.get(person=there)
    assert (
        api.post(
            f"/api/v1/assignments/{theirs.pk}/end/", {"on": "2025-02-01"}, format="json"
        ).status_code
        == 404
    )
    ended = api.post(f"/api/v1/assignments/{mine.pk}/end/", {"on": "2025-02-01"}, format="json")
    assert ended.status_code == 200
    again = api.post(f"/api/v1/assignments/{mine.pk}/end/", {"on": "2025-02-01"}, format="json")
    assert again.status_code == 404  # no longer open


def test_dropping_a_commune_ends_the_help_there(shared, client_for):
    province, initiative, account, _member, here, there = shared
    assert client_for(account).get(f"/persons/{here.pk}/").status_code == 200
    initiative_update(
        actor=province,
        initiative=initiative,
        expected_version=initiative.version,
        name=initiative.name,
        template="business",
        level="commune",
        commune_codes=["15880"],
        launched_on=None,
        status="active",
    )
    assert client_for(account).get(f"/persons/{here.pk}/").status_code == 404
    assert initiative.assignments.get(person=here).ended_on == timezone.localdate()
    assert initiative.assignments.get(person=there).ended_on is None
    initiative.refresh_from_db()
    initiative_update(
        actor=province,
        initiative=initiative,
        expected_version=initiative.version,
        name=initiative.name,
        template="business",
        level="commune",
        commune_codes=["15880"],
        launched_on=None,
        status="dissolved",
    )
    assert not initiative.assignments.filter(ended_on__isnull=True).exists()


def test_a_put_must_send_every_field(shared):
    province, initiative, *_ = shared
    api = APIClient()
    api.force_authenticate(province)
    body = api.get(f"/api/v1/initiatives/{initiative.pk}/").json()
    partial = {k: body[k] for k in ("name", "template", "level", "version")}
    refused = api.put(f"/api/v1/initiatives/{initiative.pk}/", partial, format="json")
    assert refused.status_code == 400
    assert {"communes", "launched_on", "status"} <= set(refused.json())
    initiative.refresh_from_db()
    assert initiative.status == "active"


def test_leaving_twice_names_the_field_sent(officer, to31):
    member = member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
    )
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/v1/initiative-members/{member.pk}/leave/"
    assert api.post(url, {"on": "2025-01-01"}, format="json").status_code == 200
    twice = api.post(url, {"on": "2025-01-01"}, format="json")
    assert twice.status_code == 400
    assert "on" in twice.json()


def test_the_list_counts_what_the_initiative_page_shows(shared, make_user, client_for):
    province, initiative, account, *_ = shared
    member_add(
        actor=province,
        initiative=initiative,
        full_name="Trần Văn Chín",
        organisation="youth_union",
        joined_on=D(2024, 1, 1),
    )
    for user, members, people in (
        (province, 2, 2),
        (make_user(Role.COMMUNE_OFFICER, "15865"), 2, 1),  # the neighbour's resident is not
        (account, 2, 1),  # a member account counts every member, not only itself
    ):
        api = APIClient()
        api.force_authenticate(user)
        row = api.get("/api/v1/initiatives/").json()[0]
        assert (row["member_count"], row["person_count"]) == (members, people), user.role


def test_the_assignment_page_finds_people_by_name_not_by_file_number(
    officer, to31, make_user, client_for
):
    def registered(name, **more):
        return person_register(
            actor=officer,
            data=person_data(full_name=name, national_id="", **more),
            confirm_possible_duplicate=True,
        )

    tam = registered("Lê Văn Tám")
    helped = registered("Lê Văn Bảy")
    closed = registered("Lê Văn Chín")
    type(closed).objects.filter(pk=closed.pk).update(status="closed")
    person_assign(actor=officer, initiative=to31, person=helped, started_on=D(2025, 1, 2))
    elsewhere = make_user(Role.COMMUNE_OFFICER, "15880")
    other = person_register(
        actor=elsewhere,
        data=person_data(full_name="Lê Văn Mười", national_id="", commune_code="15880"),
        confirm_possible_duplicate=True,
    )
    client = client_for(officer)
    url = f"/initiatives/{to31.pk}/assign/"
    page = client.get(url + "?q=le+van").content.decode()
    assert f"Lê Văn Tám — 12/03/1985 — Xã Hoằng Hóa (#{tam.pk})" in page
    for absent in ("Lê Văn Bảy", "Lê Văn Chín", "Lê Văn Mười"):  # helped, closed, elsewhere
        assert absent not in page
    assert "Không có ai tên “tam tam”" in client.get(url + "?q=tam+tam").content.decode()
    # a file number that is not among those listed is refused, nothing written
    refused = client.post(url + "?q=le+van", {"person": other.pk, "started_on": "02/12/2026"})
    assert "không có trong danh sách" in refused.content.decode()
    assert not to31.assignments.filter(person=other).exists()
    done = client.post(url + "?q=le+van", {"person": tam.pk, "started_on": "02/12/2026"})
    assert done.status_code == 302
    assert to31.assignments.filter(person=tam, ended_on__isnull=True).exists()
    listed = AuditEvent.objects.filter(summary="assignment candidates").first()
    assert listed is not None
    assert tam.pk in listed.changes["person_ids"]
