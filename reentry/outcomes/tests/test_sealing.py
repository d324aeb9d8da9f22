"""Expungement on the worklist, and the sealed file: gone from every list, search, API and
export; opened only by a province officer with a stated reason, which the trail keeps."""

import datetime
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.crypto import blind_index
from reentry.core.errors import ValidationFailed
from reentry.law.expungement import Status, add_years
from reentry.outcomes.expungement import expungement_refresh_all, person_expungement
from reentry.outcomes.services import (
    expungement_record_add,
    reoffence_conclude,
    reoffence_record,
)
from reentry.persons.models import Person
from reentry.persons.services import (
    OffenceData,
    person_register,
    person_status_change,
    sentence_add,
)
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.support.services import LoanData, loan_record
from reentry.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE_OFFICER, "38")


TREASON = OffenceData(article=109, name="Lật đổ chính quyền", category="extremely_serious")


def _person(officer, name, **sentence):
    person = person_register(
        actor=officer,
        data=person_data(full_name=name, national_id=""),
        confirm_possible_duplicate=True,
    )
    sentence_add(actor=officer, person=person, data=sentence_data(**sentence))
    person.refresh_from_db()
    return person


def _released_for_due_in(days: int) -> D:
    """A release date whose two-year period (prison up to 5 years, Art. 70(2)(b)) ends
    ``days`` from today."""
    return add_years(timezone.localdate() + timedelta(days=days), -2)


def _expungement_items(actor):
    return {i.person_name: i for i in worklist_for(actor=actor) if i.kind == "expungement_review"}


def test_the_worklist_lists_people_due_within_60_days_and_overdue(officer, make_user):
    overdue = _person(officer, "Lê Văn Quá")  # released 19/06/2022: due 19/06/2024
    _person(officer, "Trần Văn Sắp", release_date=_released_for_due_in(30))
    _person(officer, "Phạm Văn Xa", release_date=_released_for_due_in(90))
    court = _person(
        officer,
        "Hoàng Văn Tòa",
        offences=[TREASON],
    )
    items = _expungement_items(officer)
    assert set(items) == {"Lê Văn Quá", "Trần Văn Sắp", "Hoàng Văn Tòa"}
    assert items["Lê Văn Quá"].due == D(2024, 6, 19)
    assert items["Lê Văn Quá"].overdue
    assert items["Trần Văn Sắp"].due == timezone.localdate() + timedelta(days=30)
    assert not items["Trần Văn Sắp"].overdue
    assert "Tòa án" in items["Hoàng Văn Tòa"].title
    assert items["Lê Văn Quá"].url == f"/persons/{overdue.pk}/expungement/new/"
    # the committee reads the file; the labour officer sees no offence-related work
    committee = _expungement_items(make_user(Role.COMMUNE_COMMITTEE, "15865"))
    assert committee["Hoàng Văn Tòa"].url == f"/persons/{court.pk}/#expungement"
    assert _expungement_items(make_user(Role.LABOUR_OFFICER, "15865")) == {}
    assert _expungement_items(make_user(Role.COMMUNE_OFFICER, "15880")) == {}


def test_a_new_offence_takes_the_person_off_and_a_dropped_case_puts_them_back(officer):
    person = _person(officer, "Lê Văn Quá")
    reoffence = reoffence_record(
        actor=officer, person=person, committed_on=D(2023, 3, 1), charge="Đánh bạc"
    )
    person.refresh_from_db()
    assert person.expungement_status == Status.BLOCKED
    assert _expungement_items(officer) == {}
    reoffence_conclude(
        actor=officer,
        reoffence=reoffence,
        expected_version=reoffence.version,
        status="dropped",
        concluded_on=D(2023, 6, 1),
    )
    person.refresh_from_db()
    assert (person.expungement_status, person.expungement_due_on) == ("due", D(2024, 6, 19))
    assert set(_expungement_items(officer)) == {"Lê Văn Quá"}


