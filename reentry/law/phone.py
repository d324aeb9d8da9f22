"""Vietnamese phone numbers, normalised to the 10-digit national format.

Mobile numbers moved from 11 to 10 digits in 2018 (Thông tư 22/2014/TT-BTTTT and the
Ministry's 2018 conversion plan): the old prefixes below map to new 3-digit prefixes.
Landlines have 11 digits starting 02 since 2017 and are kept as they are.
"""

from __future__ import annotations

import re

OLD_MOBILE_PREFIXES = {
    # Viettel
    "0162": "032",
    "0163": "033",
    "0164": "034",
    "0165": "035",
    "0166": "036",
    "0167": "037",
    "0168": "038",
    "0169": "039",
    # MobiFone
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    # VinaPhone
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    # Vietnamobile
    "0186": "056",
    "0188": "058",
    # Gmobile
    "0199": "059",
}
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


class PhoneError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalize_phone(raw: str) -> str:
    """``+84 912 345 678`` → ``0912345678``; ``01662345678`` → ``0362345678``."""
    text = raw or ""
    if re.search(r"[^0-9 .+()\-]", text):  # letters or full-width digits: not a number
        raise PhoneError(
            "Số điện thoại không hợp lệ: chỉ gồm chữ số (có thể có dấu cách, chấm, gạch, +84)."
        )
    digits = re.sub(r"[^0-9]", "", text)
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif len(digits) in (9, 10) and not digits.startswith("0"):
        digits = "0" + digits
    if len(digits) == 11 and digits[:4] in OLD_MOBILE_PREFIXES:
        digits = OLD_MOBILE_PREFIXES[digits[:4]] + digits[4:]
    if len(digits) == 10 and digits.startswith(MOBILE_PREFIXES):
        return digits
    if len(digits) == 11 and digits.startswith("02"):
        return digits  # landline: 02 + area code + subscriber
    raise PhoneError(
        "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, 08, 09 "
        "(số 11 số cũ được tự đổi), cố định 11 số bắt đầu bằng 02."
    )
