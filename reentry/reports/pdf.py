"""The indicator report as a PDF, laid out as an administrative report (Nghị định
30/2020/NĐ-CP, Phụ lục I): the issuing body and the national heading, the number, place and
date, the title, the indicator table, the charts, the recipients and the signature.

The figures are the ones of the page and the XLSX: the same ``Report`` and the same
``Suppression`` (a small count of people is printed "<5"). The charts are the page's own SVG
drawn by fpdf2, so paper and screen cannot disagree. fpdf2 draws an SVG ``<text>`` with the
document's fonts, looked up by its ``font-family``: ``charts.FONT`` is "DejaVu", the family
``VnDocument`` registers (a generic family would fall back to Helvetica, which has no
Vietnamese letters).
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _
from fpdf.fonts import FontFace
from fpdf.svg import SVGObject

from reentry.core.pdf import VnDocument

from .charts import Chart
from .engine import Column, Report
from .registry import INDICATORS, UNIT_LABELS, Number
from .suppression import Suppression

# Fixed phrases of the decree: the same in every language
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MISSING = "—"  # a figure that cannot be computed (a percentage of nothing)
# More child units than this do not fit as columns of a readable table: they are in the XLSX
MAX_CHILD_COLUMNS = 8
PORTRAIT_CHILD_COLUMNS = 2  # more child columns: landscape
PADDING = 1.0  # mm left and right of a table cell's text
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
HEADINGS = FontFace(family="DejaVu", emphasis="BOLD", fill_color=(232, 236, 241))
SECTION = FontFace(family="DejaVu", emphasis="BOLD", fill_color=(246, 247, 249))


def vn_number(value: Number) -> str:
    """``1234567`` → ``"1.234.567"``, ``Decimal("12.5")`` → ``"12,5"``: dots between
    thousands, a comma before decimals."""
    if value is None:
        return MISSING
    text = f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_date_line(place: str, day: datetime.date) -> str:
    """``"Thanh Hóa, ngày 05 tháng 01 năm 2026"``: NĐ 30/2020 writes a day below 10 and the
    months 1 and 2 with a leading zero (so "tháng 01" is not misread as "tháng 10, 11, 12"),
    other months without."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _shown(code: str, column: Column, suppression: Suppression) -> str:
    value = suppression.shown(code, column.values)
    return value if isinstance(value, str) else vn_number(value)


