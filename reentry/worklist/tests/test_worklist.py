import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.outcomes.services import classification_record
from reentry.persons.services import (
    IntakeData,
    intake_record,
    person_register,
    release_notice_record,
)
from reentry.persons.tests.factories import person_data
from reentry.support.services import ActivityData, support_activity_record
from reentry.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


def kinds(items):
    return sorted(i.kind for i in items)


def test_an_unchecked_notice_appears_and_recording_the_check_removes_it(officer, client_for):
    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    notice = release_notice_record(
        actor=officer,
        person=person,
        facility="Trại giam Thanh Phong",
        received_on=today - datetime.timedelta(days=10),
        intended_address="Thôn 3",
        expected_release_on=today - datetime.timedelta(days=2),
    )
    items = worklist_for(actor=officer)
    assert kinds(items) == ["reporting", "residence_check"]
    assert all(item.overdue for item in items)
    page = client_for(officer).get("/worklist/").content.decode()
    assert "quá hạn" in page
    assert f"/persons/{person.pk}/notices/{notice.pk}/intake/" in page
    intake_record(
        actor=officer,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(
            residence_checked_on=today - datetime.timedelta(days=5),
            reported_on=today - datetime.timedelta(days=1),
        ),
    )
    # the intake's tasks are gone; the person, now under management, is to be classified
    assert kinds(worklist_for(actor=officer)) == ["classification_review"]
    classification_record(actor=officer, person=person, assessed_on=today, grade="A")
    assert worklist_for(actor=officer) == []


def reporting_items(actor):
    return [(i.due, i.note) for i in worklist_for(actor=actor) if i.kind == "reporting"]


def test_the_reporting_date_says_whether_it_is_a_deadline_of_law(officer, client_for):
    today = timezone.localdate()
    released = today - datetime.timedelta(days=1)
    early = person_register(actor=officer, data=person_data())
    release_notice_record(
        actor=officer,
        person=early,
        facility="Trại giam Thanh Phong",
        received_on=today - datetime.timedelta(days=20),
        intended_address="Thôn 3",
        expected_release_on=released,
        release_type="conditional",
    )
    ((due, note),) = reporting_items(officer)
    assert due == released + datetime.timedelta(days=5)
    assert "5 ngày kể từ ngày được tha tù trước thời hạn có điều kiện" in note
    assert "Luật Thi hành án hình sự 2019" in note
    served = person_register(
        actor=officer, data=person_data(national_id=""), confirm_possible_duplicate=True
    )
    release_notice_record(
        actor=officer,
        person=served,
        facility="Trại giam Thanh Phong",
        received_on=today - datetime.timedelta(days=20),
        intended_address="Thôn 4",
        expected_release_on=released,
    )
    assert (released, "Ngày ra trại dự kiến: người về trình diện từ ngày này.") in reporting_items(
        officer
    )
    page = client_for(officer).get("/worklist/").content.decode()
    assert "Ngày ra trại dự kiến: người về trình diện từ ngày này." in page


def test_a_notice_without_a_release_date_waits_for_the_reporting_after_its_check(officer):
    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    notice = release_notice_record(
        actor=officer,
        person=person,
        facility="Trại giam Thanh Phong",
        received_on=today - datetime.timedelta(days=10),
        intended_address="Thôn 3",
    )
    assert kinds(worklist_for(actor=officer)) == ["residence_check"]
    notice = intake_record(
        actor=officer,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(residence_checked_on=today - datetime.timedelta(days=8)),
    )
    # before, the file fell off the list here and the person was never received
    assert reporting_items(officer) == [
        (
            notice.residence_check_due,
            "Thông báo không có ngày ra trại: ghi ngày trình diện khi người về.",
        )
    ]
    intake_record(
        actor=officer,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(residence_checked_on=today - datetime.timedelta(days=8), reported_on=today),
    )
    assert reporting_items(officer) == []


def test_the_end_of_a_conditional_release_says_what_it_means(officer):
    from reentry.persons.services import sentence_add
    from reentry.persons.tests.factories import sentence_data

    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    type(person).objects.filter(pk=person.pk).update(status="managed")
    ends = today + datetime.timedelta(days=6)
    sentence_add(
        actor=officer,
        person=person,
        data=sentence_data(
            release_date=today - datetime.timedelta(days=300),
            release_type="conditional",
            conditional_probation_end=ends,
        ),
    )
    (item,) = [i for i in worklist_for(actor=officer) if i.kind == "probation_end"]
    assert (item.due, item.url) == (ends, f"/persons/{person.pk}/#expungement")
    assert "coi như đã chấp hành xong án phạt tù" in item.note
    assert "Điều 73 khoản 4" in item.note