def test_the_cached_clock_agrees_with_the_engine_and_the_command_restores_it(officer, capsys):
    people = [
        _person(officer, "Lê Văn Một"),
        _person(officer, "Lê Văn Hai", release_date=_released_for_due_in(200)),
        _person(
            officer,
            "Lê Văn Ba",
            offences=[TREASON],
        ),
    ]
    today = timezone.localdate()
    expected = {}
    for person in people:
        result = person_expungement(person, today=today)
        expected[person.pk] = (result.status.value, result.due_on)
        assert (person.expungement_status, person.expungement_due_on) == expected[person.pk]
    Person.objects.update(expungement_status="", expungement_due_on=None)  # a bulk load
    assert _expungement_items(officer) == {}
    call_command("expungement_refresh", unit="38")
    out = capsys.readouterr().out
    assert "Đã tính lại xóa án tích cho 3 hồ sơ" in out
    assert "Cần quyết định của Tòa án: 1" in out
    stored = {p.pk: (p.expungement_status, p.expungement_due_on) for p in Person.objects.all()}
    assert stored == expected
    assert expungement_refresh_all(Person.objects.all()) == {
        "due": 1,
        "waiting": 1,
        "court_decision_needed": 1,
    }


def _certificate_form(**values):
    return {
        "kind": "certificate",
        "number": "812/2026/LLTP",
        "issued_by": "Sở Tư pháp tỉnh Thanh Hóa",
        "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
        **values,
    }


def test_the_certificate_form_warns_and_writes_nothing_until_confirmed(officer, client_for):
    from reentry.outcomes.models import ExpungementRecord

    person = _person(officer, "Nguyễn Văn Kín", release_date=D(2024, 5, 1))
    client = client_for(officer)
    url = f"/persons/{person.pk}/expungement/new/"
    page = client.get(url).content.decode()
    assert "Việc này không hoàn tác được" in page
    assert "hồ sơ của Nguyễn Văn Kín sẽ kết thúc quản lý và được niêm phong ngay" in page
    assert "chỉ cán bộ cấp tỉnh, Ban Chỉ đạo 138 mở được" in page
    assert ">Ghi và niêm phong hồ sơ</button>" in page
    response = client.post(url, _certificate_form())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa ghi gì: giấy tờ này niêm phong hồ sơ. Đánh dấu ô này để xác nhận" in html
    assert 'value="812/2026/LLTP"' in html
    assert 'value="Sở Tư pháp tỉnh Thanh Hóa"' in html
    assert not ExpungementRecord.objects.exists()
    person.refresh_from_db()
    assert (person.sealed_at, person.closure_reason) == (None, "")
    # with the box ticked, the same form seals the file
    done = client.post(url, _certificate_form(confirm="on"))
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.sealed_at is not None
    assert client.get(f"/persons/{person.pk}/").status_code == 404


