"""Importing who works where: each job onto the person's file; the same sheet again changes
nothing, and a sheet that would change a recorded job says it cannot."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.core.errors import DomainError
from reentry.support.models import Employment

from .sheets import AN_CCCD, message_at, person, run, where, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


ROWS = [
    {
        "full_name": "Nguyễn Văn An",
        "national_id": AN_CCCD,
        "employer": "Công ty TNHH May Hoằng Hóa",
        "kind": "Làm công, hưởng lương",
        "started_on": "01/10/2022",
        "ended_on": "31/12/2023",
        "monthly_income_vnd": "7,5 triệu",
    },
    {
        "full_name": "nguyễn văn an",
        "date_of_birth": "15/03/1990",
        "employer": "Tự sửa xe máy tại nhà",
        "kind": "tự kinh doanh",
        "started_on": "02/01/2024",
        "monthly_income_vnd": "6.000.000",
    },
]


def test_jobs_are_recorded_on_the_file(officer):
    an = person(officer)
    done = run(officer, "employment", xlsx("employment", ROWS), commit=True)
    assert (done.created, done.problems) == (2, [])
    factory, garage = an.employments.order_by("started_on")
    assert (factory.employer, factory.kind, factory.monthly_income_vnd) == (
        "Công ty TNHH May Hoằng Hóa",
        "employee",
        7_500_000,
    )
    assert (factory.started_on, factory.ended_on) == (D(2022, 10, 1), D(2023, 12, 31))
    assert (garage.kind, garage.ended_on, garage.monthly_income_vnd) == (
        "self_employed",
        None,
        6_000_000,
    )


def test_the_same_sheet_again_changes_nothing_and_a_changed_job_is_said(officer):
    person(officer)
    run(officer, "employment", xlsx("employment", ROWS), commit=True)
    again = run(officer, "employment", xlsx("employment", ROWS), commit=True)
    assert (again.created, again.updated, again.duplicates, again.problems) == (0, 0, 2, [])
    # the employer typed in capitals is the same workplace; the sheet now ends the job
    ended = {**ROWS[1], "employer": "TỰ SỬA XE MÁY TẠI NHÀ", "ended_on": "30/06/2026"}
    outcome = run(officer, "employment", xlsx("employment", [ended]), commit=True)
    assert where(outcome) == {(2, "Đến ngày")}
    assert "chưa có ngày kết thúc" in message_at(outcome, 2)
    assert Employment.objects.count() == 2
    assert Employment.objects.filter(ended_on__isnull=True).count() == 1


def test_a_bad_cell_is_named_and_nothing_is_written(officer):
    person(officer)
    rows = [
        ROWS[0],
        {**ROWS[1], "kind": "Đi làm xa"},
        {**ROWS[1], "started_on": "01/03/2024", "ended_on": "01/02/2024"},
        {**ROWS[1], "started_on": "01/04/2024", "monthly_income_vnd": "6tr"},
    ]
    outcome = run(officer, "employment", xlsx("employment", rows), commit=True)
    assert not outcome.committed
    assert where(outcome) == {(3, "Hình thức"), (4, "Đến ngày"), (5, "Thu nhập hằng tháng")}
    assert "trước ngày bắt đầu" in message_at(outcome, 4)
    assert not Employment.objects.exists()


def test_a_person_out_of_scope_is_an_error_on_its_row(officer):
    person(officer)
    row = {**ROWS[0], "full_name": "Lê Thị Hằng", "national_id": "038190004321"}
    outcome = run(officer, "employment", xlsx("employment", [ROWS[1], row]), commit=True)
    assert where(outcome) == {(3, "Số CCCD")}
    assert "038190004321 trong phạm vi của bạn" in message_at(outcome, 3)
    assert not Employment.objects.exists()


def test_a_role_that_may_not_record_jobs_is_refused(officer, make_user):
    person(officer)
    analyst = make_user(Role.NATIONAL_ANALYST, "VN")
    with pytest.raises(DomainError):
        run(analyst, "employment", xlsx("employment", ROWS), commit=True)
    assert not Employment.objects.exists()
