import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.crypto import blind_index
from reentry.persons.models import Person
from reentry.persons.services import person_register, release_notice_record, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Trần Văn Bình",
    "gender": "male",
    "date_of_birth": "12/03/1985",
    "national_id": "038085007777",
    "ethnicity": "Kinh",
    "commune": "15865",
    "address_text": "Thôn 5, Xã Hoằng Hóa",
    "phone": "01662345678",
}


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data())
    return person


def test_register_through_the_form_with_dd_mm_yyyy_dates(officer, client_for):
    client = client_for(officer)
    response = client.post("/persons/new/", FORM)
    assert response.status_code == 302
    person = Person.objects.get(national_id_hash=blind_index("038085007777"))
    assert person.date_of_birth == datetime.date(1985, 3, 12)
    assert person.phone == "0362345678"
    assert response["Location"] == f"/persons/{person.pk}/"


def test_form_errors_are_shown_next_to_the_field_and_keep_what_was_typed(officer, client_for):
    response = client_for(officer).post(
        "/persons/new/", {**FORM, "national_id": "038185007777", "date_of_birth": "31/02/1985"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập một ngày có thật theo dạng ngày/tháng/năm" in html
    assert 'value="Trần Văn Bình"' in html
    assert not Person.objects.exists()


def test_a_likely_duplicate_is_shown_before_creating(officer, person, client_for):
    response = client_for(officer).post(
        "/persons/new/", {**FORM, "full_name": "NGUYEN VAN HUNG", "national_id": ""}
    )
    html = response.content.decode()
    assert "Có thể đã có hồ sơ của người này" in html
    assert f"/persons/{person.pk}/" in html
    assert Person.objects.count() == 1


def test_a_duplicate_elsewhere_is_counted_without_details(person, make_user, client_for):
    other = make_user(Role.COMMUNE_OFFICER, "11341")
    response = client_for(other).post(
        "/persons/new/",
        {
            **FORM,
            "commune": "11341",
            "full_name": "Nguyễn Văn Hùng",
            "national_id": "",
            "address_text": "Số 5 Lạch Tray",
        },
    )
    html = response.content.decode()
    assert "1 hồ sơ trùng ở địa phương khác" in html
    # who can act: the commune holding the file (the province cannot transfer it)
    assert "Chỉ Công an xã đang giữ hồ sơ mới chuyển được hồ sơ về xã của bạn" in html
    assert "Liên hệ Công an tỉnh để xác định và chuyển hồ sơ" not in html
    # and still nothing of where that file is
    assert "Hoằng Hóa" not in html
    assert "Thanh Hóa" not in html
    assert f"/persons/{person.pk}/" not in html


def test_list_and_detail_in_scope_and_404_outside(person, make_user, client_for):
    own = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    assert "Nguyễn Văn Hùng" in own.get("/persons/").content.decode()
    assert own.get(f"/persons/{person.pk}/").status_code == 200
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert "Nguyễn Văn Hùng" not in neighbour.get("/persons/").content.decode()
    for url in ["", "edit/", "transfer/", "notices/new/", "sentences/new/"]:
        assert neighbour.get(f"/persons/{person.pk}/{url}").status_code == 404, url
    other_province = client_for(make_user(Role.PROVINCE_OFFICER, "31"))
    assert other_province.get(f"/persons/{person.pk}/").status_code == 404


@pytest.mark.parametrize(("role", "code"), [(Role.NATIONAL_ANALYST, "VN"), (Role.SYSADMIN, "VN")])
def test_roles_without_personal_data_are_refused(person, make_user, client_for, role, code):
    client = client_for(make_user(role, code))
    assert client.get("/persons/").status_code == 403
    assert client.get(f"/persons/{person.pk}/").status_code == 403


def test_labour_officer_sees_the_file_but_no_offence(person, make_user, client_for):
    client = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    html = client.get(f"/persons/{person.pk}/").content.decode()
    assert "Nguyễn Văn Hùng" in html
    assert "Trộm cắp" not in html
    assert "45/2019/HS-ST" not in html
    assert client.get(f"/persons/{person.pk}/edit/").status_code == 403


def test_province_officer_sees_offences(person, make_user, client_for):
    html = client_for(make_user(Role.PROVINCE_OFFICER, "38")).get(f"/persons/{person.pk}/")
    assert "Trộm cắp tài sản" in html.content.decode()


def test_a_file_without_a_sentence_asks_for_one_under_expungement(officer, client_for):
    person = person_register(actor=officer, data=person_data())
    html = client_for(officer).get(f"/persons/{person.pk}/").content.decode()
    assert "Chưa ghi bản án: ghi bản án để tính thời hạn xóa án tích" in html
    assert "mâu thuẫn" not in html


def test_list_rows_show_each_file_escaped_with_its_dates_and_status(officer, client_for):
    known = person_register(actor=officer, data=person_data(other_names="Tí <b>"))
    year_only = person_register(
        actor=officer,
        data=person_data(national_id="", date_of_birth=None, birth_year=1980, full_name="Lê & Văn"),
        confirm_possible_duplicate=True,
    )
    html = client_for(officer).get("/persons/").content.decode()
    assert (
        f'<tr><td><a href="/persons/{known.pk}/">Nguyễn Văn Hùng</a> '
        '<span class="muted">(Tí &lt;b&gt;)</span></td><td>12/03/1985</td>'
        '<td class="code">038085001234</td><td>Xã Hoằng Hóa</td>'
        '<td><span class="badge badge-awaiting">Chờ về địa phương</span></td></tr>'
    ) in html
    assert (
        f'<tr><td><a href="/persons/{year_only.pk}/">Lê &amp; Văn</a></td><td>1980</td>'
        '<td class="code">—</td>'
    ) in html


def test_viewing_a_file_is_audited(person, officer, client_for):
    client_for(officer).get(f"/persons/{person.pk}/")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(person.pk), actor=officer
    ).exists()


def test_second_of_two_concurrent_edits_is_refused(person, officer, make_user, client_for):
    first, second = client_for(officer), client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    form = {
        **FORM,
        "national_id": person.national_id,
        "full_name": person.full_name,
        "version": person.version,
    }
    assert (
        first.post(f"/persons/{person.pk}/edit/", {**form, "religion": "Phật giáo"}).status_code
        == 302
    )
    response = second.post(f"/persons/{person.pk}/edit/", {**form, "religion": "Công giáo"})
    assert response.status_code == 200
    assert "người khác cập nhật" in response.content.decode()
    assert Person.objects.get(pk=person.pk).religion == "Phật giáo"


TRANSFER = {
    "moved_on": "",  # today, set by the tests
    "reason": "Về ở với gia đình",
    "new_address": "Thôn 2, Xã Hoằng Giang",
}


def _transfer_form(person, **values):
    return {
        **TRANSFER,
        "moved_on": timezone.localdate().strftime("%d/%m/%Y"),
        "version": person.version,
        **values,
    }


def test_transfer_moves_access_to_the_new_commune(person, officer, make_user, client_for):
    response = client_for(officer).post(
        f"/persons/{person.pk}/transfer/",
        _transfer_form(person, to_commune="15880", confirm="on"),
    )
    assert response.status_code == 302
    assert client_for(officer).get(f"/persons/{person.pk}/").status_code == 404
    new = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    html = new.get(f"/persons/{person.pk}/").content.decode()
    assert "Cư trú tại Xã Hoằng Giang" in html
    assert "Cư trú tại Xã Hoằng Hóa" in html


def test_transfer_without_the_confirmation_writes_nothing_and_keeps_what_was_typed(
    person, officer, client_for
):
    page = client_for(officer).get(f"/persons/{person.pk}/transfer/").content.decode()
    assert "Việc này không hoàn tác được" in page
    assert "Xã Hoằng Hóa không còn xem, không còn sửa được hồ sơ" in page
    assert ">Chuyển hồ sơ</button>" in page
    response = client_for(officer).post(
        f"/persons/{person.pk}/transfer/", _transfer_form(person, to_commune="15880")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hồ sơ chưa được chuyển: đánh dấu ô này để xác nhận" in html
    assert 'value="15880"' in html
    assert 'value="Về ở với gia đình"' in html
    assert 'value="Thôn 2, Xã Hoằng Giang"' in html
    person.refresh_from_db()
    assert person.commune.code == "15865"
    assert person.residences.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSFER).exists()


@pytest.mark.parametrize("typed", ["hoằng giang", "hoang giang", "HOANG GIANG, thanh hoa"])
def test_the_commune_moved_to_is_found_by_name_and_chosen(
    typed, person, officer, make_user, client_for
):
    client = client_for(officer)
    label = "Xã Hoằng Giang, Tỉnh Thanh Hóa (mã 15880)"
    # without script: "Tìm xã" posts the form back, what was typed is kept, nothing written
    found = client.post(
        f"/persons/{person.pk}/transfer/",
        _transfer_form(person, commune_q=typed, find="1", confirm="on"),
    )
    html = found.content.decode()
    assert found.status_code == 200
    assert label in html
    assert 'value="Về ở với gia đình"' in html
    assert "field-error" not in html  # a search is not a refused transfer
    assert Person.objects.get(pk=person.pk).commune.code == "15865"
    # with script: the matches alone, as the officer types
    fragment = client.get(
        f"/persons/{person.pk}/transfer/",
        {"commune_q": typed},
        headers={"HX-Request": "true", "HX-Target": "commune-choices"},
    ).content.decode()
    assert label in fragment
    assert "<form" not in fragment
    # the choice goes through the same service
    done = client.post(
        f"/persons/{person.pk}/transfer/",
        _transfer_form(person, commune_q=typed, destination="15880", confirm="on"),
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.commune.code == "15880"
    html = client_for(make_user(Role.COMMUNE_OFFICER, "15880")).get(f"/persons/{person.pk}/")
    assert "Cư trú tại Xã Hoằng Giang" in html.content.decode()


def test_the_commune_search_reaches_other_provinces_but_not_the_current_commune(
    person, officer, client_for
):
    client = client_for(officer)
    html = client.get(f"/persons/{person.pk}/transfer/", {"commune_q": "ngo quyen"})
    assert "Phường Ngô Quyền, Thành phố Hải Phòng (mã 11341)" in html.content.decode()
    own = client.get(f"/persons/{person.pk}/transfer/", {"commune_q": "hoằng hóa"})
    assert "(mã 15865)" not in own.content.decode()


def test_the_commune_search_is_refused_without_the_transfer_permission(
    person, make_user, client_for
):
    for user in (
        make_user(Role.COMMUNE_COMMITTEE, "15865"),
        make_user(Role.PROVINCE_OFFICER, "38"),
    ):
        response = client_for(user).get(
            f"/persons/{person.pk}/transfer/",
            {"commune_q": "hoang giang"},
            headers={"HX-Request": "true", "HX-Target": "commune-choices"},
        )
        assert response.status_code == 403


def test_a_service_refusal_of_the_chosen_commune_shows_next_to_the_choice(
    person, officer, client_for
):
    response = client_for(officer).post(
        f"/persons/{person.pk}/transfer/",
        _transfer_form(
            person,
            commune_q="hoang giang",
            destination="15880",
            confirm="on",
            moved_on="01/01/2000",
        ),
    )
    assert response.status_code == 200
    assert "Ngày chuyển không thể trước ngày bắt đầu cư trú hiện tại" in response.content.decode()
    assert Person.objects.get(pk=person.pk).commune.code == "15865"


def test_the_status_page_points_to_the_transfer_and_refuses_transferred_out(
    person, officer, client_for
):
    client = client_for(officer)
    page = client.get(f"/persons/{person.pk}/status/").content.decode()
    assert f'href="/persons/{person.pk}/transfer/"' in page
    assert 'value="transferred_out"' not in page
    response = client.post(
        f"/persons/{person.pk}/status/",
        {
            "version": person.version,
            "status": "closed",
            "closure_reason": "transferred_out",
            "on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200
    assert "closure_reason" in response.context["form"].errors
    assert Person.objects.get(pk=person.pk).status == person.status


def test_notice_through_the_form_shows_the_deadline(person, officer, client_for):
    response = client_for(officer).post(
        f"/persons/{person.pk}/notices/new/",
        {
            "facility": "Trại giam Thanh Phong",
            "received_on": "13/02/2026",
            "release_type": "completed",
            "intended_address": "Thôn 3",
        },
        follow=True,
    )
    assert "25/02/2026" in response.content.decode()


def test_detail_page_with_a_long_history_costs_fixed_queries(
    person, officer, client_for, django_assert_max_num_queries
):
    for day in range(1, 60):
        release_notice_record(
            actor=officer,
            person=person,
            facility=f"Trại {day}",
            received_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
            intended_address="Thôn 3",
        )
    for _ in range(20):
        sentence_add(actor=officer, person=person, data=sentence_data())
    client = client_for(officer)
    # the file, its history, support, initiatives, classifications, reoffences, expungement
    # +4: session save, 2FA device; +2: emergency access (a grant of the viewer, the accesses)
    with django_assert_max_num_queries(34):  # +2: the audit chain's head and (PostgreSQL) its lock
        response = client.get(f"/persons/{person.pk}/")
    assert len(response.context["timeline"]) >= 100


def test_list_filters_stay_in_the_url_and_empty_state_says_what_to_do(person, officer, client_for):
    response = client_for(officer).get("/persons/?q=khong+co+ai")
    html = response.content.decode()
    assert 'value="khong co ai"' in html
    assert "Không có hồ sơ nào khớp bộ lọc" in html


def test_the_kept_filter_fields_follow_the_values_the_role_and_the_language(
    person, officer, make_user, client_for
):
    """The filter fields are rendered once per combination and kept (templatetags
    person_list): each combination must still get its own values, errors, fields, labels."""
    client = client_for(officer)
    for _ in range(2):  # the second page comes from the kept copy
        wrong = client.get("/persons/?release_year=abc&q=Hùng").content.decode()
        assert 'value="Hùng"' in wrong
        assert 'name="release_year" value="abc"' in wrong
        assert '<p class="field-error">' in wrong
        right = client.get("/persons/?release_year=2022&q=Lan").content.decode()
        assert 'value="Lan"' in right
        assert 'value="2022"' in right
        assert "field-error" not in right
    labour = client_for(make_user(Role.LABOUR_OFFICER, "15865"))
    assert "Năm ra trại" in client.get("/persons/").content.decode()
    assert "Năm ra trại" not in labour.get("/persons/").content.decode()  # an offence field
    client.post("/i18n/setlang/", {"language": "en", "next": "/persons/"})
    english = client.get("/persons/?release_year=2022&q=Lan").content.decode()
    assert "Year of release" in english
    assert "Năm ra trại" not in english


def test_merge_page_lists_candidates_and_refuses_an_out_of_scope_id(
    person, officer, make_user, client_for
):
    twin = person_register(
        actor=officer,
        data=person_data(full_name="NGUYEN VAN HUNG", national_id=""),
        confirm_possible_duplicate=True,
    )
    elsewhere = person_register(
        actor=make_user(Role.COMMUNE_OFFICER, "15880"),
        data=person_data(commune_code="15880", national_id=""),
        confirm_possible_duplicate=True,
    )
    client = client_for(officer)
    page = client.get(f"/persons/{person.pk}/merge/").content.decode()
    assert f"#{twin.pk}" in page
    assert f"#{elsewhere.pk}" not in page
    refused = client.post(
        f"/persons/{person.pk}/merge/",
        {"duplicate": elsewhere.pk, "confirm": "on", "version": person.version},
    )
    assert "Không tìm thấy hồ sơ" in refused.content.decode()
    done = client.post(
        f"/persons/{person.pk}/merge/",
        {"duplicate": twin.pk, "confirm": "on", "version": person.version},
    )
    assert done.status_code == 302
    assert Person.objects.get(pk=twin.pk).merged_into_id == person.pk


def test_merge_without_the_confirmation_writes_nothing_and_names_both_files(
    person, officer, client_for
):
    twin = person_register(
        actor=officer,
        data=person_data(full_name="NGUYEN VAN HUNG", national_id=""),
        confirm_possible_duplicate=True,
    )
    sentences = person.sentences.count()
    client = client_for(officer)
    page = client.get(f"/persons/{person.pk}/merge/").content.decode()
    assert "Việc này không hoàn tác được" in page
    assert f"sẽ được gộp vào hồ sơ #{person.pk} Nguyễn Văn Hùng" in page
    assert ">Gộp hồ sơ</button>" in page
    response = client.post(
        f"/persons/{person.pk}/merge/", {"duplicate": twin.pk, "version": person.version}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hồ sơ chưa được gộp: đánh dấu ô này để xác nhận" in html
    assert f"Hồ sơ #{twin.pk} NGUYEN VAN HUNG sẽ được gộp vào hồ sơ #{person.pk}" in html
    assert f'value="{twin.pk}"' in html
    twin.refresh_from_db()
    assert (twin.merged_into_id, twin.status) == (None, "awaiting")
    assert person.sentences.count() == sentences


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), (200, 120, 80)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_photo_upload_and_serving_through_the_scope_check(person, officer, make_user, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(officer)
    bad = client.post(
        f"/persons/{person.pk}/photo/upload/",
        {"photo": SimpleUploadedFile("x.png", b"not an image", content_type="image/png")},
    )
    assert "không phải ảnh" in bad.content.decode()
    good = client.post(
        f"/persons/{person.pk}/photo/upload/",
        {"photo": SimpleUploadedFile("me.png", _png(), content_type="image/png")},
    )
    assert good.status_code == 302
    served = client.get(f"/persons/{person.pk}/photo/")
    assert served["Content-Type"] == "image/png"
    assert "no-store" in served["Cache-Control"]
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert neighbour.get(f"/persons/{person.pk}/photo/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=nguyen",
        "?status=managed",
        "?release_year=2022",
        "?sort=name",
        "?release_type=completed&commune=15865",
    ],
)
def test_list_page_costs_a_fixed_number_of_queries_with_any_filter(
    person, officer, client_for, django_assert_max_num_queries, query
):
    for i in range(30):
        person_register(
            actor=officer,
            data=person_data(full_name=f"Nguyễn Văn {i}", national_id=""),
            confirm_possible_duplicate=True,
        )
    client = client_for(officer)
    with django_assert_max_num_queries(
        14
    ):  # +4: session save, 2FA device; +2: audit chain head and lock
        response = client.get(f"/persons/{query}")
    assert response.status_code == 200


def test_a_wrong_article_is_shown_next_to_the_offence_field(person, officer, client_for):
    response = client_for(officer).post(
        f"/persons/{person.pk}/sentences/new/",
        {
            "judgment_number": "9/2021/HS-ST",
            "judgment_date": "01/02/2021",
            "court": "TAND",
            "main_penalty": "prison",
            "prison_months": "12",
            "offence_article": "5",
            "offence_name": "Không có",
            "offence_category": "serious",
            "offence_culpability": "intentional",
        },
    )
    form = response.context["form"]
    assert "không phải một tội danh" in form.errors["offence_article"][0]
    assert not form.non_field_errors()
