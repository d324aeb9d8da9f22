"""The report page and the API: scoped units, children that add up, small counts hidden
from roles without personal data."""

import datetime

import pytest
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.support.services import ActivityData, support_activity_record

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = {"kind": "year", "year": "2026"}


@pytest.fixture
def helped(make_user):
    """Three people of Xã Hoằng Hóa, each counselled once in 2026."""
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    for i in range(3):
        person = person_register(
            actor=officer,
            data=person_data(full_name=f"Người {i}", national_id=""),
            confirm_possible_duplicate=True,
            started_on=D(2025, 1, 1),
        )
        sentence_add(actor=officer, person=person, data=sentence_data())
        support_activity_record(
            actor=officer,
            person=person,
            data=ActivityData(
                kind="counselling", occurred_on=D(2026, 3, 1), provider_name="Công an xã"
            ),
        )
    return officer


def _row(html, label):
    start = html.index(label)
    return html[start : html.index("</tr>", start)]


def test_the_province_report_has_a_column_per_commune_with_data(helped, make_user, client_for):
    client = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    html = client.get("/reports/", {"unit": "38", **YEAR}).content.decode()
    assert "Tỉnh Thanh Hóa" in html
    assert "Xã Hoằng Hóa" in html
    assert ">Xã Hoằng Giang</a>" not in html  # nothing to report there: hidden
    assert "đơn vị không có số liệu trong kỳ được ẩn" in html
    row = _row(html, "Tư vấn tâm lý")
    assert row.count(">3<") == 2  # the province and its commune
    everything = client.get("/reports/", {"unit": "38", "all": "1", **YEAR}).content.decode()
    assert ">Xã Hoằng Giang</a>" in everything
    # a commune of the province opens from its column
    commune = client.get("/reports/", {"unit": "15865", **YEAR})
    assert commune.status_code == 200


def test_a_unit_outside_the_scope_is_not_found(helped, make_user, client_for):
    client = client_for(helped)
    assert client.get("/reports/", {"unit": "15880", **YEAR}).status_code == 404
    assert client.get("/reports/", {"unit": "38", **YEAR}).status_code == 404
    assert client.get("/reports/", {"unit": "15865", **YEAR}).status_code == 200
    other = client_for(make_user(Role.PROVINCE_OFFICER, "31"))
    assert other.get("/reports/", {"unit": "38", **YEAR}).status_code == 404
    for role in (Role.INITIATIVE_MEMBER, Role.SYSADMIN):
        denied = client_for(make_user(role, "15865" if role != Role.SYSADMIN else "VN"))
        assert denied.get("/reports/").status_code == 403


def test_small_counts_of_people_are_hidden_from_the_national_analyst(helped, make_user, client_for):
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN"))
    html = analyst.get("/reports/", {"unit": "38", **YEAR}).content.decode()
    assert "&lt;5" in _row(html, "Tư vấn tâm lý: số người")
    assert "&lt;5" in _row(html, "Tư vấn tâm lý")  # three acts, each about one person
    officer_html = client_for(helped).get("/reports/", {"unit": "15865", **YEAR}).content.decode()
    assert "&lt;5" not in officer_html


def test_a_bad_period_says_what_is_wrong(helped, client_for):
    html = (
        client_for(helped)
        .get("/reports/", {"unit": "15865", "kind": "quarter", "year": "2026", "number": "7"})
        .content.decode()
    )
    assert "Chọn tháng, quý hoặc nửa năm." in html
    custom = {"unit": "15865", "kind": "custom", "start": "01/06/2026", "end": "01/01/2026"}
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in (
        client_for(helped).get("/reports/", custom).content.decode()
    )


def test_the_api_gives_the_indicators_and_the_children(helped, make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.PROVINCE_OFFICER, "38"))
    query = {"unit": "38", "start": "2026-01-01", "end": "2026-12-31"}
    body = api.get("/api/v1/reports/indicators/", query).json()
    assert (body["unit"], body["start"], body["end"]) == ("38", "2026-01-01", "2026-12-31")
    assert body["indicators"]["activities_counselling"] == 3
    assert "children" not in body
    body = api.get("/api/v1/reports/indicators/", {**query, "children": "1"}).json()
    children = {c["unit"]: c for c in body["children"]}
    assert children["15865"]["indicators"]["persons_counselling"] == 3
    assert len(children) == 166  # every commune of the province
    assert sum(c["indicators"]["activities_counselling"] for c in body["children"]) == 3
    assert api.get("/api/v1/reports/indicators/", {**query, "unit": "31"}).status_code == 404
    bad = api.get("/api/v1/reports/indicators/", {**query, "end": "2025-01-01"})
    assert bad.status_code == 400
    analyst = APIClient()
    analyst.force_authenticate(make_user(Role.NATIONAL_ANALYST, "VN"))
    hidden = analyst.get("/api/v1/reports/indicators/", query).json()["indicators"]
    assert hidden["persons_counselling"] == "<5"
    assert hidden["activities_counselling"] == "<5"
    assert hidden["persons_managed"] == "<5"
    assert hidden["unemployed_end"] == "<5"  # managed minus employed would give them back


