"""The list of initiatives as XLSX: what the list page shows, in the user's scope."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.tests.xlsx import column, every_text, header, records
from reentry.initiatives.services import initiative_create, member_add, person_assign
from reentry.persons.tests.factories import registered

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/initiatives/?format=xlsx"


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def member(make_user):
    return make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.test")


@pytest.fixture
def to31(officer, member, make_user):
    to31 = initiative_create(
        actor=officer,
        name="Tổ 3/1 thôn 3",
        template="to_3_1",
        level="commune",
        commune_codes=["15865"],
        launched_on=D(2024, 5, 1),
    )
    member_add(
        actor=officer,
        initiative=to31,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 5, 1),
        username="mohinh.test",
    )
    person_assign(
        actor=officer,
        initiative=to31,
        person=registered(officer, "Nguyễn Văn Hùng"),
        started_on=D(2025, 1, 1),
    )
    initiative_create(
        actor=make_user(Role.COMMUNE_OFFICER, "15880"),
        name="5+1 xã bên",
        template="five_plus_one",
        level="commune",
        commune_codes=["15880"],
        launched_on=D(2025, 3, 1),
    )
    return to31


def test_the_download_has_the_columns_of_the_page_and_no_personal_data(officer, to31, client_for):
    client = client_for(officer)
    assert 'href="?format=xlsx">Tải Excel</a>' in client.get("/initiatives/").content.decode()
    response = client.get(URL)
    assert header(response) == [
        "Tên mô hình",
        "Loại mô hình",
        "Cấp",
        "Xã, phường",
        "Ngày ra mắt",
        "Tình trạng",
        "Thành viên",
        "Người được giúp đỡ",
    ]
    assert records(response) == [
        {
            "Tên mô hình": "Tổ 3/1 thôn 3",
            "Loại mô hình": "Tổ 3/1",
            "Cấp": "Cấp xã",
            "Xã, phường": "Xã Hoằng Hóa",
            "Ngày ra mắt": D(2024, 5, 1),
            "Tình trạng": "Đang hoạt động",
            "Thành viên": 1,
            "Người được giúp đỡ": 1,
        }
    ]
    text = every_text(response)
    assert "Nguyễn Văn Hùng" not in text
    assert "5+1 xã bên" not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.object_type, event.changes) == (
        "initiatives.initiative",
        {"rows": 1, "filters": {}},
    )


def test_the_province_gets_every_initiative_a_member_their_own(to31, member, make_user, client_for):
    province = client_for(make_user(Role.PROVINCE_OFFICER, "38")).get(URL)
    assert sorted(column(province, "Tên mô hình")) == ["5+1 xã bên", "Tổ 3/1 thôn 3"]
    assert column(client_for(member).get(URL), "Tên mô hình") == ["Tổ 3/1 thôn 3"]


@pytest.mark.parametrize(("role", "code"), [(Role.NATIONAL_ANALYST, "VN"), (Role.SYSADMIN, "VN")])
def test_roles_without_initiatives_are_refused(to31, make_user, client_for, role, code):
    assert client_for(make_user(role, code)).get(URL).status_code == 403
