"""The audit trail's pages: a province officer finds who looked at a file, and when."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from reentry.accounts.roles import Role
from reentry.audit import events
from reentry.audit.models import AuditAction, AuditEvent
from reentry.persons.models import Person
from reentry.persons.services import person_register, person_update
from reentry.persons.tests.factories import person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "15865", username="ca.hoanghoa")
    other = make_user(Role.COMMUNE_OFFICER, "11341", username="ca.tinhkhac")
    province = make_user(Role.PROVINCE_OFFICER, "38", username="pc.thanhhoa")
    mine = person_register(actor=officer, data=person_data(full_name="Lê Văn Tám"))
    theirs = person_register(
        actor=other,
        data=person_data(
            full_name="Trần Thị Bảy", commune_code="11341", national_id="031085009999"
        ),
    )
    return officer, other, province, mine, theirs


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_province_sees_who_opened_its_files_and_not_another_provinces(people, client_for):
    officer, other, province, mine, theirs = people
    client_for(officer).get(f"/persons/{mine.pk}/")
    client_for(other).get(f"/persons/{theirs.pk}/")
    html = page_text(client_for(province), "/audit/")
    assert "ca.hoanghoa" in html
    assert "Lê Văn Tám" in html
    assert f"/audit/persons/{mine.pk}/" in html  # the file's own trail, one click away
    assert "ca.tinhkhac" not in html
    assert "Trần Thị Bảy" not in html
    # reading the trail is recorded in it
    read = AuditEvent.objects.filter(actor=province, object_type="audit.auditevent").get()
    assert (read.action, read.unit_path) == (AuditAction.VIEW, "VN/38/")


def test_one_files_trail_names_every_look_change_and_list(people, client_for):
    officer, _, province, mine, _theirs = people
    client_for(officer).get(f"/persons/{mine.pk}/")
    client_for(officer).get("/persons/")  # the list showed the file among others
    person_update(
        actor=officer,
        person=Person.objects.get(pk=mine.pk),
        data=person_data(full_name="Lê Văn Tám", address_text="Thôn 9, Hoằng Hóa"),
        expected_version=Person.objects.get(pk=mine.pk).version,
    )
    client = client_for(province)
    html = page_text(client, f"/audit/persons/{mine.pk}/")
    assert html.count("ca.hoanghoa") >= 4  # created, opened, listed, changed
    assert "Có trong danh sách" in html
    assert "trường: địa chỉ nơi cư trú" in html
    assert "Thôn 9" not in html
    assert "Trần Thị Bảy" not in html
    # the look at the trail is an event of the file itself
    assert AuditEvent.objects.filter(
        actor=province, changes__person_id=mine.pk, summary="audit trail"
    ).exists()
    # and the file page leads there, for the province only
    assert f"/audit/persons/{mine.pk}/" in page_text(client, f"/persons/{mine.pk}/")
    assert f"/audit/persons/{mine.pk}/" not in page_text(
        client_for(officer), f"/persons/{mine.pk}/"
    )


def test_a_file_outside_the_scope_has_no_trail_to_read(people, client_for):
    _, _, province, _, theirs = people
    assert client_for(province).get(f"/audit/persons/{theirs.pk}/").status_code == 404


def test_filters_by_account_action_unit_and_dates(people, client_for):
    officer, _, province, mine, _ = people
    client_for(officer).get(f"/persons/{mine.pk}/")
    client = client_for(province)
    today = timezone.localdate()
    assert "Lê Văn Tám" in page_text(client, "/audit/?actor=hoanghoa&action=view")
    assert "ca.hoanghoa" not in page_text(client, "/audit/?actor=khongco")
    assert "ca.hoanghoa" not in page_text(client, "/audit/?action=merge")
    assert "ca.hoanghoa" in page_text(client, "/audit/?unit=15865")
    assert "ca.hoanghoa" not in page_text(client, "/audit/?unit=15880")
    # the last day of a range counts whole
    assert "ca.hoanghoa" in page_text(client, f"/audit/?date_to={today:%d/%m/%Y}")
    tomorrow = today + datetime.timedelta(days=1)
    assert "ca.hoanghoa" not in page_text(client, f"/audit/?date_from={tomorrow:%d/%m/%Y}")
    # a unit outside the scope is refused with a message; the other filters still apply
    html = page_text(client, "/audit/?unit=11341&actor=hoanghoa")
    assert "Không có đơn vị mã 11341 trong phạm vi của bạn." in html
    assert "ca.hoanghoa" in html
    html = page_text(client, "/audit/?date_from=31/02/2026")
    assert "Nhập một ngày có thật" in html


def test_a_sealed_file_is_named_by_its_number_only(people, client_for):
    officer, _, province, mine, _ = people
    client_for(officer).get(f"/persons/{mine.pk}/")
    Person.objects.filter(pk=mine.pk).update(sealed_at=timezone.now())
    html = page_text(client_for(province), "/audit/")
    assert "Lê Văn Tám" not in html
    assert f"Hồ sơ số {mine.pk}" in html
    assert f"/audit/persons/{mine.pk}/" not in html


def test_the_administrator_sees_the_nation_and_no_names(people, make_user, client_for):
    officer, _, _, mine, _ = people
    admin = make_user(Role.SYSADMIN, "VN", username="quantri")
    client_for(officer).get(f"/persons/{mine.pk}/")
    events.login_failed(username="ai.do", ip_address="10.9.9.9")  # belongs to no unit
    html = page_text(client_for(admin), "/audit/")
    assert "ca.hoanghoa" in html
    assert "ca.tinhkhac" in html
    assert "ai.do" in html
    assert "Lê Văn Tám" not in html
    assert "Trần Thị Bảy" not in html
    assert client_for(admin).get(f"/audit/persons/{mine.pk}/").status_code == 404


def test_pages_go_back_in_time_without_repeating_or_skipping(people, client_for):
    officer, _, province, mine, _ = people
    client = client_for(officer)
    for _ in range(60):
        client.get(f"/persons/{mine.pk}/")
    reader = client_for(province)
    expected = list(
        AuditEvent.objects.filter(unit_path__startswith="VN/38/").values_list("id", flat=True)
    )
    seen: list[int] = []
    url = "/audit/"
    while url:
        response = reader.get(url)
        seen += [row.id for row in response.context["rows"]]
        url = "/audit/" + response.context["next_url"] if response.context["next_url"] else ""
    assert len(expected) > 50  # two pages at least
    # newest first, each event once, none skipped; the reads themselves came after
    assert seen == sorted(expected, reverse=True)


def test_the_download_holds_the_filtered_trail_and_is_recorded(people, client_for):
    officer, _, province, mine, _ = people
    client_for(officer).get(f"/persons/{mine.pk}/")
    response = client_for(province).get(f"/audit/persons/{mine.pk}/?format=xlsx&action=view")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="nhat-ky-ho-so-{mine.pk}-'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any("Hành động: Xem" in str(row[0]) for row in cells[:4])
    body = [row for row in cells[5:] if row[0]]
    assert body
    assert all(row[4] == "Xem" for row in body)
    assert any(row[1] == "ca.hoanghoa" for row in body)
    assert AuditEvent.objects.filter(
        actor=province, action=AuditAction.EXPORT, changes__person_id=mine.pk
    ).exists()


def test_summaries_are_put_into_words_and_reasons_kept():
    from reentry.audit.display import summary_label

    assert summary_label("file") == "trang hồ sơ"
    assert summary_label("report xlsx 2026") == "tải Excel báo cáo 2026"
    assert summary_label("api sentences") == "API sentences"
    assert summary_label("Kiểm tra theo đề nghị của Viện kiểm sát") == (
        "Kiểm tra theo đề nghị của Viện kiểm sát"
    )
