import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.law.expungement import Status
from reentry.outcomes.expungement import person_expungement
from reentry.outcomes.services import reoffence_record
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 25)


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    return person_register(actor=officer, data=person_data())


def test_the_file_gives_the_engine_its_facts(officer, person):
    # 36 months for theft, released 19/06/2022: 2 years (Art. 70(2)(b))
    sentence_add(actor=officer, person=person, data=sentence_data())
    result = person_expungement(person, today=TODAY)
    assert (result.status, result.due_on) == (Status.DUE, D(2024, 6, 19))
    reoffence_record(actor=officer, person=person, committed_on=D(2023, 1, 5), charge="Đánh bạc")
    blocked = person_expungement(person, today=TODAY)
    assert blocked.status == Status.BLOCKED
    assert blocked.blocked_by == ("new_offence",)


def test_a_suspended_sentence_counts_from_the_end_of_its_probation(officer, person):
    sentence_add(
        actor=officer,
        person=person,
        data=sentence_data(
            main_penalty="suspended",
            prison_months=24,
            probation_months=48,
            judgment_date=D(2022, 5, 10),
            release_date=None,
            release_type="",
            prison_facility="",
        ),
    )
    result = person_expungement(person, today=TODAY)
    assert (result.status, result.due_on) == (Status.WAITING, D(2027, 5, 10))


def test_the_certificate_closes_management_and_bad_records_are_refused(officer, person, client_for):
    from reentry.core.errors import ValidationFailed
    from reentry.outcomes.models import ExpungementRecord
    from reentry.outcomes.services import expungement_record_add

    sentence_add(actor=officer, person=person, data=sentence_data())  # released 19/06/2022
    person.refresh_from_db()
    page = client_for(officer).get(f"/persons/{person.pk}/").content.decode()
    assert "Đã đến hạn xem xét" in page
    assert "Đến hạn xem xét xóa án tích: 19/06/2024" in page
    base = {"number": "123/2025/LLTP", "issued_by": "Sở Tư pháp tỉnh Thanh Hóa"}
    for kind, issued_on, field in (
        ("certificate", D(2022, 1, 1), "issued_on"),  # before release
        ("court_granted", D(2025, 1, 1), "kind"),  # theft: automatic, no court needed
    ):
        with pytest.raises(ValidationFailed) as excinfo:
            expungement_record_add(
                actor=officer, person=person, kind=kind, issued_on=issued_on, **base
            )
        assert field in excinfo.value.errors
    assert not ExpungementRecord.objects.exists()
    response = client_for(officer).post(
        f"/persons/{person.pk}/expungement/new/",
        {
            "kind": "certificate",
            "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
            "confirm": "on",
            **base,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert (person.status, person.closure_reason) == ("closed", "expunged")
    assert person_expungement(person, today=TODAY).status == Status.EXPUNGED


def test_expungement_through_the_api(officer, person, make_user):
    from rest_framework.test import APIClient

    sentence_add(actor=officer, person=person, data=sentence_data())
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/v1/persons/{person.pk}/expungement/"
    body = api.get(url).json()
    assert (body["status"], body["due_on"]) == ("due", "2024-06-19")
    assert any("Điều 70 khoản 2 điểm b" in r["article"] for r in body["reasons"])
    refused = api.post(
        url,
        {
            "kind": "certificate",
            "number": "1",
            "issued_by": "Sở Tư pháp",
            "issued_on": "2020-01-01",
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "issued_on" in refused.json()
    labour = APIClient()
    labour.force_authenticate(make_user(Role.LABOUR_OFFICER, "15865"))
    assert labour.get(url).status_code == 403
    neighbour = APIClient()
    neighbour.force_authenticate(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert neighbour.get(url).status_code == 404
