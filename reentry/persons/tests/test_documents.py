import datetime
import io

import pytest
from pypdf import PdfReader

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.persons.services import person_register, release_notice_record, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    person = person_register(
        actor=officer,
        data=person_data(full_name="Nguyễn Thị Hằng", gender="female", national_id="038185001234"),
    )
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


def text_of(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_intake_sheet_is_a_vietnamese_pdf_with_the_deadlines(notice, make_user, client_for):
    client = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    text = text_of(client.get(f"/persons/{notice.person_id}/notices/{notice.pk}/intake.pdf"))
    assert "PHIẾU TIẾP NHẬN" in text
    assert "NGUYỄN THỊ HẰNG" in text
    assert "Trại giam Thanh Phong" in text
    assert "hạn 25/02/2026" in text
    assert "Điều 173 - Trộm cắp tài sản" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, summary="intake sheet PDF").exists()


def test_commitment_lists_the_probation_duty_for_a_conditional_release(
    notice, make_user, client_for
):
    client = client_for(make_user(Role.COMMUNE_COMMITTEE, "15865"))
    response = client.get(f"/persons/{notice.person_id}/notices/{notice.pk}/commitment.pdf")
    assert "no-store" in response["Cache-Control"]
    text = text_of(response)
    assert "BẢN CAM KẾT" in text
    assert "tha tù trước thời hạn có điều kiện" in text
    assert "Trộm cắp" not in text


def test_documents_respect_roles_and_scope(notice, make_user, client_for):
    url = f"/persons/{notice.person_id}/notices/{notice.pk}"
    labour = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    assert labour.get(f"{url}/intake.pdf").status_code == 403  # carries offence details
    assert labour.get(f"{url}/commitment.pdf").status_code == 403  # carries the release
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert neighbour.get(f"{url}/intake.pdf").status_code == 404
    assert neighbour.get(f"{url}/commitment.pdf").status_code == 404
