"""Importing acts of help: each onto the file of the person it names, in the actor's scope;
kind + person + day is the same act, so the same sheet again changes nothing."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.core.errors import DomainError
from reentry.support.models import SupportActivity

from .sheets import AN_CCCD, csv, message_at, person, run, where, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


ROWS = [
    {
        "full_name": "nguyễn văn AN",
        "national_id": AN_CCCD,
        "kind": "Giới thiệu việc làm",
        "occurred_on": "05/09/2022",
        "provider_name": "Trung tâm dịch vụ việc làm tỉnh",
        "outcome": "Được nhận vào làm tại xưởng may",
        "next_follow_up_on": "05/10/2022",
    },
    {  # no CCCD in the sheet: found by name and birth date
        "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "15/03/1990",
        "kind": "trợ giúp xã hội",
        "occurred_on": "20/1/2023",
        "provider_name": "Hội Phụ nữ xã",
        "provider_kind": "đoàn thể",
        "amount_vnd": "2 triệu",
    },
    {
        "full_name": "Nguyễn Văn An",
        "national_id": 38090001234,  # a number cell: its leading zero comes back
        "kind": "Gặp gỡ, động viên",
        "occurred_on": 45000,  # a date cell saved as Excel's serial number (15/03/2023)
        "provider_name": "Tổ 3/1 thôn",
        "provider_kind": "Thành viên mô hình",
    },
]


def test_acts_of_help_are_recorded_on_the_file(officer):
    an = person(officer)
    preview = run(officer, "activities", xlsx("activities", ROWS), commit=False)
    assert (preview.created, preview.problems) == (3, [])
    assert not SupportActivity.objects.exists()
    done = run(officer, "activities", xlsx("activities", ROWS), commit=True)
    assert (done.created, done.committed) == (3, True)
    job, money, visit = an.activities.order_by("occurred_on")
    assert (job.kind, job.occurred_on, job.provider_kind) == (
        "job_referral",
        D(2022, 9, 5),
        "agency",
    )
    assert job.outcome == "Được nhận vào làm tại xưởng may"
    assert job.next_follow_up_on == D(2022, 10, 5)
    assert job.recorded_by == officer
    assert (money.kind, money.amount_vnd, money.provider_name) == (
        "social_assistance",
        2_000_000,
        "Hội Phụ nữ xã",
    )
    assert (visit.kind, visit.occurred_on, visit.provider_kind) == (
        "encouragement_visit",
        D(2023, 3, 15),
        "member",
    )


def test_the_same_sheet_again_changes_nothing_and_says_so(officer):
    person(officer)
    run(officer, "activities", xlsx("activities", ROWS), commit=True)
    again = run(officer, "activities", csv("activities", ROWS[:2]), commit=True, filename="a.csv")
    assert (again.created, again.updated, again.duplicates, again.problems) == (0, 0, 2, [])
    assert SupportActivity.objects.count() == 3


def test_a_bad_cell_is_named_and_nothing_is_written(officer):
    person(officer)
    rows = [
        ROWS[0],
        {**ROWS[1], "amount_vnd": "hai triệu"},
        {**ROWS[2], "kind": "Đi chơi"},
        {**ROWS[2], "occurred_on": "01/01/2031"},  # the service: not in the future
        # the service: an amount only for a loan or social assistance
        {**ROWS[0], "occurred_on": "06/09/2022", "amount_vnd": "500.000"},
    ]
    outcome = run(officer, "activities", xlsx("activities", rows), commit=True)
    assert not outcome.committed
    assert where(outcome) == {
        (3, "Số tiền"),
        (4, "Loại hỗ trợ"),
        (5, "Ngày hỗ trợ"),
        (6, "Số tiền"),
    }
    assert "không đọc được" in message_at(outcome, 3)
    assert "không có trong danh mục" in message_at(outcome, 4)
    assert "tương lai" in message_at(outcome, 5)
    assert not SupportActivity.objects.exists()


def test_a_person_out_of_scope_is_an_error_on_its_row(officer, make_user):
    person(officer)
    person(
        make_user(Role.COMMUNE_OFFICER, "11341"),
        full_name="Phạm Văn Cường",
        commune_code="11341",
        date_of_birth=D(1988, 4, 2),
        national_id="031088009999",
    )
    rows = [
        ROWS[0],
        {**ROWS[0], "full_name": "Phạm Văn Cường", "national_id": "031088009999"},
        {**ROWS[1], "full_name": "Phạm Văn Cường", "date_of_birth": "02/04/1988"},
        # An's number with someone else's name: a typo somewhere, written nowhere
        {**ROWS[0], "full_name": "Lê Văn Dũng", "occurred_on": "06/09/2022"},
    ]
    outcome = run(officer, "activities", xlsx("activities", rows), commit=True)
    assert where(outcome) == {(3, "Số CCCD"), (4, "Họ và tên"), (5, "Họ và tên")}
    assert message_at(outcome, 3) == (
        "Không tìm thấy hồ sơ có số CCCD 031088009999 trong phạm vi của bạn."
    )
    assert message_at(outcome, 4) == (
        "Không tìm thấy hồ sơ “Phạm Văn Cường”, sinh ngày 02/04/1988 trong phạm vi của bạn."
    )
    assert "Nguyễn Văn An" in message_at(outcome, 5)
    assert not SupportActivity.objects.exists()


def test_a_role_that_may_not_record_support_is_refused(officer, make_user):
    person(officer)
    with pytest.raises(DomainError):
        run(
            make_user(Role.PROVINCE_OFFICER, "38"),
            "activities",
            xlsx("activities", ROWS),
            commit=True,
        )
    assert not SupportActivity.objects.exists()


def test_a_labour_officer_may_import_acts_of_help(officer, make_user):
    an = person(officer)
    labour = make_user(Role.LABOUR_OFFICER, "15865")
    done = run(labour, "activities", xlsx("activities", ROWS[:1]), commit=True)
    assert (done.created, done.problems) == (1, [])
    assert an.activities.get().recorded_by == labour
