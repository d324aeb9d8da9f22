"""The list of outreach events as XLSX: every event in the user's scope (the page shows
the latest 200)."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.tests.xlsx import column, header, open_download
from reentry.outreach.services import outreach_event_record

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/outreach/?format=xlsx"


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def events(officer, make_user):
    for day, title, participants in [
        (D(2026, 3, 5), "Hội nghị tuyên truyền pháp luật", 1200),
        (D(2026, 1, 10), "Phát thanh trên loa về tái hòa nhập", 0),
    ]:
        outreach_event_record(
            actor=officer,
            held_on=day,
            kind="conference" if participants else "loudspeaker",
            title=title,
            commune_codes=["15865"],
            participants=participants,
            materials=300,
        )
    outreach_event_record(
        actor=make_user(Role.COMMUNE_OFFICER, "15880"),
        held_on=D(2026, 2, 1),
        kind="leaflets",
        title="Phát tờ rơi xã bên",
        commune_codes=["15880"],
        materials=500,
    )


def test_the_download_has_every_event_of_the_commune_even_beyond_the_page(
    officer, events, client_for, monkeypatch
):
    monkeypatch.setattr("reentry.outreach.views.PAGE_LIMIT", 1)
    client = client_for(officer)
    html = client.get("/outreach/").content.decode()
    assert "Phát thanh trên loa về tái hòa nhập" not in html  # beyond the page
    assert "tệp Excel có tất cả" in html
    assert 'href="?format=xlsx">Tải Excel</a>' in html
    response = client.get(URL)
    assert header(response) == [
        "Ngày",
        "Hình thức",
        "Nội dung",
        "Xã, phường",
        "Lượt người tham dự",
        "Tài liệu, tờ rơi phát ra",
    ]
    assert column(response, "Nội dung") == [
        "Hội nghị tuyên truyền pháp luật",
        "Phát thanh trên loa về tái hòa nhập",
    ]
    cell = open_download(response).active["E6"]
    assert (cell.value, cell.number_format) == (1200, "#,##0")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.object_type, event.changes["rows"]) == ("outreach.outreachevent", 2)


def test_the_province_gets_its_communes_events(events, make_user, client_for):
    response = client_for(make_user(Role.PROVINCE_OFFICER, "38")).get(URL)
    assert len(column(response, "Nội dung")) == 3
    assert column(response, "Ngày")[0] == D(2026, 3, 5)


@pytest.mark.parametrize(("role", "code"), [(Role.NATIONAL_ANALYST, "VN"), (Role.SYSADMIN, "VN")])
def test_roles_without_support_data_are_refused(events, make_user, client_for, role, code):
    assert client_for(make_user(role, code)).get(URL).status_code == 403
