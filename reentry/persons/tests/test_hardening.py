"""What a careful reviewer tried: leaks to roles without offence rights, unaudited reads,
crafted input that must be a field error and never a 500."""

import base64
import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.errors import ConflictError, ValidationFailed
from reentry.persons.models import Person
from reentry.persons.selectors import PersonFilters, person_duplicates, person_list
from reentry.persons.services import (
    IntakeData,
    intake_record,
    person_register,
    person_transfer,
    person_update,
    release_notice_record,
    sentence_add,
)
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def notice(officer):
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data())
    return release_notice_record(
        actor=officer,
        person=person,
        facility="Trại giam Thanh Phong",
        received_on=datetime.date(2026, 2, 13),
        intended_address="Thôn 3",
        expected_release_on=datetime.date(2026, 3, 2),
        release_type="conditional",
    )


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    return client


def test_labour_officer_sees_neither_prison_nor_kind_of_release(notice, make_user, client_for):
    labour = make_user(Role.LABOUR_OFFICER, "15865")
    html = client_for(labour).get(f"/persons/{notice.person_id}/").content.decode()
    for secret in ("Thanh Phong", "Tha tù trước thời hạn", "Trộm cắp", "45/2019"):
        assert secret not in html, secret
    rows = api(labour).get("/api/v1/release-notices/").json()
    assert rows
    assert "facility" not in rows[0]
    assert "release_type" not in rows[0]
    listed = client_for(labour).get("/persons/?release_type=completed&release_year=2019")
    assert 'name="release_type"' not in listed.content.decode()


def test_list_pages_and_api_reads_are_audited_with_the_address(notice, officer):
    client = Client(REMOTE_ADDR="10.9.8.7")
    client.force_login(officer)
    client.get("/persons/")
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, summary="list page").get()
    assert event.changes["person_ids"] == [notice.person_id]
    assert event.ip_address == "10.9.8.7"
    api(officer).get("/api/v1/persons/")
    api(officer).get("/api/v1/release-notices/")
    summaries = set(AuditEvent.objects.values_list("summary", flat=True))
    assert {"api list", "api notices"} <= summaries


def _cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


@pytest.mark.parametrize(
    "query",
    [
        f"after={_cursor(['abc'])}",
        f"after={_cursor([None])}",
        "after=%%%",
        f"sort=name&before={_cursor(['x', 'y'])}",
        f"before={_cursor([10**30])}",
    ],
)
def test_crafted_cursors_are_ignored_not_a_500(notice, officer, client_for, query):
    assert client_for(officer).get(f"/persons/?{query}").status_code == 200
    assert api(officer).get(f"/api/v1/persons/?{query}").status_code == 200


@pytest.mark.parametrize(
    "query", ["release_year=²", "release_year=99999", "status=nope", "ordering=password"]
)
def test_bad_api_filters_are_400(officer, query):
    assert api(officer).get(f"/api/v1/persons/?{query}").status_code == 400


