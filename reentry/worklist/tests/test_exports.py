"""The worklist as XLSX: what the page lists, for the roles that see it, never a sealed
file or one elsewhere; the offence-side work only for the roles that see offences."""

import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.tests.xlsx import every_text, header, records
from reentry.persons.services import release_notice_record
from reentry.persons.tests.factories import registered, sealed
from reentry.support.services import ActivityData, support_activity_record

pytestmark = pytest.mark.django_db
URL = "/worklist/?format=xlsx"
EXPUNGEMENT = "Hướng dẫn đề nghị cấp phiếu lý lịch tư pháp (đương nhiên xóa án tích)"


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def work(officer, make_user):
    """Hùng's notice is waiting for its residence check (overdue); Mai has a follow-up
    visit due and her record is due for expungement; Kín's file is sealed; Xa next door
    has a notice of his own."""
    today = timezone.localdate()
    hung = registered(officer, "Nguyễn Văn Hùng", sentence=False)
    release_notice_record(
        actor=officer,
        person=hung,
        facility="Trại giam Thanh Phong",
        received_on=today - datetime.timedelta(days=10),
        intended_address="Thôn 3",
    )
    mai = registered(officer, "Lê Thị Mai", gender="female")
    support_activity_record(
        actor=officer,
        person=mai,
        data=ActivityData(
            kind="encouragement_visit",
            occurred_on=today - datetime.timedelta(days=20),
            provider_name="Công an xã",
            next_follow_up_on=today + datetime.timedelta(days=3),
        ),
    )
    kin = registered(officer, "Nguyễn Văn Kín")
    support_activity_record(
        actor=officer,
        person=kin,
        data=ActivityData(
            kind="counselling",
            occurred_on=today - datetime.timedelta(days=20),
            provider_name="Công an xã",
            next_follow_up_on=today + datetime.timedelta(days=3),
        ),
    )
    sealed(officer, kin)
    neighbour = make_user(Role.COMMUNE_OFFICER, "15880")
    xa = registered(neighbour, "Trần Văn Xa", commune_code="15880", sentence=False)
    release_notice_record(
        actor=neighbour,
        person=xa,
        facility="Trại giam Thanh Phong",
        received_on=today - datetime.timedelta(days=10),
        intended_address="Thôn 1",
    )


def _rows(response):
    return [(r["Việc"], r["Người"], r["Quá hạn"]) for r in records(response)]


def test_the_police_download_what_the_page_lists_overdue_first(officer, work, client_for):
    client = client_for(officer)
    assert 'href="?format=xlsx">Tải Excel</a>' in client.get("/worklist/").content.decode()
    response = client.get(URL)
    assert response["Content-Disposition"].startswith('attachment; filename="viec-can-lam-')
    assert header(response) == ["Hạn", "Quá hạn", "Việc", "Người", "Xã, phường", "Ghi chú"]
    rows = _rows(response)
    assert ("Xác minh nơi cư trú", "Nguyễn Văn Hùng", "Quá hạn") in rows
    assert ("Theo dõi sau: Gặp gỡ, động viên", "Lê Thị Mai", None) in rows
    assert (EXPUNGEMENT, "Lê Thị Mai", "Quá hạn") in rows
    dues = [r["Hạn"] for r in records(response)]
    assert dues == sorted(dues)
    assert dues[0] < timezone.localdate()
    text = every_text(response)
    assert "Nguyễn Văn Kín" not in text
    assert "Trần Văn Xa" not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.summary == "worklist xlsx"
    assert len(event.changes["person_ids"]) == 2


def test_a_labour_officer_gets_the_support_work_and_nothing_of_the_record(
    work, make_user, client_for
):
    response = client_for(make_user(Role.LABOUR_OFFICER, "15865")).get(URL)
    assert _rows(response) == [("Theo dõi sau: Gặp gỡ, động viên", "Lê Thị Mai", None)]
    text = every_text(response)
    for word in ("Xác minh nơi cư trú", "Nguyễn Văn Hùng", "lý lịch tư pháp", "Phân loại"):
        assert word not in text


@pytest.mark.parametrize(("role", "code"), [(Role.NATIONAL_ANALYST, "VN"), (Role.SYSADMIN, "VN")])
def test_roles_without_personal_data_are_refused(work, make_user, client_for, role, code):
    assert client_for(make_user(role, code)).get(URL).status_code == 403