def test_a_classification_falls_due_again_after_the_review_period(officer, settings):
    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    type(person).objects.filter(pk=person.pk).update(status="managed")  # as after intake
    settings.CLASSIFICATION_REVIEW_MONTHS = 3
    classification_record(
        actor=officer,
        person=person,
        assessed_on=today - datetime.timedelta(days=100),
        grade="B",
        difficulties=["no_job"],
    )
    (item,) = worklist_for(actor=officer)
    assert (item.kind, item.title) == ("classification_review", "Phân loại lại")
    assert item.overdue
    settings.CLASSIFICATION_REVIEW_MONTHS = 6
    assert worklist_for(actor=officer) == []


def test_a_classification_recorded_late_does_not_bring_the_review_back(officer, settings):
    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    type(person).objects.filter(pk=person.pk).update(status="managed")
    settings.CLASSIFICATION_REVIEW_MONTHS = 3
    classification_record(actor=officer, person=person, assessed_on=today, grade="A")
    # an older paper classification typed in afterwards
    classification_record(
        actor=officer, person=person, assessed_on=today - datetime.timedelta(days=200), grade="A"
    )
    assert worklist_for(actor=officer) == []


def test_a_merged_in_classification_counts_for_the_file_kept(officer):
    from reentry.persons.services import person_merge

    today = timezone.localdate()
    keep = person_register(actor=officer, data=person_data())
    twin = person_register(
        actor=officer, data=person_data(national_id=""), confirm_possible_duplicate=True
    )
    type(keep).objects.filter(pk__in=[keep.pk, twin.pk]).update(status="managed")
    classification_record(actor=officer, person=twin, assessed_on=today, grade="A")
    assert [item.person_id for item in worklist_for(actor=officer)] == [keep.pk]
    keep.refresh_from_db()
    person_merge(actor=officer, keep=keep, duplicate=twin, expected_version=keep.version)
    assert worklist_for(actor=officer) == []


def test_a_follow_up_is_done_by_the_next_visit(officer):
    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(
            kind="encouragement_visit",
            occurred_on=today - datetime.timedelta(days=20),
            provider_name="Hội Phụ nữ",
            next_follow_up_on=today + datetime.timedelta(days=3),
        ),
    )
    assert kinds(worklist_for(actor=officer)) == ["follow_up"]
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(
            kind="encouragement_visit", occurred_on=today, provider_name="Hội Phụ nữ"
        ),
    )
    assert worklist_for(actor=officer) == []


def test_each_role_sees_its_own_work_in_its_scope(officer, make_user):
    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    release_notice_record(
        actor=officer, person=person, facility="Trại", received_on=today, intended_address="Thôn 3"
    )
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(
            kind="job_referral",
            occurred_on=today - datetime.timedelta(days=3),
            provider_name="Trung tâm",
            next_follow_up_on=today + datetime.timedelta(days=1),
        ),
    )
    labour = make_user(Role.LABOUR_OFFICER, "15865")
    assert kinds(worklist_for(actor=labour)) == ["follow_up"]  # no police work
    assert kinds(worklist_for(actor=make_user(Role.PROVINCE_OFFICER, "38"))) == [
        "follow_up",
        "residence_check",
    ]
    assert worklist_for(actor=make_user(Role.COMMUNE_OFFICER, "15880")) == []


def test_worklist_page_costs_fixed_queries(officer, client_for, django_assert_max_num_queries):
    today = timezone.localdate()
    for i in range(15):
        person = person_register(
            actor=officer,
            data=person_data(full_name=f"Người {i}", national_id=""),
            confirm_possible_duplicate=True,
        )
        release_notice_record(
            actor=officer,
            person=person,
            facility="Trại",
            received_on=today,
            intended_address="Thôn 3",
        )
    client = client_for(officer)
    with django_assert_max_num_queries(
        20
    ):  # one per kind of work (+4: session save, 2FA device); +2: audit chain head and lock
        response = client.get("/worklist/")
    assert len(response.context["items"]) == 15


def test_worklist_through_the_api(officer, client_for):
    today = timezone.localdate()
    person = person_register(actor=officer, data=person_data())
    release_notice_record(
        actor=officer, person=person, facility="Trại", received_on=today, intended_address="Thôn 3"
    )
    data = client_for(officer).get("/api/v1/worklist/").json()
    assert [(i["kind"], i["person"]) for i in data] == [("residence_check", person.pk)]


def test_the_page_says_when_a_kind_has_more_work_than_it_shows(officer, client_for, monkeypatch):
    from reentry.worklist import selectors, views

    monkeypatch.setattr(selectors, "PER_KIND", 3)
    monkeypatch.setattr(views, "PER_KIND", 3)
    today = timezone.localdate()
    for i in range(5):
        person = person_register(
            actor=officer,
            data=person_data(full_name=f"Người {i}", national_id=""),
            confirm_possible_duplicate=True,
        )
        release_notice_record(
            actor=officer, person=person, facility="Trại", received_on=today, intended_address="x"
        )
    html = client_for(officer).get("/worklist/").content.decode()
    assert "Còn nhiều việc hơn danh sách này hiển thị (Xác minh nơi cư trú" in html
    assert "mỗi loại chỉ hiện 3 việc sớm nhất" in html
