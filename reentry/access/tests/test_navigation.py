import re

import pytest

from reentry.accounts.roles import Role
from reentry.persons.services import person_register
from reentry.persons.tests.factories import person_data

pytestmark = pytest.mark.django_db


def active_item(html: str) -> str:
    found = re.findall(r'aria-current="page" class="active">([^<]+)</a>', html)
    assert len(found) == 1, found
    return found[0]


def test_the_sidebar_marks_the_area_of_the_page(make_user, client_for):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    person = person_register(actor=officer, data=person_data())
    client = client_for(officer)
    assert active_item(client.get(f"/persons/{person.pk}/jobs/new/").content.decode()) == "Hồ sơ"
    loans = client.get("/persons/loans/proposed/").content.decode()
    assert active_item(loans) == "Đề nghị vay vốn"
    assert active_item(client.get("/oversight/commendations/").content.decode()) == (
        "Kiểm tra, khen thưởng"
    )
    assert active_item(client.get("/worklist/").content.decode()) == "Việc cần làm"
