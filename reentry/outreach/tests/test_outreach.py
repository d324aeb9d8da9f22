import datetime

import pytest
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.core.errors import DomainError, ValidationFailed
from reentry.outreach.models import OutreachEvent
from reentry.outreach.services import outreach_event_record

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


def test_an_event_with_attendance_is_listed_with_totals(officer, client_for, make_user):
    outreach_event_record(
        actor=officer,
        held_on=D(2026, 3, 5),
        kind="conference",
        title="Hội nghị tuyên truyền pháp luật",
        commune_codes=["15865"],
        participants=1200,
        materials=300,
    )
    html = client_for(officer).get("/outreach/").content.decode()
    assert "Hội nghị tuyên truyền pháp luật" in html
    assert "1.200 lượt người" in html
    province = client_for(make_user(Role.PROVINCE_OFFICER, "38")).get("/outreach/")
    assert "Hội nghị tuyên truyền" in province.content.decode()
    other = client_for(make_user(Role.COMMUNE_OFFICER, "15880")).get("/outreach/")
    assert "Hội nghị tuyên truyền" not in other.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"participants": -1}, "participants"),
        ({"commune_codes": ["15880"]}, "communes"),
        ({"commune_codes": []}, "communes"),
        ({"held_on": D(2099, 1, 1)}, "held_on"),
        ({"kind": "rumour"}, "kind"),
    ],
)
def test_bad_events_are_refused_per_field(officer, overrides, field):
    values = {
        "held_on": D(2026, 3, 5),
        "kind": "loudspeaker",
        "title": "Phát thanh",
        "commune_codes": ["15865"],
        "participants": 0,
        "materials": 0,
        **overrides,
    }
    with pytest.raises(ValidationFailed) as excinfo:
        outreach_event_record(actor=officer, **values)
    assert field in excinfo.value.errors
    assert not OutreachEvent.objects.exists()


def test_roles_without_the_right_cannot_record(make_user):
    with pytest.raises(DomainError):
        outreach_event_record(
            actor=make_user(Role.PROVINCE_OFFICER, "38"),
            held_on=D(2026, 3, 5),
            kind="conference",
            title="x",
            commune_codes=["15865"],
        )


def test_outreach_through_the_api(officer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(officer)}")
    created = client.post(
        "/api/v1/outreach-events/",
        {
            "held_on": "2026-03-05",
            "kind": "leaflets",
            "title": "Phát tờ rơi",
            "communes": ["15865"],
            "participants": 0,
            "materials": 500,
        },
        format="json",
    )
    assert created.status_code == 201
    assert client.get("/api/v1/outreach-events/").json()[0]["materials"] == 500
