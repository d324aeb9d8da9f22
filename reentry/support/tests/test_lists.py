"""The lists of acts of help and of loans: filtered pages in the user's scope, and their
XLSX downloads with the same filters, never a sealed file, a file elsewhere or one
transferred away; every page and download audited."""

import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.tests.xlsx import column, every_text, header, open_download, sheet_rows
from reentry.initiatives.services import initiative_create, member_add, person_assign
from reentry.persons.services import person_transfer
from reentry.persons.tests.factories import registered, sealed
from reentry.support.services import ActivityData, LoanData, loan_record, support_activity_record

pytestmark = pytest.mark.django_db
D = datetime.date
OFFENCE_TEXT = ["Trộm cắp tài sản", "Điều 173", "45/2019/HS-ST", "Tội danh", "Bản án"]


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


def _visit(actor, person, kind, day, **extra):
    data = ActivityData(kind=kind, occurred_on=day, provider_name="Công an xã", **extra)
    return support_activity_record(actor=actor, person=person, data=data)


def _loan(actor, person, amount, applied_on, **extra):
    data = LoanData(
        lender=extra.pop("lender", "vbsp"),
        amount_vnd=amount,
        term_months=60,
        purpose=extra.pop("purpose", "Chăn nuôi bò"),
        applied_on=applied_on,
        **extra,
    )
    return loan_record(actor=actor, person=person, data=data)


@pytest.fixture
def world(officer, make_user):
    """Hùng and Mai of Xã Hoằng Hóa with help and loans; Kín helped, then sealed; Xa next
    door with his own."""
    hung = registered(officer, "Nguyễn Văn Hùng")
    mai = registered(officer, "Lê Thị Mai", gender="female")
    _visit(officer, hung, "counselling", D(2026, 3, 1), outcome="Ổn định tâm lý")
    _visit(officer, hung, "social_assistance", D(2026, 1, 10), amount_vnd=1_500_000)
    _visit(officer, mai, "job_referral", D(2025, 11, 20), next_follow_up_on=D(2026, 1, 5))
    _loan(officer, hung, 50_000_000, D(2026, 2, 1))
    _loan(
        officer,
        mai,
        30_000_000,
        D(2025, 6, 1),
        lender="womens_union",
        status="current",
        approved_on=D(2025, 6, 10),
        disbursed_on=D(2025, 6, 20),
    )
    kin = registered(officer, "Nguyễn Văn Kín")
    _visit(officer, kin, "counselling", D(2026, 3, 2))
    _loan(officer, kin, 40_000_000, D(2026, 2, 2))
    sealed(officer, kin)
    neighbour = make_user(Role.COMMUNE_OFFICER, "15880")
    xa = registered(neighbour, "Trần Văn Xa", commune_code="15880")
    _visit(neighbour, xa, "counselling", D(2026, 3, 3))
    _loan(neighbour, xa, 70_000_000, D(2026, 2, 3))
    return {"hung": hung, "mai": mai}


# --- acts of help -------------------------------------------------------------------------


def test_the_page_lists_the_communes_help_newest_first(officer, world, client_for):
    html = client_for(officer).get("/persons/activities/").content.decode()
    assert html.index("01/03/2026") < html.index("10/01/2026") < html.index("20/11/2025")
    assert "1.500.000 đ" in html
    assert "Nguyễn Văn Kín" not in html
    assert "Trần Văn Xa" not in html
    assert 'href="?format=xlsx">Tải Excel</a>' in html
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, summary="activity list").exists()


def test_the_activity_download_has_vietnamese_headers_dates_and_money(officer, world, client_for):
    response = client_for(officer).get("/persons/activities/?format=xlsx")
    assert header(response) == [
        "Ngày",
        "Họ và tên",
        "Năm sinh",
        "Xã, phường",
        "Loại hỗ trợ",
        "Bên hỗ trợ",
        "Người, cơ quan hỗ trợ",
        "Kết quả",
        "Số tiền (đồng)",
        "Hẹn theo dõi",
    ]
    sheet = open_download(response).active
    assert [sheet.cell(r, 2).value for r in range(6, 9)] == [
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Lê Thị Mai",
    ]
    day, money = sheet["A7"], sheet["I7"]
    assert (day.is_date, day.value.date(), day.number_format) == (
        True,
        D(2026, 1, 10),
        "DD/MM/YYYY",
    )
    assert (money.value, money.number_format) == (1_500_000, "#,##0")
    text = every_text(response)
    assert "Nguyễn Văn Kín" not in text
    assert "Trần Văn Xa" not in text


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("kind=counselling", ["Nguyễn Văn Hùng"]),
        ("date_from=01/01/2026&date_to=31/01/2026", ["Nguyễn Văn Hùng"]),
        ("date_to=31/12/2025", ["Lê Thị Mai"]),
        ("q=le thi", ["Lê Thị Mai"]),
        ("kind=legal_aid", []),
    ],
)
def test_the_filters_of_the_page_apply_to_the_download(officer, world, client_for, query, names):
    client = client_for(officer)
    assert column(client.get(f"/persons/activities/?{query}&format=xlsx"), "Họ và tên") == names
    html = client.get(f"/persons/activities/?{query}").content.decode()
    for name in {"Nguyễn Văn Hùng", "Lê Thị Mai"} - set(names):
        assert name not in html