class ReportDocument(VnDocument):
    """An A4 document with the margins, the heading and the page numbers of NĐ 30/2020.

    DejaVu has no oblique face in ``core/fonts``: what the decree sets in italics (the place
    and date, "Nơi nhận") is set upright here rather than slanted by a fake transform.
    """

    def __init__(self, orientation: str = "P") -> None:
        super().__init__(orientation=orientation)
        # top 20-25, bottom 20-25, left 30-35, right 15-20 mm
        self.set_margins(30, 20, 15)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_xy(self.l_margin, self.t_margin)
        full = self.epw
        self.left_width = min(full * 0.42, 105)
        self.right_width = min(full - self.left_width, 120)
        self.right_x = self.w - self.r_margin - self.right_width

    def header(self) -> None:
        """Page numbers from the second page on, centred in the top margin."""
        if self.page_no() > 1:
            self.set_font("DejaVu", size=10)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_xy(self.l_margin, self.t_margin)

    def _centred_rule(self, centre: float, length: float, y: float) -> None:
        self.set_line_width(0.3)
        self.line(centre - length / 2, y, centre + length / 2, y)
        self.set_line_width(0.2)

    def decree_heading(
        self, *, parent_issuer: str, issuer: str, number: str, date_line: str
    ) -> None:
        """Two blocks on two rows: the issuing body over "Số", the national name and motto
        over the place and date; each name with its short rule under it."""
        top = self.get_y()
        left_centre = self.l_margin + self.left_width / 2
        if parent_issuer:
            self.set_font("DejaVu", size=10)
            self.multi_cell(
                self.left_width, 5, parent_issuer.upper(), align="C", new_x="LMARGIN", new_y="NEXT"
            )
        self.set_font("DejaVu", "B", 10)
        self.multi_cell(
            self.left_width, 5, issuer.upper(), align="C", new_x="LMARGIN", new_y="NEXT"
        )
        name_width = min(self.get_string_width(issuer.upper()), self.left_width)
        self._centred_rule(left_centre, max(name_width / 2, 15), self.get_y() + 0.8)
        left_end = self.get_y() + 0.8

        right_centre = self.right_x + self.right_width / 2
        self.set_xy(self.right_x, top)
        self.set_font("DejaVu", "B", 10)
        self.multi_cell(self.right_width, 5, NATIONAL_NAME, align="C", new_x="LEFT", new_y="NEXT")
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(self.right_width, 5.5, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
        self._centred_rule(right_centre, self.get_string_width(MOTTO), self.get_y() + 0.5)
        right_end = self.get_y() + 0.5

        second_row = max(left_end, right_end) + 3
        self.set_font("DejaVu", size=10)
        self.set_xy(self.l_margin, second_row)
        self.multi_cell(
            self.left_width, 5, f"Số: {number}", align="C", new_x="LMARGIN", new_y="NEXT"
        )
        left_end = self.get_y()
        self.set_xy(self.right_x, second_row)
        self.multi_cell(self.right_width, 5, date_line, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(left_end, self.get_y()) + 8)

    def report_title(self, summary: str, unit_name: str, period: str) -> None:
        """The name of the document type, the summary of what it is about with a short rule
        under it, then the period."""
        self.set_font("DejaVu", "B", 13)
        self.multi_cell(0, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(0, 6, f"{summary}\n{unit_name}", align="C", new_x="LMARGIN", new_y="NEXT")
        width = min(self.get_string_width(summary), self.epw)
        self._centred_rule(self.l_margin + self.epw / 2, width / 3, self.get_y() + 1)
        self.ln(3)
        self.set_font("DejaVu", size=10)
        self.multi_cell(0, 5, period, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(5)

    def closing(self, *, signer_title: str, signer_name: str) -> None:
        """The recipients at the bottom left, the signature block at the bottom right, kept
        together on one page."""
        self.ln(6)
        if self.will_page_break(48):
            self.add_page()
        top = self.get_y()
        self.set_font("DejaVu", "B", 10)
        self.multi_cell(self.left_width, 5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=9)
        self.multi_cell(
            self.left_width, 4.5, "- Như trên;\n- Lưu: VT.", new_x="LMARGIN", new_y="NEXT"
        )
        left_end = self.get_y()
        self.set_xy(self.right_x, top)
        self.set_font("DejaVu", "B", 10.5)
        self.multi_cell(
            self.right_width, 5.5, signer_title.upper(), align="C", new_x="LEFT", new_y="NEXT"
        )
        self.set_font("DejaVu", size=8.5)
        self.multi_cell(
            self.right_width, 4.5, "(Ký, ghi rõ họ tên)", align="C", new_x="LEFT", new_y="NEXT"
        )
        self.set_y(self.get_y() + 22)
        self.set_x(self.right_x)
        self.set_font("DejaVu", "B", 10.5)
        self.multi_cell(
            self.right_width, 5.5, signer_name, align="C", new_x="LMARGIN", new_y="NEXT"
        )
        self.set_y(max(left_end, self.get_y()))

    def note(self, text: str) -> None:
        self.set_font("DejaVu", size=9)
        self.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")

    def chart(self, chart: Chart, number: int) -> None:
        """The chart's SVG at the width of the text (at most 180 mm), kept whole on a page;
        its title is printed only if the SVG does not draw it already."""
        svg = SVGObject(chart.svg)
        ratio = float(svg.height) / float(svg.width) if svg.width and svg.height else 0.5
        width = min(self.epw, 180)
        height = width * ratio
        room = self.h - self.t_margin - self.b_margin - 10
        if height > room:
            width, height = room / ratio, room
        caption = "" if _svg_draws(chart) else chart.title
        needed = height + (7 if caption else 0) + 4
        if self.will_page_break(needed):
            self.add_page()
        if caption:
            label = _("Biểu đồ")  # outside the f-string, where makemessages can find it
            self.set_font("DejaVu", "B", 10)
            self.multi_cell(0, 6, f"{label} {number}. {caption}", new_x="LMARGIN", new_y="NEXT")
        self.image(
            io.BytesIO(chart.svg.encode()),
            x=self.l_margin + (self.epw - width) / 2,
            w=width,
            alt_text=chart.title,
        )
        self.ln(4)


def _svg_draws(chart: Chart) -> bool:
    return f">{escape(chart.title)}</text>" in chart.svg


def _numbers_font_size(document: ReportDocument, texts: list[str], width: float) -> float:
    """The largest size (9 pt down to 6.5 pt) at which every figure fits its column."""
    size = 9.0
    while size > 6.5:
        document.set_font("DejaVu", size=size)
        if all(document.get_string_width(t) + 2 * PADDING <= width for t in texts):
            break
        size -= 0.5
    return size


def _indicator_table(document: ReportDocument, report: Report, suppression: Suppression) -> bool:
    """One row per indicator under its section, a column for the total and, when they fit,
    one per child unit; the heading row is repeated on every page. Whether a figure is
    missing ("—") is returned for the note under the table."""
    children = report.children if len(report.children) <= MAX_CHILD_COLUMNS else []
    columns = [report.total, *children]
    rows = {code: [_shown(code, column, suppression) for column in columns] for code in INDICATORS}
    full = document.epw
    number_col, unit_col = 10.0, 16.0
    if children:
        total_col = 24.0
        child_col = min(26.0, (full - number_col - 60 - unit_col - total_col) / len(children))
        name_col = full - number_col - unit_col - total_col - child_col * len(children)
        widths = [number_col, name_col, unit_col, total_col, *[child_col] * len(children)]
    else:
        total_col = 36.0
        widths = [number_col, full - number_col - unit_col - total_col, unit_col, total_col]
    size = min(
        _numbers_font_size(document, [values[i] for values in rows.values()], widths[3 + i])
        for i in range(len(columns))
    )
    document.set_font("DejaVu", size=size)
    headings = [
        _("STT"),
        _("Chỉ tiêu"),
        _("Đơn vị tính"),
        _("Tổng số") if children else _("Số liệu"),
        *[c.name for c in children],
    ]
    with document.table(
        col_widths=widths,
        line_height=size * 0.5,
        text_align=("CENTER", "LEFT", "CENTER", *["RIGHT"] * len(columns)),
        headings_style=HEADINGS,
        repeat_headings=1,
        padding=(0.8, PADDING, 0.8, PADDING),
    ) as table:
        heading = table.row()
        for text in headings:
            heading.cell(text, align="CENTER")
        section = None
        position = 0
        sections = 0
        for code, indicator in INDICATORS.items():
            if indicator.section != section:
                section = indicator.section
                row = table.row(style=SECTION)
                row.cell(ROMAN[sections] if sections < len(ROMAN) else "", align="CENTER")
                row.cell(str(section), colspan=len(widths) - 1, align="LEFT")
                sections += 1
                position = 0
            position += 1
            row = table.row()
            row.cell(str(position))
            row.cell(str(indicator.name))
            row.cell(str(UNIT_LABELS[indicator.unit]))
            for text in rows[code]:
                row.cell(text)
    return any(MISSING in values for values in rows.values())


def report_pdf(
    report: Report,
    *,
    suppression: Suppression,
    charts: list[Chart],
    issuer: str,
    parent_issuer: str,
    number: str,
    place: str,
    signer_title: str,
    signer_name: str,
    issued_on: datetime.date,
) -> bytes:
    """The report as the issuing body signs and sends it. Child units become columns when
    there are few of them (landscape for more than two); otherwise a note points to the
    XLSX."""
    wide = PORTRAIT_CHILD_COLUMNS < len(report.children) <= MAX_CHILD_COLUMNS
    document = ReportDocument(orientation="L" if wide else "P")
    document.set_title(_("Báo cáo kết quả công tác tái hòa nhập cộng đồng"))
    document.set_author(issuer)
    document.decree_heading(
        parent_issuer=parent_issuer,
        issuer=issuer,
        number=number,
        date_line=vn_date_line(place, issued_on),
    )
    period = report.period
    span = _("từ %(start)s đến %(end)s") % {
        "start": f"{period.start:%d/%m/%Y}",
        "end": f"{period.end:%d/%m/%Y}",
    }
    document.report_title(
        _("Kết quả công tác tái hòa nhập cộng đồng"),
        report.unit.name,
        period.label if period.kind == "custom" else f"{period.label}, {span}",
    )
    missing = _indicator_table(document, report, suppression)
    document.ln(2)
    if len(report.children) > MAX_CHILD_COLUMNS:
        document.note(
            _(
                "Số liệu của từng đơn vị trực thuộc (%(count)s đơn vị) có trong tệp XLSX "
                "của báo cáo này."
            )
            % {"count": vn_number(len(report.children))}
        )
    if suppression.active:
        document.note(_("“<5”: từ 1 đến 4 người, không ghi số cụ thể để không lộ danh tính."))
    if missing:
        document.note(_("“—”: không tính được (không có số liệu làm mẫu số)."))
    if charts:
        document.ln(4)
        for position, chart in enumerate(charts, start=1):
            document.chart(chart, position)
    document.closing(signer_title=signer_title, signer_name=signer_name)
    return document.to_bytes()