def test_one_wrong_filter_does_not_drop_the_others(notice, officer, client_for):
    response = client_for(officer).get("/persons/?release_year=abc&status=awaiting")
    assert response.status_code == 200
    assert response.context["page"].rows == [notice.person]
    response = client_for(officer).get("/persons/?release_year=abc&status=closed")
    assert response.context["page"].rows == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"ethnicity": "Klingon"}, "ethnicity"),
        ({"education": "phd"}, "education"),
        ({"religion": "x" * 100}, "religion"),
        ({"family_contact": "x" * 400}, "family_contact"),
        ({"birth_year": 10**6}, "birth_year"),
        (
            {"national_id": "038085" + "".join(chr(0xFF10 + d) for d in (1, 2, 3, 4, 5, 6))},
            "national_id",
        ),
    ],
)
def test_bad_person_fields_are_400_with_the_field(officer, payload, field):
    body = {
        "full_name": "Lê Văn A",
        "gender": "male",
        "commune": "15865",
        "address_text": "Thôn 1",
        "birth_year": 1985,
        **payload,
    }
    response = api(officer).post("/api/v1/persons/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Person.objects.exists()


def test_bad_sentence_and_notice_values_are_400(notice, officer):
    client = api(officer)
    base = {
        "judgment_number": "1/2020",
        "judgment_date": "2020-01-01",
        "court": "TAND",
        "main_penalty": "suspended",
        "probation_months": -5,
        "offences": [{"article": 173, "name": "Trộm", "category": "serious"}],
    }
    response = client.post(f"/api/v1/persons/{notice.person_id}/sentences/", base, format="json")
    assert response.status_code == 400
    assert "probation_months" in response.json()
    response = client.post(
        "/api/v1/release-notices/",
        {
            "person": notice.person_id,
            "facility": "Trại",
            "received_on": "2026-01-05",
            "expected_release_on": "9999-12-30",
            "release_type": "conditional",
            "intended_address": "Thôn 3",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "expected_release_on" in response.json()
    response = client.post(
        "/api/v1/release-notices/",
        {
            "person": notice.person_id,
            "facility": "Trại",
            "received_on": "1800-01-03",
            "intended_address": "Thôn 3",
        },
        format="json",
    )
    assert "received_on" in response.json()


def test_an_identity_number_is_not_confirmed_to_someone_with_a_wrong_commune(notice, make_user):
    stranger = make_user(Role.COMMUNE_OFFICER, "11341")
    with pytest.raises(ValidationFailed) as excinfo:
        person_register(actor=stranger, data=person_data(commune_code="99999"))
    assert set(excinfo.value.errors) == {"commune"}


def test_duplicates_match_year_only_files_and_old_id_cards(officer):
    person_register(
        actor=officer,
        data=person_data(
            national_id="", date_of_birth=None, birth_year=1985, legacy_id_number="172345678"
        ),
    )
    found = person_duplicates(
        actor=officer,
        national_id="",
        full_name="Nguyen Van Hung",
        date_of_birth=datetime.date(1985, 3, 12),
        birth_year=None,
    )
    assert len(found.visible) == 1
    found = person_duplicates(
        actor=officer,
        national_id="",
        full_name="",
        date_of_birth=None,
        birth_year=None,
        legacy_id_number="172345678",
    )
    assert len(found.visible) == 1


def test_a_stale_transfer_and_an_edit_after_reporting_are_refused(notice, officer):
    person = notice.person
    stale = Person.objects.get(pk=person.pk)
    intake_record(
        actor=officer,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(reported_on=datetime.date(2026, 3, 3)),
    )
    with pytest.raises(ConflictError):
        person_update(
            actor=officer,
            person=stale,
            expected_version=stale.version,
            data=person_data(religion="Không"),
        )
    with pytest.raises(ConflictError):
        person_transfer(
            actor=officer,
            person=stale,
            to_commune_code="15880",
            moved_on=timezone.localdate(),
            reason="x",
            expected_version=stale.version,
        )
    assert Person.objects.get(pk=person.pk).status == "managed"


def test_equal_names_page_without_gaps_in_name_order(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "24688")
    for _ in range(30):
        person_register(
            actor=officer,
            data=person_data(commune_code="24688", national_id=""),
            confirm_possible_duplicate=True,
        )
    first = person_list(actor=officer, filters=PersonFilters(sort="name"))
    second = person_list(actor=officer, filters=PersonFilters(sort="name"), after=first.next_cursor)
    ids = [p.pk for p in first.rows + second.rows]
    assert len(ids) == len(set(ids)) == 30
    assert "nguyen" not in base64.urlsafe_b64decode(first.next_cursor).decode()


def test_audit_does_not_copy_identity_numbers(officer):
    person = person_register(actor=officer, data=person_data())
    person_update(
        actor=officer,
        person=person,
        expected_version=person.version,
        data=person_data(phone="0987654321"),
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes["phone"] == "(changed)"
    assert "0987654321" not in json.dumps(event.changes)


def test_reporting_before_release_is_refused(notice, officer):
    with pytest.raises(ValidationFailed) as excinfo:
        intake_record(
            actor=officer,
            notice=notice,
            expected_version=notice.version,
            data=IntakeData(reported_on=datetime.date(2026, 3, 1)),
        )
    assert "02/03/2026" in excinfo.value.errors["reported_on"][0]


def test_a_file_opened_late_lives_here_since_the_reporting(notice, officer):
    from reentry.persons.models import Residence

    intake_record(
        actor=officer,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(reported_on=datetime.date(2026, 3, 4)),
    )
    assert Residence.objects.get(person=notice.person).started_on == datetime.date(2026, 3, 4)


def test_transfer_takes_the_new_address_and_old_papers_keep_the_old_commune(
    notice, officer, make_user, client_for
):
    import io

    from pypdf import PdfReader

    intake_record(
        actor=officer,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(
            reported_on=datetime.date(2026, 3, 4), commitment_signed_on=datetime.date(2026, 3, 4)
        ),
    )
    person = Person.objects.get(pk=notice.person_id)
    person_transfer(
        actor=officer,
        person=person,
        to_commune_code="15880",
        moved_on=timezone.localdate(),
        reason="Chuyển nhà",
        expected_version=person.version,
        new_address="Thôn 2, Xã Hoằng Giang",
    )
    assert Person.objects.get(pk=person.pk).address_text == "Thôn 2, Xã Hoằng Giang"
    new = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    pdf = new.get(f"/persons/{person.pk}/notices/{notice.pk}/commitment.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ủy ban nhân dân xã Hoằng Hóa" in text
    assert "Hoằng Hóa, ngày 04 tháng 03 năm 2026" in text