def test_the_province_filters_by_commune_and_never_sees_a_sealed_file(world, make_user, client_for):
    client = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    everything = client.get("/persons/activities/?format=xlsx")
    assert set(column(everything, "Họ và tên")) == {
        "Nguyễn Văn Hùng",
        "Lê Thị Mai",
        "Trần Văn Xa",
    }
    assert "Nguyễn Văn Kín" not in every_text(everything)
    next_door = client.get("/persons/activities/?commune=15880&format=xlsx")
    assert column(next_door, "Họ và tên") == ["Trần Văn Xa"]
    assert sheet_rows(next_door)[2][0] == "Bộ lọc: Mã xã: 15880"


def test_help_to_a_file_transferred_away_leaves_the_old_communes_lists(
    officer, world, make_user, client_for
):
    mai = world["mai"]
    person_transfer(
        actor=officer,
        person=mai,
        to_commune_code="15880",
        moved_on=timezone.localdate(),
        reason="Chuyển về quê chồng",
        expected_version=mai.version,
    )
    client = client_for(officer)
    assert "Lê Thị Mai" not in every_text(client.get("/persons/activities/?format=xlsx"))
    assert "Lê Thị Mai" not in every_text(client.get("/persons/loans/?format=xlsx"))
    there = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert "Lê Thị Mai" in column(there.get("/persons/loans/?format=xlsx"), "Họ và tên")


