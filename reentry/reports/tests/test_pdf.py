"""The report as a PDF: the layout of NĐ 30/2020, the figures of the page with the same
"<5", and charts whose Vietnamese text survives the trip through fpdf2's SVG reader.

The text is read back with pypdf and compared in NFC, so a lost or decomposed diacritic
("Hoa" for "Hóa") fails the test."""

import datetime
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from pypdf import PdfReader

from reentry.accounts.roles import Role
from reentry.geography.models import AdminUnit
from reentry.persons.services import person_register, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.reports.charts import bar_chart, line_chart
from reentry.reports.engine import compute
from reentry.reports.pdf import report_pdf, vn_date_line, vn_number
from reentry.reports.periods import period_of
from reentry.reports.suppression import Suppression
from reentry.support.services import ActivityData, support_activity_record

pytestmark = pytest.mark.django_db
D = datetime.date


def nfc(text):
    return unicodedata.normalize("NFC", text)


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


def province_report(*, only_with_data=False):
    report = compute(
        AdminUnit.objects.current().get(code="38"), period_of("year", 2026), children=True
    )
    if only_with_data:  # as the page shows it by default: one column, Xã Hoằng Hóa
        report.children = [c for c in report.children if c.values.get("activities_counselling")]
    return report


def charts():
    return [
        bar_chart("Hỗ trợ theo loại", [("Tư vấn tâm lý", 3), ("Giới thiệu việc làm", 1)]),
        line_chart(
            "Người được tư vấn theo quý",
            ["Quý 1", "Quý 2", "Quý 3", "Quý 4"],
            [("Xã Hoằng Hóa", [3, 0, None, None])],
        ),
    ]


def render(report, *, suppression=None, with_charts=True):
    return report_pdf(
        report,
        suppression=suppression or Suppression(),
        charts=charts() if with_charts else [],
        issuer="Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        parent_issuer="CÔNG AN TỈNH THANH HÓA",
        number="12/BC-CAT",
        place="Thanh Hóa",
        signer_title="Trưởng phòng",
        signer_name="Đại tá Lê Văn Hưởng",
        issued_on=D(2026, 1, 5),
    )


def pages(pdf):
    assert pdf.startswith(b"%PDF-")
    return [nfc(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def line_of(text, label):
    """The extracted line of a table row, from its indicator name to the end of the line."""
    match = re.search(rf"^.*{re.escape(nfc(label))}.*$", text, flags=re.MULTILINE)
    assert match, f"no row {label!r}"
    return match.group(0)


def test_the_heading_title_and_signature_follow_decree_30(helped):
    text = " ".join("\n".join(pages(render(province_report()))).split())  # names may wrap
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CÔNG AN TỈNH THANH HÓA",
        "PHÒNG CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",  # the issuer in capitals
        "Số: 12/BC-CAT",
        "Thanh Hóa, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Kết quả công tác tái hòa nhập cộng đồng",
        "Tỉnh Thanh Hóa",
        "Năm 2026, từ 01/01/2026 đến 31/12/2026",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TRƯỞNG PHÒNG",
        "(Ký, ghi rõ họ tên)",
        "Đại tá Lê Văn Hưởng",
    ):
        assert nfc(expected) in text, expected


def test_every_indicator_has_a_row_with_the_figures_of_the_report(helped):
    report = province_report()
    text = "\n".join(pages(render(report, with_charts=False)))
    assert "Tiếp nhận, quản lý" in text  # a section heading
    assert line_of(text, "Người được quản lý trong kỳ").endswith(" người 3")
    assert line_of(text, "Tư vấn tâm lý: số người").endswith(" người 3")
    # more child units than fit as columns: only the total, and a pointer to the XLSX
    assert "Xã Hoằng Hóa" not in text
    assert f"({vn_number(len(report.children))} đơn vị) có trong tệp XLSX" in text


def test_a_few_child_units_get_a_column_each_and_the_heading_repeats(helped):
    pdf = render(province_report(only_with_data=True), with_charts=False)
    texts = pages(pdf)
    text = "\n".join(texts)
    assert "Xã Hoằng Hóa" in text
    assert line_of(text, "Tư vấn tâm lý: số người").endswith(" người 3 3")
    last_row = next(i for i, page in enumerate(texts) if "Tỷ lệ xã có mô hình" in page)
    assert last_row > 0  # the table goes on to another page: its heading row again on it
    assert "Chỉ tiêu" in texts[last_row]
    assert texts[last_row].lstrip().startswith(str(last_row + 1))  # numbered from page 2
    assert not texts[0].lstrip().startswith("1")


def test_up_to_eight_child_units_turn_the_page_to_landscape(helped):
    report = province_report()
    report.children = [
        c for c in report.children if c.values.get("activities_counselling")
    ] + report.children[:7]
    pdf = render(report, with_charts=False)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = "\n".join(pages(pdf))
    assert line_of(text, "Tư vấn tâm lý: số người").endswith(" người 3 3" + " 0" * 7)
    assert "tệp XLSX" not in text


def test_small_counts_of_people_are_printed_as_less_than_five(helped):
    pdf = render(province_report(), suppression=Suppression(everything_small=True))
    text = "\n".join(pages(pdf))
    assert line_of(text, "Tư vấn tâm lý: số người").endswith(" người <5")
    assert line_of(text, "Người được quản lý trong kỳ").endswith(" người <5")
    assert "“<5”: từ 1 đến 4 người" in text
    shown = "\n".join(pages(render(province_report())))
    assert "<5" not in shown


def test_the_charts_text_is_drawn_from_the_svg_in_vietnamese(helped):
    text = "\n".join(pages(render(province_report())))
    # the titles are drawn by the SVG only (no caption repeats them), with every diacritic
    assert text.count("Hỗ trợ theo loại") == 1
    assert text.count("Người được tư vấn theo quý") == 1
    assert "Giới thiệu việc làm" in text  # a bar's label
    assert "Quý 1" in text


def test_an_empty_world_still_makes_a_report():
    report = compute(AdminUnit.objects.current().get(code="15865"), period_of("year", 2026))
    text = "\n".join(pages(render(report, with_charts=False)))
    assert "Xã Hoằng Hóa" in text
    assert line_of(text, "Người được quản lý trong kỳ").endswith(" người 0")
    assert line_of(text, "Tỷ lệ tái phạm").endswith(" % —")  # nobody managed: no ratio
    assert "“—”: không tính được" in text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 5), "Thanh Hóa, ngày 05 tháng 01 năm 2026"),
        (D(2026, 2, 28), "Thanh Hóa, ngày 28 tháng 02 năm 2026"),
        (D(2026, 3, 9), "Thanh Hóa, ngày 09 tháng 3 năm 2026"),
        (D(2026, 12, 31), "Thanh Hóa, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_the_first_two_months(day, expected):
    assert vn_date_line("Thanh Hóa", day) == expected


def test_numbers_are_written_the_vietnamese_way():
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(0) == "0"
    assert vn_number(Decimal("12.5")) == "12,5"
    assert vn_number(Decimal("1234.5")) == "1.234,5"
    assert vn_number(None) == "—"
