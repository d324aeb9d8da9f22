"""Importing the prison's notices: a notice goes onto the file it is about, or opens the
file when the person has none yet; the same list again changes nothing."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.core.crypto import blind_index
from reentry.core.errors import DomainError
from reentry.persons.models import Person, PersonStatus, ReleaseNotice

from .sheets import AN_CCCD, message_at, person, run, where, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


ROWS = [
    {  # Nguyễn Văn An has a file: the notice goes onto it
        "full_name": "NGUYỄN VĂN AN",
        "national_id": AN_CCCD,
        "facility": "Trại giam Thanh Phong",
        "received_on": "20/05/2022",
        "expected_release_on": "12/06/2022",
        "release_type": "Chấp hành xong án phạt tù",
        "intended_address": "Thôn 3",
    },
    {  # no file yet: one is opened, waiting for her return
        "full_name": "lê thị hằng",
        "gender": "Nữ",
        "date_of_birth": "02/01/1990",
        "national_id": "038190004321",
        "facility": "Trại giam số 5",
        "received_on": "03/11/2026",
        "expected_release_on": "28/12/2026",
        "release_type": "tha tù trước thời hạn có điều kiện",
        "intended_address": "Thôn Phú Khê",
    },
    {  # no CCCD: found, or opened, by name and birth date
        "full_name": "trần  văn bình",
        "gender": "nam",
        "date_of_birth": "1/2/1985",
        "facility": "Trại giam Thanh Phong",
        "received_on": "5.11.2026",
        "expected_release_on": "15/12/2026",
        "release_type": "Đặc xá",
        "intended_address": "Xóm 2",
    },
]


def test_notices_go_onto_files_and_open_the_missing_ones(officer):
    an = person(officer)
    preview = run(officer, "notices", xlsx("notices", ROWS), commit=False)
    assert (preview.created, preview.updated, preview.problems) == (2, 1, [])
    assert not ReleaseNotice.objects.exists()
    done = run(officer, "notices", xlsx("notices", ROWS), commit=True)
    assert (done.created, done.updated, done.problems) == (2, 1, [])
    notice = ReleaseNotice.objects.get(person=an)
    assert notice.facility == "Trại giam Thanh Phong"
    assert notice.received_on == D(2022, 5, 20)
    assert notice.residence_check_due == D(2022, 5, 25)  # 3 working days, weekend skipped
    hang = Person.objects.get(national_id_hash=blind_index("038190004321"))
    assert (hang.full_name, hang.gender, hang.commune.code) == ("Lê Thị Hằng", "female", "15865")
    assert hang.status == PersonStatus.AWAITING  # until she reports
    assert hang.address_text == "Thôn Phú Khê"
    hers = hang.notices.get()
    assert hers.release_type == "conditional"
    assert hers.reporting_due is not None  # 5 days after release, computed by the service
    binh = Person.objects.get(name_key="tranvanbinh")
    assert (binh.full_name, binh.date_of_birth, binh.national_id) == (
        "Trần Văn Bình",
        D(1985, 2, 1),
        "",
    )
    assert binh.notices.get().release_type == "pardoned"


def test_the_same_notices_again_change_nothing(officer):
    person(officer)
    run(officer, "notices", xlsx("notices", ROWS), commit=True)
    again = run(officer, "notices", xlsx("notices", ROWS), commit=True)
    assert (again.created, again.updated, again.duplicates, again.problems) == (0, 0, 3, [])
    assert ReleaseNotice.objects.count() == 3
    assert Person.objects.count() == 3


def test_a_bad_cell_is_named_and_nothing_is_written(officer):
    rows = [
        ROWS[1],
        {**ROWS[2], "received_on": "31/02/2026"},
        {**ROWS[2], "full_name": "Hà Văn Em", "gender": "", "received_on": "06/11/2026"},
    ]
    outcome = run(officer, "notices", xlsx("notices", rows), commit=True)
    assert not outcome.committed
    assert where(outcome) == {(3, "Ngày nhận thông báo"), (4, "Giới tính")}
    assert "không có thật" in message_at(outcome, 3)
    assert "giới tính" in message_at(outcome, 4)  # needed to open her file
    assert not Person.objects.exists()
    assert not ReleaseNotice.objects.exists()


def test_a_person_whose_file_is_in_another_commune(officer, make_user):
    person(
        make_user(Role.COMMUNE_OFFICER, "11341"),
        full_name="Phạm Văn Cường",
        commune_code="11341",
        date_of_birth=D(1988, 4, 2),
        national_id="031088009999",
    )
    row = {**ROWS[2], "full_name": "Phạm Văn Cường", "national_id": "031088009999"}
    row["date_of_birth"] = "02/04/1988"
    outcome = run(officer, "notices", xlsx("notices", [ROWS[1], row]), commit=True)
    assert where(outcome) == {(3, "Số CCCD")}
    assert "chuyển hồ sơ" in message_at(outcome, 3)  # the register's rule: ask for a transfer
    assert not ReleaseNotice.objects.exists()


def test_a_role_that_may_not_record_notices_is_refused(make_user):
    province = make_user(Role.PROVINCE_OFFICER, "38")
    with pytest.raises(DomainError):
        run(province, "notices", xlsx("notices", ROWS[1:]), commit=True)
    assert not Person.objects.exists()