def test_an_initiative_member_gets_only_their_peoples_help_and_no_offence(
    officer, world, make_user, client_for
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
    person_assign(actor=officer, initiative=to31, person=world["mai"], started_on=D(2025, 1, 1))
    client = client_for(member)
    for url in ("/persons/activities/?format=xlsx", "/persons/loans/?format=xlsx"):
        response = client.get(url)
        assert set(column(response, "Họ và tên")) == {"Lê Thị Mai"}, url
        text = every_text(response)
        for word in OFFENCE_TEXT:
            assert word not in text, (url, word)


def test_a_labour_officer_gets_the_same_columns_and_no_offence(world, make_user, client_for):
    client = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    for url in ("/persons/activities/?format=xlsx", "/persons/loans/?format=xlsx"):
        response = client.get(url)
        assert "Nguyễn Văn Hùng" in column(response, "Họ và tên")
        text = every_text(response)
        for word in OFFENCE_TEXT:
            assert word not in text, (url, word)


@pytest.mark.parametrize("url", ["/persons/activities/", "/persons/loans/"])
@pytest.mark.parametrize(("role", "code"), [(Role.NATIONAL_ANALYST, "VN"), (Role.SYSADMIN, "VN")])
def test_roles_without_support_data_are_refused(world, make_user, client_for, url, role, code):
    client = client_for(make_user(role, code))
    assert client.get(url).status_code == 403
    assert client.get(f"{url}?format=xlsx").status_code == 403


def test_each_download_is_audited_with_its_filters_and_files(officer, world, client_for):
    client_for(officer).get("/persons/activities/?kind=counselling&q=hung&format=xlsx")
    client_for(officer).get("/persons/loans/?status=applied&format=xlsx")
    activities, loans = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("id")
    assert (activities.object_type, activities.summary) == (
        "support.supportactivity",
        "support activities xlsx",
    )
    assert activities.changes == {
        "rows": 1,
        "filters": {"kind": "counselling", "q": "(searched)"},
        "person_ids": [world["hung"].pk],
    }
    assert (loans.object_type, loans.changes["person_ids"]) == ("support.loan", [world["hung"].pk])


def test_the_lists_are_in_the_navigation_of_roles_that_see_support(
    officer, world, make_user, client_for
):
    html = client_for(officer).get("/persons/activities/").content.decode()
    assert 'aria-current="page" class="active">Hoạt động hỗ trợ</a>' in html
    assert 'href="/persons/loans/"' in html
    for role in (Role.LABOUR_OFFICER, Role.INITIATIVE_MEMBER):
        home = client_for(make_user(role, "15865")).get("/").content.decode()
        assert 'href="/persons/activities/"' in home
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN")).get("/").content.decode()
    assert 'href="/persons/activities/"' not in analyst


def test_the_activity_page_pages_and_costs_a_fixed_number_of_queries(
    officer, world, client_for, django_assert_max_num_queries
):
    person = world["hung"]
    for day in range(1, 61):
        _visit(officer, person, "encouragement_visit", D(2025, 1, 1) + datetime.timedelta(days=day))
    client = client_for(officer)
    with django_assert_max_num_queries(
        12
    ):  # +4: session save, 2FA device; +2: audit chain head and lock
        first = client.get("/persons/activities/?q=hung").content.decode()
    assert 'href="?q=hung&amp;page=2"' in first
    second = client.get("/persons/activities/?q=hung&page=2").content.decode()
    assert second.count("<td>Gặp gỡ, động viên</td>") == 12  # 62 acts of Hùng, 50 a page
    with django_assert_max_num_queries(
        12
    ):  # +4: session save, 2FA device; +2: audit chain head and lock
        response = client.get("/persons/activities/?format=xlsx")
    assert len(column(response, "Họ và tên")) == 63


# --- loans --------------------------------------------------------------------------------


def test_the_loan_page_lists_the_communes_loans_with_their_total(
    officer, world, client_for, django_assert_max_num_queries
):
    client = client_for(officer)
    with django_assert_max_num_queries(
        13
    ):  # +4: session save, 2FA device; +2: audit chain head and lock
        html = client.get("/persons/loans/").content.decode()
    assert "2 khoản vay, tổng số tiền 80.000.000 đ." in html
    assert "Quỹ Hội Liên hiệp Phụ nữ" in html
    assert "Nguyễn Văn Kín" not in html
    assert "70.000.000" not in html
    assert 'href="?format=xlsx">Tải Excel</a>' in html


def test_the_loan_download_has_vietnamese_headers_and_money_as_numbers(officer, world, client_for):
    response = client_for(officer).get("/persons/loans/?format=xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="vay-von-')
    assert header(response) == [
        "Họ và tên",
        "Năm sinh",
        "Xã, phường",
        "Nơi cho vay",
        "Số tiền vay (đồng)",
        "Thời hạn (tháng)",
        "Mục đích",
        "Ngày đề nghị",
        "Ngày phê duyệt",
        "Ngày giải ngân",
        "Tình trạng",
    ]
    assert column(response, "Số tiền vay (đồng)") == [50_000_000, 30_000_000]
    assert column(response, "Ngày giải ngân") == [None, D(2025, 6, 20)]
    assert column(response, "Tình trạng") == ["Đã đề nghị", "Đang trả nợ đúng hạn"]


@pytest.mark.parametrize(
    ("query", "names", "described"),
    [
        ("status=current", ["Lê Thị Mai"], "Tình trạng: Đang trả nợ đúng hạn"),
        ("lender=vbsp", ["Nguyễn Văn Hùng"], "Nơi cho vay: Ngân hàng Chính sách xã hội"),
        ("year=2025", ["Lê Thị Mai"], "Năm đề nghị vay: 2025"),
        ("year=2024", [], "Năm đề nghị vay: 2024"),
    ],
)
def test_the_loan_filters_apply_to_the_download(
    officer, world, client_for, query, names, described
):
    response = client_for(officer).get(f"/persons/loans/?{query}&format=xlsx")
    assert column(response, "Họ và tên") == names
    assert sheet_rows(response)[2][0] == f"Bộ lọc: {described}"


def test_a_sealed_file_and_one_elsewhere_never_reach_the_provinces_loan_download(
    world, make_user, client_for
):
    response = client_for(make_user(Role.PROVINCE_OFFICER, "38")).get("/persons/loans/?format=xlsx")
    assert sorted(column(response, "Họ và tên")) == ["Lê Thị Mai", "Nguyễn Văn Hùng", "Trần Văn Xa"]
    assert "Nguyễn Văn Kín" not in every_text(response)
    assert 40_000_000 not in column(response, "Số tiền vay (đồng)")
