"""A sentence typed wrong is put right, or one recorded by mistake removed, from the file's
page: the same checks as a new one, a reason, the audit trail, the expungement date again."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.outcomes.services import reoffence_record
from reentry.persons.models import Person, Sentence
from reentry.persons.services import OffenceData, person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def sentenced(officer):
    person = person_register(actor=officer, data=person_data())
    sentence = sentence_add(actor=officer, person=person, data=sentence_data())
    return person, sentence


def edit_url(person, sentence):
    return f"/persons/{person.pk}/sentences/{sentence.pk}/edit/"


def form_of(sentence, **changes):
    """What the edit page posts back when the officer changes ``changes``."""
    values = {
        "version": sentence.version,
        "judgment_number": sentence.judgment_number,
        "judgment_date": f"{sentence.judgment_date:%d/%m/%Y}",
        "court": sentence.court,
        "main_penalty": sentence.main_penalty,
        "prison_months": sentence.prison_months,
        "prison_facility": sentence.prison_facility,
        "release_date": f"{sentence.release_date:%d/%m/%Y}",
        "release_type": sentence.release_type,
        "age_at_offence": sentence.age_at_offence,
        "offence_article": 173,
        "offence_name": "Trộm cắp tài sản",
        "offence_category": "serious",
        "offence_culpability": "intentional",
        "reason": "Nhập nhầm ngày ra trại, đối chiếu giấy chứng nhận",
    }
    values.update(changes)
    return {k: "" if v is None else v for k, v in values.items()}


def test_the_edit_page_shows_the_sentence_as_recorded(officer, sentenced, client_for):
    person, sentence = sentenced
    detail = client_for(officer).get(f"/persons/{person.pk}/").content.decode()
    assert f'href="{edit_url(person, sentence)}"' in detail
    html = client_for(officer).get(edit_url(person, sentence)).content.decode()
    assert 'value="45/2019/HS-ST"' in html
    assert 'value="19/06/2022"' in html  # the release date, as dd/mm/yyyy
    assert 'value="173"' in html


def test_a_corrected_release_date_moves_the_expungement_date(officer, sentenced, client_for):
    person, sentence = sentenced
    before = Person.objects.get(pk=person.pk).expungement_due_on
    response = client_for(officer).post(
        edit_url(person, sentence), form_of(sentence, release_date="19/06/2023")
    )
    assert response.status_code == 302
    sentence.refresh_from_db()
    assert sentence.release_date == datetime.date(2023, 6, 19)
    after = Person.objects.get(pk=person.pk).expungement_due_on
    assert before is not None
    assert after is not None
    assert (after - before).days in (365, 366)  # one year later, as the release
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(sentence.pk)).get()
    assert event.changes["fields"] == ["release_date"]
    assert event.changes["reason"] == "Nhập nhầm ngày ra trại, đối chiếu giấy chứng nhận"
    assert "2023" not in str(event.changes)  # criminal-record values stay out of the trail


def test_bad_input_and_a_stale_page_change_nothing(officer, sentenced, client_for):
    person, sentence = sentenced
    client = client_for(officer)
    no_reason = client.post(edit_url(person, sentence), form_of(sentence, reason=""))
    assert no_reason.status_code == 200
    before_release = client.post(
        edit_url(person, sentence), form_of(sentence, release_date="01/01/2019")
    ).content.decode()
    assert "Ngày ra trại không thể trước ngày tuyên án." in before_release
    assert 'value="01/01/2019"' in before_release  # what was typed is kept
    stale = form_of(sentence, release_date="19/06/2023")
    client.post(edit_url(person, sentence), form_of(sentence, court="Tòa án nhân dân tỉnh"))
    refused = client.post(edit_url(person, sentence), stale).content.decode()
    assert "đã được người khác cập nhật" in refused
    sentence.refresh_from_db()
    assert sentence.release_date == datetime.date(2022, 6, 19)
    assert sentence.court == "Tòa án nhân dân tỉnh"


def test_offences_the_form_does_not_show_are_kept(officer, client_for):
    person = person_register(actor=officer, data=person_data())
    sentence = sentence_add(
        actor=officer,
        person=person,
        data=sentence_data(
            offences=[
                OffenceData(article=173, name="Trộm cắp tài sản", category="serious"),
                OffenceData(article=321, name="Đánh bạc", category="less_serious"),
            ]
        ),
    )
    page = client_for(officer).get(edit_url(person, sentence)).content.decode()
    assert "có 1 tội danh khác" in page
    client_for(officer).post(
        edit_url(person, sentence), form_of(sentence, offence_name="Trộm cắp tài sản (sửa)")
    )
    assert list(sentence.offences.order_by("id").values_list("article", "name")) == [
        (173, "Trộm cắp tài sản (sửa)"),
        (321, "Đánh bạc"),
    ]


def test_deleting_asks_for_a_reason_and_a_confirmation(officer, sentenced, client_for):
    person, sentence = sentenced
    url = f"/persons/{person.pk}/sentences/{sentence.pk}/delete/"
    client = client_for(officer)
    page = client.get(url).content.decode()
    assert "Không khôi phục được" in page
    assert "Xóa bản án" in page
    unticked = client.post(url, {"version": sentence.version, "reason": "Nhập trùng"})
    assert "Bản án chưa bị xóa" in unticked.content.decode()
    assert Sentence.objects.filter(pk=sentence.pk).exists()
    done = client.post(url, {"version": sentence.version, "reason": "Nhập trùng", "confirm": "on"})
    assert done.status_code == 302
    assert not Sentence.objects.filter(pk=sentence.pk).exists()
    assert Person.objects.get(pk=person.pk).expungement_status == "no_sentence"
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(sentence.pk))
    assert event.summary == "Nhập trùng"


def test_the_new_sentence_of_a_reoffence_is_not_deleted(officer, sentenced, client_for):
    person, sentence = sentenced
    reoffence = reoffence_record(
        actor=officer, person=person, committed_on=datetime.date(2024, 1, 5), charge="Trộm"
    )
    type(reoffence).objects.filter(pk=reoffence.pk).update(sentence=sentence)
    url = f"/persons/{person.pk}/sentences/{sentence.pk}/delete/"
    refused = client_for(officer).post(
        url, {"version": sentence.version, "reason": "Nhầm", "confirm": "on"}
    )
    assert "bản án mới của một lần tái phạm" in refused.content.decode()
    assert Sentence.objects.filter(pk=sentence.pk).exists()


def test_another_file_or_commune_gets_404(officer, sentenced, make_user, client_for):
    person, sentence = sentenced
    other = person_register(
        actor=officer, data=person_data(national_id=""), confirm_possible_duplicate=True
    )
    client = client_for(officer)
    assert client.get(f"/persons/{other.pk}/sentences/{sentence.pk}/edit/").status_code == 404
    elsewhere = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert elsewhere.get(edit_url(person, sentence)).status_code == 404
