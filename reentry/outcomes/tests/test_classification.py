import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.audit.models import AuditEvent
from reentry.core.errors import DomainError, ValidationFailed
from reentry.initiatives.services import initiative_create, member_add, person_assign
from reentry.outcomes.models import Classification
from reentry.outcomes.services import classification_record
from reentry.persons.services import person_register
from reentry.persons.tests.factories import person_data

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    return person_register(actor=officer, data=person_data())


def test_classifications_are_history_and_the_latest_is_current(officer, person, client_for):
    today = timezone.localdate()
    classification_record(
        actor=officer,
        person=person,
        assessed_on=today - datetime.timedelta(days=90),
        grade="B",
        difficulties=["no_job", "stigma"],
    )
    classification_record(actor=officer, person=person, assessed_on=today, grade="A")
    assert Classification.objects.filter(person=person).count() == 2
    html = client_for(officer).get(f"/persons/{person.pk}/").content.decode()
    assert "Loại A" in html
    assert "Chưa có việc làm, Mặc cảm, tự ti, bị kỳ thị" in html
    assert (
        AuditEvent.objects.filter(object_type="outcomes.classification", action="create").count()
        == 2
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"grade": "B"}, "difficulties"),
        ({"grade": "A", "difficulties": ["no_job"]}, "difficulties"),
        ({"grade": "B", "difficulties": ["lazy"]}, "difficulties"),
        ({"grade": "C"}, "notes"),
        ({"grade": "D", "notes": " "}, "notes"),
        ({"grade": "E"}, "grade"),
        ({"grade": "A", "assessed_on": D(2099, 1, 1)}, "assessed_on"),
    ],
)
def test_bad_classifications_are_refused(officer, person, values, field):
    values = {"assessed_on": D(2026, 1, 5), **values}
    with pytest.raises(ValidationFailed) as excinfo:
        classification_record(actor=officer, person=person, **values)
    assert field in excinfo.value.errors
    assert not Classification.objects.exists()


def test_who_classifies_and_who_sees_it(officer, person, make_user, client_for):
    classification_record(
        actor=officer, person=person, assessed_on=D(2026, 1, 5), grade="C", notes="Bỏ trình diện"
    )
    for role, unit in ((Role.PROVINCE_OFFICER, "38"), (Role.LABOUR_OFFICER, "15865")):
        with pytest.raises(DomainError):
            classification_record(
                actor=make_user(role, unit), person=person, assessed_on=D(2026, 1, 6), grade="A"
            )
    province = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    assert "Bỏ trình diện" in province.get(f"/persons/{person.pk}/").content.decode()
    labour = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    assert "Bỏ trình diện" not in labour.get(f"/persons/{person.pk}/").content.decode()
    initiative = initiative_create(
        actor=officer,
        name="Tổ 3/1",
        template="to_3_1",
        level="commune",
        commune_codes=["15865"],
        launched_on=None,
    )
    account = make_user(Role.INITIATIVE_MEMBER, "15865", username="mohinh.phanloai")
    member_add(
        actor=officer,
        initiative=initiative,
        full_name="Lê Thị Hoa",
        organisation="womens_union",
        joined_on=D(2024, 1, 1),
        username="mohinh.phanloai",
    )
    person_assign(actor=officer, initiative=initiative, person=person, started_on=D(2025, 1, 1))
    member = client_for(account)
    page = member.get(f"/persons/{person.pk}/")
    assert page.status_code == 200
    assert "Bỏ trình diện" not in page.content.decode()
    assert member.get(f"/persons/{person.pk}/classifications/new/").status_code == 403


def test_classifications_through_the_page_and_the_api(officer, person, make_user, client_for):
    page = client_for(officer)
    bad = page.post(
        f"/persons/{person.pk}/classifications/new/", {"assessed_on": "05/01/2026", "grade": "B"}
    )
    assert "Loại B: chọn ít nhất một khó khăn." in bad.content.decode()
    good = page.post(
        f"/persons/{person.pk}/classifications/new/",
        {"assessed_on": "05/01/2026", "grade": "B", "difficulties": ["no_capital"]},
    )
    assert good.status_code == 302
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/v1/persons/{person.pk}/classifications/"
    created = api.post(url, {"assessed_on": "2026-02-01", "grade": "A"}, format="json")
    assert created.status_code == 201, created.json()
    assert [c["grade"] for c in api.get(url).json()] == ["A", "B"]
    assert api.post(url, {"assessed_on": "2026-02-01", "grade": "C"}, format="json").json() == {
        "notes": ["Loại C, D: ghi rõ diễn biến, lý do."]
    }
    outsider = APIClient()
    outsider.force_authenticate(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert outsider.get(url).status_code == 404
    labour = APIClient()
    labour.force_authenticate(make_user(Role.LABOUR_OFFICER, "15865"))
    assert labour.get(url).status_code == 403
