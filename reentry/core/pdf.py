"""PDF documents in Vietnamese: fpdf2 with the DejaVu fonts shipped in ``core/fonts``
(full Vietnamese diacritics; nothing is fetched at run time)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"


class VnDocument(FPDF):
    """An A4 portrait page with the national heading used on administrative documents."""

    def __init__(self, orientation: str = "P") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 15, 20)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()
        self.set_font("DejaVu", size=11)

    def heading(self, left_top: str = "", left_bottom: str = "") -> None:
        """Issuing body on the left (none for a citizen's own statement), the national motto
        on the right (or centred), underlined as on administrative documents."""
        full = self.w - self.l_margin - self.r_margin
        width = full / 2 if (left_top or left_bottom) else full
        if self.w > self.h:  # landscape: keep the two blocks close to the margins
            width = min(width, 120)
        x_motto = self.l_margin + (full - width)
        y = self.get_y()
        left_end = y
        if left_top or left_bottom:
            self.set_font("DejaVu", size=10)
            self.multi_cell(width, 5, left_top, align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_font("DejaVu", "B", 10)
            self.multi_cell(width, 5, left_bottom, align="C", new_x="LMARGIN", new_y="NEXT")
            left_end = self.get_y()
        self.set_xy(x_motto, y)
        self.set_font("DejaVu", "B", 10)
        self.multi_cell(
            width, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT"
        )
        self.set_x(x_motto)
        self.multi_cell(
            width, 5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT"
        )
        middle = x_motto + width / 2
        self.line(middle - 22, self.get_y() + 0.5, middle + 22, self.get_y() + 0.5)
        self.set_y(max(left_end, self.get_y()) + 6)

    def document_title(self, text: str, subtitle: str = "") -> None:
        self.set_font("DejaVu", "B", 13)
        self.multi_cell(0, 7, text, align="C", new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.set_font("DejaVu", size=10)
            self.multi_cell(0, 5, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self.set_font("DejaVu", size=11)

    def line_item(self, label: str, value: str) -> None:
        self.set_font("DejaVu", "B", 11)
        self.write(6.5, f"{label}: ")
        self.set_font("DejaVu", size=11)
        self.write(6.5, value or "....................................")
        self.ln(6.5)

    def paragraph(self, text: str) -> None:
        self.multi_cell(0, 6.5, text, align="J", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def signatures(self, left: str, right: str, place_date: str) -> None:
        self.ln(6)
        width = (self.w - self.l_margin - self.r_margin) / 2
        self.set_x(self.l_margin + width)
        self.set_font("DejaVu", size=10)
        self.multi_cell(width, 5, place_date, align="C", new_x="LMARGIN", new_y="NEXT")
        y = self.get_y()
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(width, 6, left, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_xy(self.l_margin + width, y)
        self.multi_cell(width, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=9)
        self.set_x(self.l_margin)
        self.multi_cell(width, 5, "(Ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_xy(self.l_margin + width, self.get_y() - 5)
        self.multi_cell(width, 5, "(Ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")

    def to_bytes(self) -> bytes:
        return bytes(self.output())