def test_the_indicator_page_defines_every_code(make_user, client_for):
    from reentry.reports.registry import INDICATORS

    html = client_for(make_user(Role.NATIONAL_ANALYST, "VN")).get("/reports/indicators/")
    text = html.content.decode()
    for code in INDICATORS:
        assert f'id="{code}"' in text


def test_the_documentation_is_the_registry():
    from django.conf import settings

    from reentry.reports.docs import indicators_markdown

    written = (settings.BASE_DIR / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert written == indicators_markdown(), "run: python manage.py indicators_doc"


def test_the_xlsx_has_numbers_as_numbers_and_a_sheet_per_level(helped, make_user, client_for):
    import io

    from openpyxl import load_workbook

    from reentry.audit.models import AuditEvent

    client = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    response = client.get("/reports/", {"unit": "38", "format": "xlsx", **YEAR})
    assert response["Content-Disposition"].endswith('bao-cao-38-20260101-20261231.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Theo đơn vị"]
    total = {row[0]: row for row in book["Tổng hợp"].iter_rows(min_row=6, values_only=True)}
    assert total["activities_counselling"][1:] == ("Tư vấn tâm lý", "lượt", 3)
    assert book["Tổng hợp"]["A1"].value.startswith("BÁO CÁO CÔNG TÁC TÁI HÒA NHẬP CỘNG ĐỒNG")
    sheet = book["Theo đơn vị"]
    header = [c.value for c in sheet[5]]
    assert header[-1] == "Tỉnh Thanh Hóa"
    assert {"Xã Hoằng Hóa", "Xã Hoằng Giang"} <= set(header)  # every commune
    rows = {row[0]: row for row in sheet.iter_rows(min_row=6, values_only=True)}
    counselling = rows["activities_counselling"]
    assert counselling[header.index("Xã Hoằng Hóa")] == 3
    assert sum(v for v in counselling[2:-1] if isinstance(v, int)) == counselling[-1]
    assert AuditEvent.objects.filter(action="export", object_type="reports.report").exists()
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN"))
    hidden = load_workbook(
        io.BytesIO(analyst.get("/reports/", {"unit": "38", "format": "xlsx", **YEAR}).content)
    )["Tổng hợp"]
    values = {row[0]: row[3] for row in hidden.iter_rows(min_row=6, values_only=True)}
    assert values["persons_counselling"] == "<5"


def _cell_link(html, label):
    """The link of the first figure in the row ``label``."""
    row = _row(html, label)
    start = row.index('href="', row.index('class="num"')) + len('href="')
    return row[start : row.index('"', start)].replace("&amp;", "&")


def test_a_figure_opens_the_people_it_counts(helped, make_user, client_for):
    from reentry.audit.models import AuditEvent
    from reentry.persons.models import Person
    from reentry.persons.services import person_seal

    province = make_user(Role.PROVINCE_OFFICER, "38")
    client = client_for(province)
    html = client.get("/reports/", {"unit": "38", **YEAR}).content.decode()
    link = _cell_link(html, "Tư vấn tâm lý: số người")
    assert "indicator=persons_counselling" in link
    assert "unit=38" in link
    page = client.get(link).content.decode()
    assert "3 bản ghi được tính vào số liệu." in page
    for i in range(3):
        assert f"Người {i}</a>" in page
    assert "Xã Hoằng Hóa" in page
    listed = AuditEvent.objects.filter(actor=province, summary__startswith="report records")
    assert len(listed.get().changes["person_ids"]) == 3
    # a sealed file still counts, but is not listed: the page says one is left out
    sealed = Person.objects.get(full_name="Người 0")
    person_seal(actor=helped, person=sealed)
    page = client.get(link).content.decode()
    assert "3 bản ghi được tính vào số liệu." in page
    assert "Người 0</a>" not in page
    assert "Người 1</a>" in page
    assert "1 bản ghi không hiển thị với bạn" in page


def test_the_report_opened_from_the_menu_links_its_figures_with_its_period(
    helped, make_user, client_for, monkeypatch
):
    """The page opened without a query shows this year's report; its figures and downloads
    open that year's records, as if it had been chosen (a browser journey found them
    without a period, refused as a bad one)."""
    # the year of the help given in ``helped``, whatever year the suite runs in
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 12, 1))
    client = client_for(make_user(Role.PROVINCE_OFFICER, "38"))
    html = client.get("/reports/").content.decode()
    link = _cell_link(html, "Tư vấn tâm lý: số người")
    assert "year=2026" in link
    assert "kind=year" in link
    page = client.get(link)
    assert page.status_code == 200
    assert "3 bản ghi được tính vào số liệu." in page.content.decode()
    assert "year=2026&amp;format=xlsx" in html


