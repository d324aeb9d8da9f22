"""The list of files as XLSX: the whole filtered list, only the columns the role may see,
never a sealed file, a file elsewhere or a file transferred away; every download audited."""

import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.tests.xlsx import column, every_text, header, open_download, sheet_rows
from reentry.initiatives.services import initiative_create, member_add, person_assign
from reentry.persons.services import person_status_change, person_transfer
from reentry.persons.tests.factories import registered, sealed

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/persons/?format=xlsx"
OFFENCE_TEXT = ["Trộm cắp tài sản", "Điều 173", "45/2019/HS-ST", "Tù có thời hạn", "Tội danh"]


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def files(officer, make_user):
    """Two files of Xã Hoằng Hóa, one sealed there, one in the next commune."""
    hung = registered(officer, "Nguyễn Văn Hùng", national_id="038085001234")
    mai = registered(officer, "Lê Thị Mai", gender="female")
    person_status_change(
        actor=officer,
        person=mai,
        status="managed",
        on=timezone.localdate(),
        expected_version=mai.version,
    )
    sealed(officer, registered(officer, "Nguyễn Văn Kín"))
    registered(make_user(Role.COMMUNE_OFFICER, "15880"), "Trần Văn Xa", commune_code="15880")
    return {"hung": hung, "mai": mai}


def test_the_police_get_every_file_of_the_commune_with_its_sentence(officer, files, client_for):
    response = client_for(officer).get(URL)
    assert response["Content-Disposition"].startswith('attachment; filename="ho-so-')
    assert header(response) == [
        "Số hồ sơ",
        "Họ và tên",
        "Tên gọi khác",
        "Giới tính",
        "Ngày sinh",
        "Năm sinh",
        "Số CCCD",
        "Xã, phường",
        "Nơi cư trú",
        "Tình trạng",
        "Số bản án",
        "Ngày tuyên án",
        "Tội danh",
        "Loại tội phạm",
        "Hình phạt chính",
        "Thời hạn tù (tháng)",
        "Ngày ra trại",
        "Hình thức ra trại",
    ]
    rows = {r[1]: r for r in sheet_rows(response)[5:]}
    assert set(rows) == {"Nguyễn Văn Hùng", "Lê Thị Mai"}
    hung = rows["Nguyễn Văn Hùng"]
    assert hung[6] == "038085001234"  # text: the leading zero stays
    assert hung[12] == "Điều 173 Trộm cắp tài sản"
    assert hung[16] == D(2022, 6, 19)  # a date cell
    assert hung[17] == "Chấp hành xong án phạt tù"
    assert sheet_rows(response)[1][0] == "Đơn vị: Xã Hoằng Hóa, Tỉnh Thanh Hóa"


def test_filters_apply_and_the_whole_list_comes_not_one_page(officer, files, client_for):
    for i in range(30):
        registered(officer, f"Phạm Văn {i}", sentence=False)
    client = client_for(officer)
    assert len(column(client.get(URL), "Họ và tên")) == 32  # the page shows 25
    managed = client.get("/persons/?status=managed&format=xlsx")
    assert column(managed, "Họ và tên") == ["Lê Thị Mai"]
    assert sheet_rows(managed)[2][0] == "Bộ lọc: Tình trạng: Đang quản lý"
    found = client.get("/persons/?q=hung&format=xlsx")
    assert column(found, "Họ và tên") == ["Nguyễn Văn Hùng"]
    by_year = client.get("/persons/?release_year=2021&format=xlsx")
    assert column(by_year, "Họ và tên") == []


def test_the_province_gets_both_communes_but_never_a_sealed_file(files, make_user, client_for):
    response = client_for(make_user(Role.PROVINCE_OFFICER, "38")).get(URL)
    names = column(response, "Họ và tên")
    assert sorted(names) == ["Lê Thị Mai", "Nguyễn Văn Hùng", "Trần Văn Xa"]
    assert "Nguyễn Văn Kín" not in every_text(response)


def test_a_file_transferred_away_leaves_the_old_communes_download(
    officer, files, make_user, client_for
):
    hung = files["hung"]
    person_transfer(
        actor=officer,
        person=hung,
        to_commune_code="15880",
        moved_on=timezone.localdate(),
        reason="Chuyển về quê vợ",
        expected_version=hung.version,
    )
    assert column(client_for(officer).get(URL), "Họ và tên") == ["Lê Thị Mai"]
    there = client_for(make_user(Role.COMMUNE_OFFICER, "15880")).get(URL)
    assert sorted(column(there, "Họ và tên")) == ["Nguyễn Văn Hùng", "Trần Văn Xa"]


def test_a_labour_officer_gets_no_offence_column_nor_offence_text(files, make_user, client_for):
    response = client_for(make_user(Role.LABOUR_OFFICER, "15865")).get(
        "/persons/?release_type=completed&format=xlsx"  # a filter they may not use is ignored
    )
    assert header(response)[-1] == "Tình trạng"
    assert sorted(column(response, "Họ và tên")) == ["Lê Thị Mai", "Nguyễn Văn Hùng"]
    assert "038085001234" in column(response, "Số CCCD")  # as on their list page
    text = every_text(response)
    for word in [*OFFENCE_TEXT, "Chấp hành xong án phạt tù", "Hình thức ra trại"]:
        assert word not in text


def test_an_initiative_member_gets_only_their_people_without_offences(
    officer, files, make_user, client_for
):
    member = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.test")
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
    person_assign(actor=officer, initiative=to31, person=files["hung"], started_on=D(2025, 1, 1))
    response = client_for(member).get(URL)
    assert column(response, "Họ và tên") == ["Nguyễn Văn Hùng"]
    text = every_text(response)
    assert "Lê Thị Mai" not in text
    for word in OFFENCE_TEXT:
        assert word not in text


@pytest.mark.parametrize(("role", "code"), [(Role.NATIONAL_ANALYST, "VN"), (Role.SYSADMIN, "VN")])
def test_roles_without_personal_data_are_refused(files, make_user, client_for, role, code):
    assert client_for(make_user(role, code)).get(URL).status_code == 403


def test_the_download_is_audited_with_every_file_in_it(officer, files, client_for):
    client_for(officer).get("/persons/?q=038085001234&status=managed&format=xlsx")
    client_for(officer).get(URL)
    first, second = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("id")
    assert (first.object_type, first.summary, first.actor) == (
        "persons.person",
        "persons xlsx",
        officer,
    )
    assert first.changes["filters"] == {"q": "(searched)", "status": "managed"}  # no ID kept
    assert first.changes["rows"] == 0
    assert sorted(second.changes["person_ids"]) == sorted(p.pk for p in files.values())
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, summary="list page").exists()


def test_the_page_links_the_download_with_its_filters(officer, files, client_for):
    html = client_for(officer).get("/persons/?status=managed&after=xyz").content.decode()
    assert 'href="?status=managed&amp;format=xlsx">Tải Excel</a>' in html


def test_the_download_costs_a_fixed_number_of_queries(
    officer, files, client_for, django_assert_max_num_queries
):
    for i in range(20):
        registered(officer, f"Phạm Văn {i}")
    client = client_for(officer)
    with django_assert_max_num_queries(
        14
    ):  # +4: session save, 2FA device; +2: audit chain head and lock
        response = client.get(URL)
    open_download(response)
