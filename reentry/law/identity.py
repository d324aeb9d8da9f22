"""Identity numbers: the 12-digit citizen identity number (CCCD, số định danh cá nhân) and
the 9-digit legacy identity card number (CMND).

Thông tư 59/2021/TT-BCA, Điều 7 (formerly Thông tư 07/2016/TT-BCA, Điều 7): a CCCD is
- 3 digits: the province (63-province codes) where the birth was registered,
- 1 digit: century of birth and gender — 20th century (1900-1999) male 0, female 1;
  21st male 2, female 3; 22nd male 4, female 5; 23rd male 6, female 7; 24th male 8, female 9,
- 2 digits: the last two digits of the year of birth,
- 6 random digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# The 63 provinces before 1 July 2025, whose codes CCCD numbers carry (zero-padded to 3).
CCCD_PROVINCE_CODES = frozenset(
    f"{code:03d}"
    for code in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)

_DIGITS = re.compile(r"[0-9]+")  # ASCII only: full-width digits are not an identity number


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class IdentityError(ValueError):
    """The number is not a valid identity number; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Cccd:
    number: str
    province_code: str
    gender: Gender
    birth_year_century: int  # 1900, 2000, ...
    birth_year_suffix: int  # 0..99

    @property
    def birth_year(self) -> int:
        return self.birth_year_century + self.birth_year_suffix


def clean_number(raw: str) -> str:
    """Digits only: spaces, dots and dashes typed between groups are dropped. Any other
    character (a letter, a full-width digit) makes the number invalid."""
    text = raw or ""
    if re.search(r"[^0-9 .\-]", text):
        return ""
    return "".join(_DIGITS.findall(text))


def parse_cccd(raw: str) -> Cccd:
    """Parse a CCCD and check its structure (Thông tư 59/2021/TT-BCA, Điều 7)."""
    number = clean_number(raw)
    if len(number) != 12:
        raise IdentityError(f"Số CCCD phải có đúng 12 chữ số (đang có {len(number)}).")
    province = number[:3]
    if province not in CCCD_PROVINCE_CODES:
        raise IdentityError(f"Ba số đầu “{province}” không phải mã tỉnh nơi đăng ký khai sinh.")
    digit = int(number[3])
    gender = Gender.MALE if digit % 2 == 0 else Gender.FEMALE
    century = 1900 + (digit // 2) * 100
    return Cccd(
        number=number,
        province_code=province,
        gender=gender,
        birth_year_century=century,
        birth_year_suffix=int(number[4:6]),
    )


def check_cccd_matches(cccd: Cccd, *, gender: str | None, birth_year: int | None) -> list[str]:
    """Mismatches between the number and the person's gender and year of birth."""
    problems = []
    if gender in (Gender.MALE, Gender.FEMALE) and cccd.gender != gender:
        expected = "nam" if gender == Gender.MALE else "nữ"
        problems.append(
            f"Chữ số thứ 4 của CCCD ({cccd.number[3]}) không khớp giới tính {expected}."
        )
    if birth_year is not None and cccd.birth_year != birth_year:
        problems.append(
            f"CCCD cho năm sinh {cccd.birth_year}, không khớp năm sinh đã nhập {birth_year}."
        )
    return problems


def parse_cmnd(raw: str) -> str:
    """A legacy identity card (CMND) number: 9 digits. Kept as history, not validated further
    (Nghị định 05/1999/NĐ-CP)."""
    number = clean_number(raw)
    if len(number) != 9:
        raise IdentityError(f"Số CMND cũ phải có đúng 9 chữ số (đang có {len(number)}).")
    return number