def test_a_court_refusal_needs_no_confirmation_and_seals_nothing(officer, client_for):
    person = _person(officer, "Trần Văn Chờ", release_date=D(2024, 5, 1), offences=[TREASON])
    response = client_for(officer).post(
        f"/persons/{person.pk}/expungement/new/",
        _certificate_form(kind="court_refused", number="12/2026/QĐ-TA", issued_by="TAND tỉnh"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.sealed_at is None
    assert person.expungement_records.get().kind == "court_refused"


def _seal(officer, person):
    expungement_record_add(
        actor=officer,
        person=person,
        kind="certificate",
        number="812/2026/LLTP",
        issued_by="Sở Tư pháp tỉnh Thanh Hóa",
        issued_on=timezone.localdate(),
    )
    person.refresh_from_db()
    return person


def test_the_certificate_seals_the_file_everywhere(officer, province, make_user, client_for):
    kept = _person(officer, "Nguyễn Văn Còn", release_date=D(2024, 5, 1))
    sealed = _person(officer, "Nguyễn Văn Kín", release_date=D(2024, 5, 1))
    for person in (kept, sealed):
        loan_record(
            actor=officer,
            person=person,
            data=LoanData(
                lender="vbsp",
                amount_vnd=50_000_000,
                term_months=60,
                purpose="Chăn nuôi",
                applied_on=D(2026, 1, 5),
            ),
        )
    response = client_for(officer).post(
        f"/persons/{sealed.pk}/expungement/new/",
        {
            "kind": "certificate",
            "number": "812/2026/LLTP",
            "issued_by": "Sở Tư pháp tỉnh Thanh Hóa",
            "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/persons/"
    sealed.refresh_from_db()
    assert (sealed.status, sealed.closure_reason) == ("closed", "expunged")
    assert sealed.sealed_at is not None
    for user in (officer, province, make_user(Role.COMMUNE_COMMITTEE, "15865")):
        client = client_for(user)
        listing = client.get("/persons/").content.decode()
        assert "Nguyễn Văn Còn" in listing
        assert "Nguyễn Văn Kín" not in listing
        assert "Nguyễn Văn Kín" not in client.get("/persons/?q=Kín").content.decode()
        assert client.get(f"/persons/{sealed.pk}/").status_code == 404
        api = APIClient()
        api.force_authenticate(user)
        names = [p["full_name"] for p in api.get("/api/v1/persons/").json()["results"]]
        assert "Nguyễn Văn Còn" in names
        assert "Nguyễn Văn Kín" not in names
        for url in (
            f"/api/v1/persons/{sealed.pk}/",
            f"/api/v1/persons/{sealed.pk}/expungement/",
        ):
            assert api.get(url).status_code == 404, url
        for url in ("/api/v1/loans/", "/api/v1/release-notices/", "/api/v1/reoffences/"):
            body = api.get(url).json()
            rows = body["results"] if isinstance(body, dict) else body
            assert sealed.pk not in {row.get("person") for row in rows}, url
        loans = api.get("/api/v1/loans/").json()
        rows = loans["results"] if isinstance(loans, dict) else loans
        assert kept.pk in {row["person"] for row in rows}
    # the commune that closed it can no longer change it either
    assert client_for(officer).get(f"/persons/{sealed.pk}/edit/").status_code == 404
    sheet = load_workbook(
        io.BytesIO(client_for(officer).get("/persons/loans/proposed/?format=xlsx").content)
    ).active
    cells = {c for row in sheet.iter_rows(values_only=True) for c in row}
    assert "Nguyễn Văn Còn" in cells
    assert "Nguyễn Văn Kín" not in cells


def test_only_a_province_officer_opens_a_sealed_file_and_says_why(
    officer, province, make_user, client_for
):
    person = _seal(officer, _person(officer, "Nguyễn Văn Kín", release_date=D(2024, 5, 1)))
    Person.objects.filter(pk=person.pk).update(national_id="038085001234")
    client = client_for(province)
    search = client.get("/persons/sealed/?q=nguyen van kin").content.decode()
    assert "Nguyễn Văn Kín" in search
    assert f"/persons/sealed/{person.pk}/open/" in search
    assert "Nguyễn Văn Kín" in client.get("/persons/sealed/?q=038085001234").content.decode()
    assert "Nguyễn Văn Kín" not in client.get("/persons/sealed/").content.decode()
    # without a reason the file does not open
    assert client.get(f"/persons/sealed/{person.pk}/")["Location"].endswith("/open/")
    refused = client.post(f"/persons/sealed/{person.pk}/open/", {"reason": "xem"})
    assert refused.status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.SEALED_OPEN).exists()
    reason = "Trả lời đơn đề nghị của công dân số 15/ĐN ngày 20/11/2026"
    opened = client.post(f"/persons/sealed/{person.pk}/open/", {"reason": reason})
    assert opened["Location"] == f"/persons/sealed/{person.pk}/"
    event = AuditEvent.objects.get(action=AuditAction.SEALED_OPEN)
    assert (event.actor, event.summary, event.object_id) == (province, reason, str(person.pk))
    assert event.unit_path == person.commune_path  # the commune's trail shows it
    page = client.get(f"/persons/sealed/{person.pk}/").content.decode()
    assert "038085001234" in page
    assert reason in page  # who opened it and why, on the file itself
    assert "Trộm cắp" not in page  # offence details stay hidden
    assert "812/2026/LLTP" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(person.pk), summary="sealed file"
    ).exists()
    # every other role: the pages are closed or the file is not found
    for role, unit in (
        (Role.COMMUNE_OFFICER, "15865"),
        (Role.COMMUNE_COMMITTEE, "15865"),
        (Role.LABOUR_OFFICER, "15865"),
        (Role.NATIONAL_ANALYST, "VN"),
        (Role.SYSADMIN, "VN"),
    ):
        other = client_for(make_user(role, unit))
        assert other.get("/persons/sealed/?q=nguyen van kin").status_code == 403
        assert other.get(f"/persons/sealed/{person.pk}/").status_code == 403
    elsewhere = client_for(make_user(Role.PROVINCE_OFFICER, "31"))
    assert elsewhere.get(f"/persons/sealed/{person.pk}/open/").status_code == 404
    assert (
        "Nguyễn Văn Kín" not in elsewhere.get("/persons/sealed/?q=nguyen van kin").content.decode()
    )


def test_the_opening_lapses(officer, province, client_for, settings):
    person = _seal(officer, _person(officer, "Nguyễn Văn Kín", release_date=D(2024, 5, 1)))
    client = client_for(province)
    client.post(f"/persons/sealed/{person.pk}/open/", {"reason": "Kiểm tra theo yêu cầu số 9"})
    assert client.get(f"/persons/sealed/{person.pk}/").status_code == 200
    settings.SEALED_FILE_ACCESS_MINUTES = 0
    assert client.get(f"/persons/sealed/{person.pk}/").status_code == 302


def test_a_file_closed_before_the_certificate_is_sealed_too(officer):
    person = _person(officer, "Nguyễn Văn Xa", release_date=D(2024, 5, 1))
    person_status_change(
        actor=officer,
        person=person,
        expected_version=person.version,
        status="closed",
        on=timezone.localdate(),
        closure_reason="moved_abroad",
    )
    person.refresh_from_db()
    assert person.sealed_at is None  # closure for going abroad: the file stays readable
    person = _seal(officer, person)
    assert (person.closure_reason, person.sealed_at is not None) == ("moved_abroad", True)


def test_closing_as_expunged_needs_the_certificate(officer):
    person = _person(officer, "Nguyễn Văn Vội")
    with pytest.raises(ValidationFailed) as excinfo:
        person_status_change(
            actor=officer,
            person=person,
            expected_version=person.version,
            status="closed",
            on=timezone.localdate(),
            closure_reason="expunged",
        )
    assert "phiếu lý lịch tư pháp" in excinfo.value.errors["closure_reason"][0]
    person.refresh_from_db()
    assert (person.status, person.sealed_at) == ("awaiting", None)


def test_a_sealed_file_is_no_ones_duplicate(officer):
    """Treated as never convicted (Art. 69): a new conviction opens a new file, and the
    duplicate check says nothing about the sealed one."""
    person = person_register(
        actor=officer, data=person_data(full_name="Nguyễn Văn Kín", national_id="038085001234")
    )
    sentence_add(actor=officer, person=person, data=sentence_data(release_date=D(2024, 5, 1)))
    _seal(officer, person)
    again = person_register(
        actor=officer, data=person_data(full_name="Nguyễn Văn Kín", national_id="038085001234")
    )
    assert again.pk != person.pk
    assert Person.objects.filter(national_id_hash=blind_index("038085001234")).count() == 2


def test_a_reason_opens_one_file_for_one_officer(officer, province, make_user, client_for):
    first = _seal(officer, _person(officer, "Nguyễn Văn Một", release_date=D(2024, 5, 1)))
    second = _seal(officer, _person(officer, "Nguyễn Văn Hai", release_date=D(2024, 5, 1)))
    client = client_for(province)
    client.post(f"/persons/sealed/{first.pk}/open/", {"reason": "Trả lời đơn số 15/ĐN"})
    assert client.get(f"/persons/sealed/{first.pk}/").status_code == 200
    assert client.get(f"/persons/sealed/{second.pk}/").status_code == 302
    colleague = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    assert colleague.get(f"/persons/sealed/{first.pk}/").status_code == 302


def test_scope_and_permission_hold_below_the_views(officer, province, make_user):
    from reentry.core.errors import DomainError
    from reentry.outcomes.selectors import sealed_search
    from reentry.outcomes.services import sealed_file_open

    person = _seal(officer, _person(officer, "Nguyễn Văn Kín", release_date=D(2024, 5, 1)))
    for outsider in (officer, make_user(Role.PROVINCE_OFFICER, "31")):
        assert sealed_search(actor=outsider, query="Nguyễn Văn Kín") == []
        with pytest.raises(DomainError):
            sealed_file_open(actor=outsider, person=person, reason="Trả lời đơn số 15/ĐN")
    assert not AuditEvent.objects.filter(action=AuditAction.SEALED_OPEN).exists()
    with pytest.raises(ValidationFailed):  # the service's own rule, not only the form's
        sealed_file_open(actor=province, person=person, reason="   xem     hồ sơ   ")
    assert sealed_search(actor=province, query="nguyễn văn kín") == [person]
    listed = AuditEvent.objects.filter(summary="sealed files", object_repr="1 hồ sơ").get()
    assert listed.changes == {"person_ids": [person.pk]}


def test_a_spaced_identity_number_finds_the_file(officer, province):
    from reentry.outcomes.selectors import sealed_search

    person = person_register(
        actor=officer, data=person_data(full_name="Nguyễn Văn Kín", national_id="038085001234")
    )
    sentence_add(actor=officer, person=person, data=sentence_data(release_date=D(2024, 5, 1)))
    _seal(officer, person)
    assert sealed_search(actor=province, query="038 085 001 234") == [person]
    assert sealed_search(actor=province, query="038.085.001.234") == [person]


def test_a_court_refusal_moves_the_date_and_keeps_the_file_open(officer):
    person = _person(officer, "Hoàng Văn Tòa", offences=[TREASON], release_date=D(2022, 6, 19))
    assert (person.expungement_status, person.expungement_due_on) == (
        "court_decision_needed",
        D(2025, 6, 19),  # Chapter XIII, prison up to 5 years: 3 years (Art. 71(2)(a))
    )
    refused_on = timezone.localdate()
    expungement_record_add(
        actor=officer,
        person=person,
        kind="court_refused",
        number="12/2026/QĐ-XXAT",
        issued_by="Tòa án nhân dân tỉnh Thanh Hóa",
        issued_on=refused_on,
    )
    person.refresh_from_db()
    assert person.expungement_due_on == add_years(refused_on, 1)  # Art. 71(3)
    assert person.sealed_at is None
    assert person.status != "closed"


def test_a_certificate_older_than_the_file_here_still_closes_it(officer):
    """A file opened late (or transferred in): the certificate predates its residence."""
    person = _person(officer, "Nguyễn Văn Muộn", release_date=D(2024, 5, 1))
    started = person.residences.get().started_on
    expungement_record_add(
        actor=officer,
        person=person,
        kind="certificate",
        number="1/2026/LLTP",
        issued_by="Sở Tư pháp tỉnh Thanh Hóa",
        issued_on=started - timedelta(days=10),
    )
    person.refresh_from_db()
    assert (person.closed_on, person.sealed_at is not None) == (started, True)
    assert person.expungement_records.get().issued_on == started - timedelta(days=10)


def test_merging_brings_the_reoffences_and_the_clock_follows(officer):
    from reentry.persons.services import person_merge

    keep = _person(officer, "Lê Văn Gộp")
    twin = person_register(
        actor=officer,
        data=person_data(full_name="LE VAN GOP", national_id=""),
        confirm_possible_duplicate=True,
    )
    reoffence_record(actor=officer, person=twin, committed_on=D(2023, 3, 1), charge="Đánh bạc")
    assert set(_expungement_items(officer)) == {"Lê Văn Gộp"}
    keep.refresh_from_db()
    person_merge(actor=officer, keep=keep, duplicate=twin, expected_version=keep.version)
    keep.refresh_from_db()
    assert keep.reoffences.count() == 1
    assert keep.expungement_status == Status.BLOCKED
    assert _expungement_items(officer) == {}


def test_closing_a_file_ends_the_help_of_initiatives(officer, make_user):
    from reentry.initiatives.models import Assignment
    from reentry.initiatives.services import initiative_create, person_assign

    person = _person(officer, "Nguyễn Văn Giúp", release_date=D(2024, 5, 1))
    province = make_user(Role.PROVINCE_OFFICER, "38")
    initiative = initiative_create(
        actor=province,
        name="Tổ 3/1 thôn 3",
        template="to_3_1",
        level="commune",
        commune_codes=["15865"],
        launched_on=D(2025, 1, 1),
    )
    person_assign(actor=officer, initiative=initiative, person=person, started_on=D(2025, 2, 1))
    _seal(officer, person)
    assignment = Assignment.objects.get(person=person)
    assert assignment.ended_on == timezone.localdate()
