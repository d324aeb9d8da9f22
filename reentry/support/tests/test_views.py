import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.support.models import SupportActivity
from reentry.support.services import ActivityData, support_activity_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data())
    return person


def test_record_a_visit_from_the_person_page_in_one_short_form(officer, person, client_for):
    client = client_for(officer)
    response = client.post(
        f"/persons/{person.pk}/support/new/",
        {
            "kind": "social_assistance",
            "occurred_on": "01/03/2026",
            "provider_kind": "agency",
            "provider_name": "UBND xã Hoằng Hóa",
            "outcome": "Tặng quà Tết",
            "amount_vnd": "500000",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/persons/{person.pk}/#support")
    html = client.get(f"/persons/{person.pk}/").content.decode()
    assert "Trợ giúp xã hội" in html
    assert "500.000 đ" in html


def test_a_follow_up_before_the_visit_is_a_field_error_and_keeps_the_form(
    officer, person, client_for
):
    response = client_for(officer).post(
        f"/persons/{person.pk}/support/new/",
        {
            "kind": "encouragement_visit",
            "occurred_on": "01/03/2026",
            "provider_kind": "agency",
            "provider_name": "Công an xã",
            "next_follow_up_on": "01/02/2026",
        },
    )
    html = response.content.decode()
    assert "Ngày theo dõi tiếp phải sau ngày hỗ trợ" in html
    assert 'value="Công an xã"' in html
    assert not SupportActivity.objects.exists()


def test_who_may_record_support(person, make_user, client_for):
    url = f"/persons/{person.pk}/support/new/"
    assert client_for(make_user(Role.LABOUR_OFFICER, "15865")).get(url).status_code == 200
    assert client_for(make_user(Role.PROVINCE_OFFICER, "38")).get(url).status_code == 403
    assert client_for(make_user(Role.COMMUNE_OFFICER, "15880")).get(url).status_code == 404
    assert client_for(make_user(Role.NATIONAL_ANALYST, "VN")).get(url).status_code == 403


def test_a_loan_over_the_ceiling_is_refused_on_the_page(officer, person, client_for):
    response = client_for(officer).post(
        f"/persons/{person.pk}/loans/new/",
        {
            "lender": "vbsp",
            "amount_vnd": "150000000",
            "term_months": "60",
            "purpose": "Chăn nuôi",
            "applied_on": "05/01/2026",
            "status": "applied",
        },
    )
    assert "100.000.000 đồng" in response.content.decode()


def test_person_page_with_500_activities_costs_fixed_queries(
    officer, person, client_for, django_assert_max_num_queries
):
    SupportActivity.objects.bulk_create(
        SupportActivity(
            person=person,
            kind="encouragement_visit",
            recorded_by=officer,
            occurred_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            provider_name="Tổ 3/1",
        )
        for i in range(500)
    )
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(
            kind="job_referral",
            occurred_on=datetime.date(2026, 3, 1),
            provider_name="Trung tâm dịch vụ việc làm",
        ),
    )
    client = client_for(officer)
    # +4: session save, 2FA device; +2: emergency access (a grant of the viewer, the accesses)
    with django_assert_max_num_queries(34):  # +2: the audit chain's head and (PostgreSQL) its lock
        response = client.get(f"/persons/{person.pk}/")
    assert response.context["support"].activity_count == 501
    assert "Giới thiệu việc làm" in response.content.decode()
