"""Importing a period's classification list: each grade onto the person's file with the
difficulties or reasons it needs; a day's grade is never overwritten."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.core.errors import DomainError
from reentry.outcomes.models import Classification

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
        "assessed_on": "30/06/2023",
        "grade": "Loại B",
        # commas inside a label and between labels, as people type them
        "difficulties": "Chưa có việc làm, Mặc cảm, tự ti, bị kỳ thị; thiếu vốn",
    },
    {
        "full_name": "NGUYỄN VĂN AN",
        "national_id": AN_CCCD,
        "assessed_on": "31/12/2023",
        "grade": "a",
    },
    {
        "full_name": "nguyễn văn an",
        "date_of_birth": "15/03/1990",
        "assessed_on": "30/06/2024",
        "grade": "C",
        "notes": "Thường xuyên tụ tập uống rượu, gây mất trật tự",
    },
]


def test_grades_are_recorded_on_the_file(officer):
    an = person(officer)
    done = run(officer, "classifications", xlsx("classifications", ROWS), commit=True)
    assert (done.created, done.problems) == (3, [])
    b, a, c = an.classifications.order_by("assessed_on")
    assert (b.grade, b.assessed_on, b.difficulties) == (
        "B",
        D(2023, 6, 30),
        ["no_job", "stigma", "no_capital"],
    )
    assert (a.grade, a.difficulties, a.assessed_by) == ("A", [], officer)
    assert (c.grade, c.notes) == ("C", "Thường xuyên tụ tập uống rượu, gây mất trật tự")


def test_the_same_list_again_changes_nothing_and_another_grade_is_refused(officer):
    person(officer)
    run(officer, "classifications", xlsx("classifications", ROWS), commit=True)
    again = run(officer, "classifications", xlsx("classifications", ROWS), commit=True)
    assert (again.created, again.updated, again.duplicates, again.problems) == (0, 0, 3, [])
    other = {**ROWS[1], "grade": "B", "difficulties": "Ốm đau, bệnh tật"}
    outcome = run(officer, "classifications", xlsx("classifications", [other]), commit=True)
    assert where(outcome) == {(2, "Loại")}
    assert "đã được phân loại A" in message_at(outcome, 2)
    assert Classification.objects.count() == 3


def test_a_bad_cell_is_named_and_nothing_is_written(officer):
    person(officer)
    rows = [
        ROWS[0],
        {**ROWS[1], "grade": "E"},
        {**ROWS[1], "assessed_on": "31/03/2024", "grade": "B"},  # B needs its difficulties
        {**ROWS[2], "notes": ""},  # C needs what happened
        {**ROWS[1], "assessed_on": "30/09/2024", "difficulties": "Nghiện game"},
    ]
    outcome = run(officer, "classifications", xlsx("classifications", rows), commit=True)
    assert not outcome.committed
    assert where(outcome) == {
        (3, "Loại"),
        (4, "Khó khăn"),
        (5, "Diễn biến, lý do"),
        (6, "Khó khăn"),
    }
    assert "ít nhất một khó khăn" in message_at(outcome, 4)
    assert "“Nghiện game” không có trong danh mục" in message_at(outcome, 6)
    assert not Classification.objects.exists()


def test_a_person_out_of_scope_is_an_error_on_its_row(officer, make_user):
    person(officer)
    person(
        make_user(Role.COMMUNE_OFFICER, "15880"),
        full_name="Phạm Văn Cường",
        commune_code="15880",
        date_of_birth=D(1985, 4, 2),
        national_id="038085001111",
    )
    row = {**ROWS[2], "full_name": "Phạm Văn Cường", "date_of_birth": "02/04/1985"}
    outcome = run(officer, "classifications", xlsx("classifications", [ROWS[0], row]), commit=True)
    assert where(outcome) == {(3, "Họ và tên")}
    assert message_at(outcome, 3) == (
        "Không tìm thấy hồ sơ “Phạm Văn Cường”, sinh ngày 02/04/1985 trong phạm vi của bạn."
    )
    assert not Classification.objects.exists()


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        (Role.PROVINCE_OFFICER, "38"),  # imports nothing
        (Role.LABOUR_OFFICER, "15865"),  # imports support, but does not see the criminal side
    ],
)
def test_a_role_that_may_not_classify_is_refused(officer, make_user, role, unit):
    person(officer)
    with pytest.raises(DomainError):
        run(make_user(role, unit), "classifications", xlsx("classifications", ROWS), commit=True)
    assert not Classification.objects.exists()
