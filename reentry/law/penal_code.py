"""Bộ luật Hình sự 2015 (sửa đổi 2017): chapters of the special part, and the crime
categories of Art. 9. The expungement rules (Art. 70, 71) need both."""

from __future__ import annotations

from enum import StrEnum

# (first article, last article, chapter number) of the special part (Phần thứ hai).
_CHAPTERS: tuple[tuple[int, int, int], ...] = (
    (108, 122, 13),  # XIII  xâm phạm an ninh quốc gia
    (123, 156, 14),  # XIV   xâm phạm tính mạng, sức khỏe, nhân phẩm, danh dự
    (157, 167, 15),  # XV    xâm phạm quyền tự do của con người, quyền dân chủ
    (168, 180, 16),  # XVI   xâm phạm sở hữu
    (181, 187, 17),  # XVII  xâm phạm chế độ hôn nhân và gia đình
    (188, 234, 18),  # XVIII xâm phạm trật tự quản lý kinh tế
    (235, 246, 19),  # XIX   về môi trường
    (247, 259, 20),  # XX    về ma túy
    (260, 329, 21),  # XXI   xâm phạm an toàn công cộng, trật tự công cộng
    (330, 351, 22),  # XXII  xâm phạm trật tự quản lý hành chính
    (352, 366, 23),  # XXIII về chức vụ
    (367, 391, 24),  # XXIV  xâm phạm hoạt động tư pháp
    (392, 417, 25),  # XXV   xâm phạm nghĩa vụ, trách nhiệm của quân nhân
    (418, 425, 26),  # XXVI  phá hoại hòa bình, chống loài người, tội phạm chiến tranh
)

ROMAN = {
    13: "XIII",
    14: "XIV",
    15: "XV",
    16: "XVI",
    17: "XVII",
    18: "XVIII",
    19: "XIX",
    20: "XX",
    21: "XXI",
    22: "XXII",
    23: "XXIII",
    24: "XXIV",
    25: "XXV",
    26: "XXVI",
}

# Art. 71: offences of these chapters are expunged only by a court decision.
COURT_DECISION_CHAPTERS = frozenset({13, 26})


class CrimeCategory(StrEnum):
    """Art. 9 (phân loại tội phạm)."""

    LESS_SERIOUS = "less_serious"  # ít nghiêm trọng
    SERIOUS = "serious"  # nghiêm trọng
    VERY_SERIOUS = "very_serious"  # rất nghiêm trọng
    EXTREMELY_SERIOUS = "extremely_serious"  # đặc biệt nghiêm trọng


class PenalCodeError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def chapter_of(article: int) -> int:
    """The chapter of the special part that defines ``article`` (Art. 108 to 425)."""
    for first, last, chapter in _CHAPTERS:
        if first <= article <= last:
            return chapter
    raise PenalCodeError(
        f"Điều {article} không phải một tội danh của Bộ luật Hình sự 2015 (Điều 108 đến 425)."
    )


def needs_court_decision(article: int) -> bool:
    """Art. 71: offences of Chapter XIII (national security) and XXVI (peace, humanity, war
    crimes) are expunged by a court decision, never automatically (Art. 70)."""
    return chapter_of(article) in COURT_DECISION_CHAPTERS
