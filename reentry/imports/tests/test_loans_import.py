"""Importing the loan list: each loan onto the borrower's file under the law's ceiling and
window; the same list again changes nothing, a later list moves loans along."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.core.errors import DomainError
from reentry.support.models import Loan

from .sheets import AN_CCCD, message_at, person, run, where, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def people(officer):
    an = person(officer)
    hang = person(
        officer,
        full_name="Lê Thị Hằng",
        gender="female",
        date_of_birth=D(1990, 1, 2),
        national_id="038190004321",
        released=D(2023, 8, 30),
    )
    return an, hang


AN = {
    "full_name": "Nguyễn Văn An",
    "national_id": AN_CCCD,
    "lender": "NHCSXH",
    "amount_vnd": "50 triệu",
    "term_months": 36,
    "purpose": "Mua máy may, mở tiệm sửa quần áo",
    "applied_on": "10/01/2023",
    "approved_on": "15/02/2023",
    "disbursed_on": "01/03/2023",
    "status": "Đang trả nợ đúng hạn",
}
HANG = {
    "full_name": "LÊ THỊ HẰNG",
    "national_id": "038190004321",
    "lender": "Hội Phụ nữ",
    "amount_vnd": "30.000.000 đ",
    "term_months": "24",
    "purpose": "Chăn nuôi lợn",
    "applied_on": "2/3/24",
}


def test_loans_are_recorded_on_the_borrowers_files(officer, people):
    an, hang = people
    done = run(officer, "loans", xlsx("loans", [AN, HANG]), commit=True)
    assert (done.created, done.problems) == (2, [])
    loan = Loan.objects.get(person=an)
    assert (loan.lender, loan.amount_vnd, loan.term_months) == ("vbsp", 50_000_000, 36)
    assert (loan.applied_on, loan.approved_on, loan.disbursed_on) == (
        D(2023, 1, 10),
        D(2023, 2, 15),
        D(2023, 3, 1),
    )
    assert loan.status == "current"
    hers = Loan.objects.get(person=hang)
    assert (hers.lender, hers.amount_vnd, hers.applied_on, hers.status) == (
        "womens_union",
        30_000_000,
        D(2024, 3, 2),
        "applied",  # no status in the sheet: applied
    )


def test_the_same_list_again_changes_nothing_and_a_later_one_moves_loans_on(officer, people):
    an, hang = people
    run(officer, "loans", xlsx("loans", [AN, HANG]), commit=True)
    again = run(officer, "loans", xlsx("loans", [AN, HANG]), commit=True)
    assert (again.created, again.updated, again.duplicates, again.problems) == (0, 0, 2, [])
    later = [
        {**AN, "status": "Đã trả hết"},
        {**HANG, "status": "Đã phê duyệt", "approved_on": "20/03/2024"},
    ]
    moved = run(officer, "loans", xlsx("loans", later), commit=True)
    assert (moved.created, moved.updated, moved.problems) == (0, 2, [])
    assert Loan.objects.get(person=an).status == "repaid"
    hers = Loan.objects.get(person=hang)
    assert (hers.status, hers.approved_on) == ("approved", D(2024, 3, 20))
    older = run(officer, "loans", xlsx("loans", [AN, HANG]), commit=True)  # the first list
    assert (older.updated, older.duplicates) == (0, 2)  # never back
    assert Loan.objects.get(person=an).status == "repaid"
    assert Loan.objects.count() == 2


def test_bad_cells_and_the_laws_limits_are_named_and_nothing_is_written(officer, people):
    rows = [
        AN,
        {**HANG, "amount_vnd": "2,69 tỷ"},  # over the 100,000,000 đ ceiling
        {**HANG, "applied_on": "03/03/2024", "term_months": "ba năm"},
        {**AN, "applied_on": "01/01/2022"},  # before the release: not in the window
    ]
    outcome = run(officer, "loans", xlsx("loans", rows), commit=True)
    assert not outcome.committed
    assert where(outcome) == {
        (3, "Số tiền vay"),
        (4, "Thời hạn vay (tháng)"),
        (5, "Ngày đề nghị"),
    }
    assert "100.000.000" in message_at(outcome, 3)
    assert "số nguyên" in message_at(outcome, 4)
    assert "ra trại" in message_at(outcome, 5)
    assert not Loan.objects.exists()


def test_a_loan_already_on_file_keeps_its_amount(officer, people):
    run(officer, "loans", xlsx("loans", [AN]), commit=True)
    outcome = run(officer, "loans", xlsx("loans", [{**AN, "amount_vnd": "60 triệu"}]), commit=True)
    assert where(outcome) == {(2, "Số tiền vay")}
    assert "50.000.000 đ" in message_at(outcome, 2)
    assert Loan.objects.get().amount_vnd == 50_000_000


def test_a_borrower_out_of_scope_is_an_error_on_its_row(officer, people, make_user):
    person(
        make_user(Role.COMMUNE_OFFICER, "15880"),  # Xã Hoằng Giang, next door
        full_name="Phạm Văn Cường",
        commune_code="15880",
        date_of_birth=D(1985, 4, 2),
        national_id="038085001111",
    )
    row = {**AN, "full_name": "Phạm Văn Cường", "national_id": "038085001111"}
    outcome = run(officer, "loans", xlsx("loans", [HANG, row]), commit=True)
    assert where(outcome) == {(3, "Số CCCD")}
    assert message_at(outcome, 3) == (
        "Không tìm thấy hồ sơ có số CCCD 038085001111 trong phạm vi của bạn."
    )
    assert not Loan.objects.exists()


def test_a_role_that_may_not_record_loans_is_refused(officer, people, make_user):
    with pytest.raises(DomainError):
        run(make_user(Role.PROVINCE_OFFICER, "38"), "loans", xlsx("loans", [AN]), commit=True)
    assert not Loan.objects.exists()