def test_events_open_as_events_and_rates_open_their_numerator(helped, client_for):
    client = client_for(helped)
    html = client.get("/reports/", {"unit": "15865", **YEAR}).content.decode()
    page = client.get(_cell_link(html, "Tư vấn tâm lý</span>")).content.decode()
    assert page.count("01/03/2026") == 3
    assert "Tư vấn tâm lý" in page
    communes = client.get(_cell_link(html, "Tổng số xã, phường")).content.decode()
    assert "Xã Hoằng Hóa" in communes
    rows = _row(html, "Tỷ lệ tái phạm")
    assert "href" not in rows  # no reoffender: 0 %, nothing to open


def test_who_may_not_open_the_records(helped, make_user, client_for):
    query = {"unit": "38", "indicator": "persons_counselling", **YEAR}
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN"))
    assert analyst.get("/reports/records/", query).status_code == 403
    html = analyst.get("/reports/", {"unit": "38", **YEAR}).content.decode()
    assert "/reports/records/" not in html
    other = client_for(make_user(Role.PROVINCE_OFFICER, "31"))
    assert other.get("/reports/records/", query).status_code == 404
    labour = client_for(make_user(Role.LABOUR_OFFICER, "38"))
    assert labour.get("/reports/records/", query).status_code == 200
    sensitive = {**query, "indicator": "not_expunged_end"}
    assert labour.get("/reports/records/", sensitive).status_code == 403
    html = labour.get("/reports/", {"unit": "38", **YEAR}).content.decode()
    assert "indicator=not_expunged_end" not in html
    assert "indicator=persons_counselling" in html
    member = client_for(make_user(Role.INITIATIVE_MEMBER, "15865"))
    assert member.get("/reports/records/", query).status_code == 403
    officer = client_for(helped)
    bad = {**query, "unit": "15865", "indicator": "no_such_code"}
    assert officer.get("/reports/records/", bad).status_code == 404
    bad_period = {**query, "unit": "15865", "kind": "month", "number": "13"}
    response = officer.get("/reports/records/", bad_period)
    assert response.status_code == 400
    assert "Kỳ báo cáo không hợp lệ" in response.content.decode()


def test_the_months_of_the_dashboard_add_up_to_the_year(helped, make_user, client_for):
    from reentry.geography.models import AdminUnit
    from reentry.reports.dashboard import monthly
    from reentry.reports.engine import compute
    from reentry.reports.periods import period_of

    year = period_of("year", 2026)
    for code in ("15865", "38"):
        unit = AdminUnit.objects.current().get(code=code)
        months = monthly(year, unit.path)
        values = compute(unit, year).total.values
        assert sum(months["notices_received"]) == values["notices_received"]
        assert sum(months["loans_count"]) == values["loans_count"]
        assert sum(months["job_placements"]) == values["job_placements"]
        acts = sum(v for c, v in values.items() if c.startswith("activities_"))
        assert sum(months["activities"]) == acts == 3
        assert months["activities"][2] == 3  # all three in March


def test_the_dashboard_draws_the_figures_of_the_report(helped, make_user, client_for):
    page = client_for(make_user(Role.PROVINCE_OFFICER, "38")).get(
        "/reports/dashboard/", {"unit": "38", "year": "2026"}
    )
    html = page.content.decode()
    assert html.count("<svg") == 5
    assert "Diễn biến theo tháng" in html
    assert "Hỗ trợ theo loại (lượt)" in html
    assert '<th scope="row">Tư vấn tâm lý</th><td class="num">3</td>' in html
    assert "Xã Hoằng Hóa" in html  # on the map, with its people
    analyst = client_for(make_user(Role.NATIONAL_ANALYST, "VN")).get(
        "/reports/dashboard/", {"unit": "38", "year": "2026"}
    )
    hidden = analyst.content.decode()
    assert '<th scope="row">Tư vấn tâm lý</th>' not in hidden  # 3 acts: "<5", not drawn
    assert "Xã Hoằng Hóa: &lt;5" in hidden


def test_the_pdf_is_the_report_with_its_heading_and_charts(helped, make_user, client_for):
    import io
    import unicodedata

    from pypdf import PdfReader

    from reentry.audit.models import AuditEvent

    province = make_user(Role.PROVINCE_OFFICER, "38")
    response = client_for(province).get("/reports/", {"unit": "38", **YEAR, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = unicodedata.normalize(
        "NFC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    )
    assert "ỦY BAN NHÂN DÂN TỈNH THANH HÓA" in text
    assert "BAN CHỈ ĐẠO 138" in text
    assert "/BC-BCĐ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Thanh Hóa, ngày" in text
    assert "Diễn biến theo tháng" in text  # a chart of the dashboard, drawn from its SVG
    assert "TRƯỞNG BAN" in text
    assert AuditEvent.objects.filter(actor=province, summary__startswith="report pdf").exists()
