"""Emergency access ("break the glass"): a province officer opens one file of another
province, for a stated reason, read-only, for EMERGENCY_ACCESS_MINUTES; audited; the
file's commune and province see it on the file."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from reentry.access.models import EmergencyAccess
from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.persons.tests.factories import registered, sealed

REASON = "Phối hợp xác minh theo công văn số 112/CAT-PV01 của Công an tỉnh Thanh Hóa"


@pytest.fixture
def world(make_user, client_for):
    officer = make_user(Role.COMMUNE_OFFICER, "15865", full_name="Trần Thu Hạnh")
    person = registered(officer, "Nguyễn Văn Hùng")
    other = make_user(Role.PROVINCE_OFFICER, "31", full_name="Phạm Quốc Bảo")
    return officer, person, other, client_for(other)


def open_file(client, person_id, reason=REASON):
    return client.post(reverse("access:emergency_open"), {"person_id": person_id, "reason": reason})


def test_a_stated_reason_opens_the_file_read_only_and_the_commune_sees_who_and_why(
    world, client_for
):
    officer, person, other, client = world
    detail = reverse("persons:detail", args=[person.pk])
    assert client.get(detail).status_code == 404  # another province's file

    response = open_file(client, person.pk)
    assert response.status_code == 302
    assert response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "Nguyễn Văn Hùng" in page
    assert "theo quyền truy cập khẩn cấp" in page
    # read-only: the edit pages and the file's lists stay closed to them
    assert client.get(reverse("persons:edit", args=[person.pk])).status_code in (403, 404)
    assert "Nguyễn Văn Hùng" not in client.get(reverse("persons:list")).content.decode()
    assert client.get(reverse("api:person_detail", args=[person.pk])).status_code == 200

    opened = AuditEvent.objects.get(action=AuditAction.EMERGENCY_OPEN)
    assert (opened.actor, opened.object_id, opened.summary) == (other, str(person.pk), REASON)
    assert opened.unit_path == person.commune_path  # the commune's trail shows it
    views = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=other)
    assert views.filter(summary__contains="emergency access").count() == 2

    commune_page = client_for(officer).get(detail).content.decode()
    assert "Truy cập khẩn cấp từ ngoài phạm vi" in commune_page
    assert "Phạm Quốc Bảo" in commune_page
    assert "112/CAT-PV01" in commune_page


def test_the_access_ends_when_its_time_is_up(world):
    _officer, person, _other, client = world
    open_file(client, person.pk)
    grant = EmergencyAccess.objects.get()
    assert grant.expires_at - grant.opened_at == datetime.timedelta(minutes=120)
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(reverse("persons:detail", args=[person.pk])).status_code == 404


@override_settings(EMERGENCY_ACCESS_MINUTES=15)
def test_the_length_of_the_access_is_a_setting(world):
    _officer, person, _other, client = world
    open_file(client, person.pk)
    grant = EmergencyAccess.objects.get()
    assert grant.expires_at - grant.opened_at == datetime.timedelta(minutes=15)


def test_bad_requests_say_why_and_open_nothing(world, make_user, client_for):
    officer, person, _other, client = world
    short = open_file(client, person.pk, reason="cần xem").content.decode()
    assert "Ghi rõ lý do (ít nhất 20 ký tự)" in short
    missing = open_file(client, 999_999).content.decode()
    assert "Không tìm thấy hồ sơ số 999999" in missing
    own_province = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    assert "thuộc phạm vi của bạn" in open_file(own_province, person.pk).content.decode()
    locked = sealed(officer, registered(officer, "Lê Thị Mai"))
    assert "Không tìm thấy hồ sơ" in open_file(client, locked.pk).content.decode()
    assert not EmergencyAccess.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EMERGENCY_OPEN).exists()


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.COMMUNE_OFFICER, "11341"),
        (Role.LABOUR_OFFICER, "31"),
        (Role.NATIONAL_ANALYST, "VN"),
        (Role.SYSADMIN, "VN"),
    ],
)
def test_only_province_officers_may_break_the_glass(world, make_user, client_for, role, code):
    _officer, person, _other, _client = world
    assert open_file(client_for(make_user(role, code)), person.pk).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_a_grant_opens_that_file_to_that_officer_alone(world, make_user, client_for):
    officer, person, _other, client = world
    neighbour = registered(officer, "Hoàng Văn Sơn")
    open_file(client, person.pk)
    assert client.get(reverse("persons:detail", args=[neighbour.pk])).status_code == 404
    colleague = client_for(make_user(Role.PROVINCE_OFFICER, "31"))
    assert colleague.get(reverse("persons:detail", args=[person.pk])).status_code == 404
