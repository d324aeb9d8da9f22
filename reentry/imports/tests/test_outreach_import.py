"""Importing outreach events with their attendance: in the communes of the actor's scope;
the same list again changes nothing."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.core.errors import DomainError
from reentry.outreach.models import OutreachEvent

from .sheets import message_at, run, where, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


ROWS = [
    {
        "held_on": "15/05/2023",
        "kind": "Hội nghị",
        "title": "Hội nghị tuyên truyền chính sách hỗ trợ người chấp hành xong án phạt tù",
        "participants": "1.250 lượt",
        "materials": 150,
    },
    {
        "held_on": "02/06/2023",
        "kind": "loa",
        "title": "Phát thanh về chính sách vay vốn QĐ 22/2023",
        "communes": 15865,  # a number cell
    },
    {
        "held_on": "10/06/2023",
        "kind": "Phát tờ rơi",
        "title": "Phát tờ rơi hỗ trợ người chấp hành xong án phạt tù",
        "materials": "2 500 tờ",
    },
]


def test_events_are_recorded_with_their_attendance(officer):
    done = run(officer, "outreach", xlsx("outreach", ROWS), commit=True)
    assert (done.created, done.problems) == (3, [])
    conference, bulletin, leaflets = OutreachEvent.objects.order_by("held_on")
    assert (conference.kind, conference.held_on) == ("conference", D(2023, 5, 15))
    assert (conference.participants, conference.materials) == (1250, 150)
    assert [c.code for c in conference.communes.all()] == ["15865"]  # the commune uploaded for
    assert conference.province.code == "38"
    assert (bulletin.kind, bulletin.participants) == ("loudspeaker", 0)
    assert (leaflets.kind, leaflets.materials) == ("leaflets", 2500)
    assert leaflets.recorded_by == officer


def test_the_same_list_again_changes_nothing(officer):
    run(officer, "outreach", xlsx("outreach", ROWS), commit=True)
    retyped = [{**ROWS[0], "title": ROWS[0]["title"].upper()}, *ROWS[1:]]
    again = run(officer, "outreach", xlsx("outreach", retyped), commit=True)
    assert (again.created, again.updated, again.duplicates, again.problems) == (0, 0, 3, [])
    assert OutreachEvent.objects.count() == 3


def test_a_bad_cell_is_named_and_nothing_is_written(officer):
    rows = [
        ROWS[0],
        {**ROWS[1], "participants": "khoảng 50"},
        {**ROWS[2], "held_on": "10/06/2031"},
        {**ROWS[2], "held_on": "11/06/2023", "kind": "Triển lãm"},
    ]
    outcome = run(officer, "outreach", xlsx("outreach", rows), commit=True)
    assert not outcome.committed
    assert where(outcome) == {(3, "Số lượt người tham dự"), (4, "Ngày tổ chức"), (5, "Hình thức")}
    assert "không phải là một số lượng" in message_at(outcome, 3)
    assert "tương lai" in message_at(outcome, 4)
    assert not OutreachEvent.objects.exists()


def test_a_commune_out_of_scope_is_an_error_on_its_row(officer):
    row = {**ROWS[1], "communes": "15865; 11341"}  # Phường Ngô Quyền, Hải Phòng
    outcome = run(officer, "outreach", xlsx("outreach", [ROWS[0], row]), commit=True)
    assert where(outcome) == {(3, "Mã xã")}
    assert "“11341” nằm ngoài phạm vi" in message_at(outcome, 3)
    assert not OutreachEvent.objects.exists()


def test_a_role_that_may_not_record_outreach_is_refused(make_user):
    province = make_user(Role.PROVINCE_OFFICER, "38")
    with pytest.raises(DomainError):
        run(province, "outreach", xlsx("outreach", ROWS), commit=True)
    assert not OutreachEvent.objects.exists()
