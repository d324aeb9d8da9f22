"""The data subject's rights: requests recorded and answered, everything held on a person
exported (JSON, PDF), in scope only, audited; and the guard that the export misses nothing."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone
from pypdf import PdfReader

from reentry.accounts.models import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.errors import DomainError, ValidationFailed
from reentry.core.fields import BlindIndexField
from reentry.outcomes.services import classification_record, reoffence_record
from reentry.persons.models import Person
from reentry.persons.tests.factories import registered, sealed
from reentry.privacy.export import NOT_EXPORTED, exported_fields, person_everything, reached_models
from reentry.privacy.models import RequestStatus
from reentry.privacy.services import subject_request_answer, subject_request_record

CCCD = "038085001234"
TODAY = timezone.localdate()


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    person = registered(officer, "Nguyễn Văn Hùng", national_id=CCCD)
    classification_record(
        actor=officer, person=person, assessed_on=TODAY, grade="A", notes="Ổn định"
    )
    reoffence_record(actor=officer, person=person, committed_on=TODAY, charge="Đánh bạc")
    return person


def _record(officer, person, **overrides):
    values = {
        "kind": "access",
        "received_on": TODAY,
        "requester": "Chính người đó",
        "channel": "in_person",
        "details": "Xin bản sao toàn bộ dữ liệu",
    }
    values.update(overrides)
    return subject_request_record(actor=officer, person=person, **values)


def test_a_request_is_recorded_answered_once_and_audited(officer, person):
    request = _record(officer, person)
    answered = subject_request_answer(
        actor=officer,
        request=request,
        status=RequestStatus.ANSWERED,
        answered_on=TODAY,
        answer="Đã giao bản PDF",
    )
    assert (answered.status, answered.answered_by) == (RequestStatus.ANSWERED, officer)
    with pytest.raises(DomainError, match="đã được trả lời"):
        subject_request_answer(
            actor=officer, request=request, status="refused", answered_on=TODAY, answer="x"
        )
    kinds = set(
        AuditEvent.objects.filter(object_type="privacy.subjectrequest").values_list(
            "action", flat=True
        )
    )
    assert kinds == {AuditAction.CREATE, AuditAction.UPDATE}


def test_bad_requests_and_answers_say_what_is_wrong_and_write_nothing(officer, person):
    with pytest.raises(ValidationFailed) as refused:
        _record(
            officer,
            person,
            received_on=TODAY + datetime.timedelta(days=1),
            requester=" ",
            kind="x",
        )
    assert set(refused.value.errors) == {"received_on", "requester", "kind"}
    assert refused.value.errors["received_on"] == ["Ngày nhận không được sau hôm nay."]
    request = _record(officer, person, received_on=TODAY - datetime.timedelta(days=3))
    with pytest.raises(ValidationFailed) as refused:
        subject_request_answer(
            actor=officer,
            request=request,
            status="answered",
            answered_on=TODAY - datetime.timedelta(days=5),
            answer="",
        )
    assert refused.value.errors["answered_on"] == [
        "Ngày trả lời không được trước ngày nhận yêu cầu."
    ]
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_a_labour_officer_may_not_handle_requests(make_user, person):
    with pytest.raises(DomainError):
        _record(make_user(Role.LABOUR_OFFICER, "15865"), person)


def test_the_export_holds_every_record_of_the_file_and_its_trail(officer, person):
    _record(officer, person)
    data = person_everything(Person.objects.get(pk=person.pk))
    by_model = {s["model"]: s for s in data["sections"]}
    (me,) = by_model["persons.Person"]["rows"]
    assert me["national_id"] == CCCD  # decrypted for the person it belongs to
    assert "national_id_hash" not in me
    assert me["commune"]["label"] == "Xã Hoằng Hóa"
    assert by_model["persons.Sentence"]["rows"][0]["judgment_number"] == "45/2019/HS-ST"
    assert by_model["persons.Offence"]["rows"][0]["name"] == "Trộm cắp tài sản"
    assert by_model["outcomes.Classification"]["rows"][0]["grade"]["code"] == "A"
    assert by_model["outcomes.Reoffence"]["rows"][0]["charge"] == "Đánh bạc"
    assert by_model["privacy.SubjectRequest"]["rows"][0]["requester"] == "Chính người đó"
    assert by_model["persons.Residence"]["rows"]
    # each row carries every field of its model but the blind indexes
    for section in data["sections"]:
        model = apps.get_model(section["model"])
        names = {f.name for f in model._meta.concrete_fields if not isinstance(f, BlindIndexField)}
        assert set(section["rows"][0]) == names, section["model"]
    actions = [e["action"]["code"] for e in data["audit_trail"]]
    assert actions[0] == AuditAction.CREATE  # the file's opening, first
    assert all("username" not in json.dumps(e) for e in data["audit_trail"])
    json.dumps(data, ensure_ascii=False)  # all of it serialisable


def test_every_model_that_refers_to_a_person_is_exported_or_named_with_a_reason():
    """The guard: the closure of the relations to ``Person`` (at any depth) is what the
    export reaches; a model added later with a key to a file fails here until it is."""
    closure: set[str] = set()
    frontier = {Person._meta.label}
    while frontier:
        found = set()
        for model in apps.get_models():
            label = model._meta.label
            if label in closure or label in NOT_EXPORTED:
                continue
            for f in model._meta.concrete_fields:
                if (
                    isinstance(f, models.ForeignKey)
                    and f.related_model._meta.label in frontier
                    and label != Person._meta.label
                ):
                    found.add(label)
        closure |= found
        frontier = found
    assert closure == reached_models()
    assert {"persons.Sentence", "persons.Offence", "support.SupportActivity"} <= closure
    assert all(exported_fields(apps.get_model(label)) for label in closure)


def test_pages_and_downloads_for_the_officer_of_the_file(officer, person, client_for):
    client = client_for(officer)
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert f"/persons/{person.pk}/requests/" in page
    response = client.post(
        f"/persons/{person.pk}/requests/",
        {
            "kind": "access",
            "received_on": TODAY.strftime("%d/%m/%Y"),
            "requester": "Chính người đó",
            "channel": "letter",
            "details": "Đề nghị cung cấp dữ liệu",
        },
    )
    assert response.status_code == 302
    detail = response["Location"]
    body = client.get(detail).content.decode()
    assert "Văn bản gửi qua bưu chính" in body
    assert "Trả lời yêu cầu" in body
    exported = client.get(detail + "export.json")
    assert exported["Content-Disposition"].startswith("attachment")
    assert CCCD in exported.content.decode()
    pdf = client.get(detail + "export.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "DỮ LIỆU CÁ NHÂN ĐANG ĐƯỢC LƯU GIỮ" in text
    assert CCCD in text
    assert "Trộm cắp tài sản" in text
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.EXPORT, summary__startswith="subject request"
        ).count()
        == 2
    )
    # a future date is refused and what was typed stays
    again = client.post(
        f"/persons/{person.pk}/requests/",
        {
            "kind": "access",
            "received_on": "01/01/2099",
            "requester": "Người đại diện",
            "channel": "letter",
            "details": "x",
        },
    ).content.decode()
    assert "Ngày nhận không được sau hôm nay." in again
    assert "Người đại diện" in again


def test_out_of_scope_files_are_not_found_and_other_roles_refused(
    officer, person, make_user, client_for
):
    request = _record(officer, person)
    base = f"/persons/{person.pk}/requests/"
    sibling = client_for(make_user(Role.COMMUNE_OFFICER, "11341"))
    assert sibling.get(base).status_code == 404
    assert sibling.get(f"{base}{request.pk}/export.json").status_code == 404
    labour = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    assert labour.get(base).status_code == 403
    assert (
        f"/persons/{person.pk}/requests/"
        not in labour.get(f"/persons/{person.pk}/").content.decode()
    )
    sealed(officer, person)
    assert client_for(officer).get(base).status_code == 404
