"""Reading the cells of the sheets localities keep: dates typed every way, names in any
case, money as "2.690.000.000" or "2,69 tỷ", gender as Nam/Nữ/M/F, text in composed or
decomposed Unicode. Pure functions: a value in, a clean value out, or ``CellError`` with a
Vietnamese message saying what was expected.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reentry.core.text import fold_key

# Excel's day 0 in the 1900 date system (its phantom 29/02/1900 is why it is the 30th)
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_SERIALS = range(1, 2958466)  # 01/01/1900 .. 31/12/9999


class CellError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def text(value: Any) -> str:
    """A cell as clean text: NFC, no stray or doubled spaces; an empty cell is ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 0912345678 typed as a number loses nothing else
    cleaned = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
    return " ".join(cleaned.split())


def name(value: Any) -> str:
    """A person's name in the usual case: "NGUYỄN  văn an" → "Nguyễn Văn An"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in text(value).split(" ") if word)


_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def date(value: Any, *, today: datetime.date | None = None) -> datetime.date | None:
    """A date cell: a real date, an Excel serial number, or text as dd/mm/yyyy, d/m/yy
    (also with "." or "-"), or yyyy-mm-dd. A two-digit year is the latest year with those
    digits that is not after this year."""
    if value is None or text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        serial = float(value)
        if serial.is_integer() and int(serial) in EXCEL_SERIALS:
            return EXCEL_EPOCH + datetime.timedelta(days=int(serial))
        raise CellError(_("“%(value)s” không phải là ngày.") % {"value": value})
    raw = text(value)
    if raw.isdigit() and len(raw) <= 7:  # a serial number that arrived as text (CSV)
        return date(int(raw), today=today)
    found = _DATE.match(raw)
    iso = _ISO.match(raw)
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            if len(found.group(3)) == 2:
                this_year = (today or timezone.localdate()).year
                year += this_year // 100 * 100
                if year > this_year:
                    year -= 100
            return datetime.date(year, month, day)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("Ngày “%(value)s” không có thật (kiểm tra ngày và tháng).") % {"value": raw}
        ) from None
    raise CellError(
        _("Ngày “%(value)s” không đọc được: nhập theo dạng ngày/tháng/năm, ví dụ 25/02/2026.")
        % {"value": raw}
    )


_SCALES = {"ty": 1_000_000_000, "trieu": 1_000_000, "nghin": 1_000, "ngan": 1_000}
_CURRENCY = {"", "d", "dong", "vnd"}
_MONEY = re.compile(r"^([0-9][0-9.,\s]*?)\s*([a-z\s]*)$")


def money(value: Any) -> int | None:
    """An amount in đồng: a number, "2.690.000.000" (dots or commas between thousands),
    "2.690.000.000 đ", or with a scale word: "2,69 tỷ", "500 triệu", "1,5 tỷ đồng"."""
    if value is None or text(value) == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        raw = text(value)
        found = _MONEY.match(_fold_words(raw))
        if not found:
            raise CellError(_money_message(raw))
        digits, word = found.group(1).replace(" ", ""), found.group(2).replace(" ", "")
        scale = 1
        for key, factor in _SCALES.items():
            if word.startswith(key):
                scale, word = factor, word[len(key) :]
                break
        if word not in _CURRENCY:
            raise CellError(_money_message(raw))
        try:
            amount = _number(digits, scaled=scale > 1) * scale
        except InvalidOperation:
            raise CellError(_money_message(raw)) from None
    if amount < 0:
        raise CellError(_("Số tiền không thể âm."))
    if amount != amount.to_integral_value():
        raise CellError(_("Số tiền tính bằng đồng, không có phần lẻ."))
    return int(amount)


def _number(digits: str, *, scaled: bool) -> Decimal:
    """ "2.690.000.000" and "2,690,000,000" are thousands; with a scale word, "2,69" and
    "2.69" are a decimal point ("2,69 tỷ")."""
    if scaled:
        if digits.count(",") + digits.count(".") > 1:
            raise InvalidOperation
        return Decimal(digits.replace(",", "."))
    groups = re.split(r"[.,]", digits)
    if len(groups) > 1 and not all(len(group) == 3 for group in groups[1:]):
        raise InvalidOperation  # "2,5" without a scale word is not a sum in đồng
    return Decimal("".join(groups))


def _fold_words(raw: str) -> str:
    """Lower case, words without accents ("2,69 Tỷ đồng" → "2,69 ty dong")."""
    out = []
    for part in raw.replace("đ", "d").replace("Đ", "D").split(" "):
        out.append(part.lower() if re.search(r"[0-9]", part) else fold_key(part))
    return " ".join(p for p in out if p)


def _money_message(raw: str) -> str:
    return _(
        "Số tiền “%(value)s” không đọc được: nhập số đồng (2.690.000.000) hoặc kèm đơn vị "
        "(2,69 tỷ; 500 triệu)."
    ) % {"value": raw}


_GENDERS = {
    "nam": "male",
    "m": "male",
    "male": "male",
    "nu": "female",
    "f": "female",
    "female": "female",
}


def gender(value: Any) -> str:
    """ "Nam", "Nữ", "M", "F" (any case) → "male" / "female"."""
    key = fold_key(text(value))
    if key not in _GENDERS:
        raise CellError(
            _("Giới tính “%(value)s” không đọc được: ghi Nam hoặc Nữ.") % {"value": text(value)}
        )
    return _GENDERS[key]


def whole(value: Any) -> int | None:
    """A whole number ("24", 24, 24.0); empty is None."""
    raw = text(value)
    if raw == "":
        return None
    try:
        number = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value():
        raise CellError(_("“%(value)s” không phải là số nguyên.") % {"value": raw})
    return int(number)


def identity(value: Any, *, digits: int = 12) -> str:
    """An identity number: Excel drops the leading zeros of a number cell (CCCD start with
    the province code, 001…096), so a number is padded back to ``digits``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(digits)
    return text(value).replace(" ", "").replace(".", "")


def languages() -> list[str]:
    """The languages of the site, its default (Vietnamese, the templates' language) first."""
    return list(dict.fromkeys([settings.LANGUAGE_CODE, *(code for code, _n in settings.LANGUAGES)]))


def choice(value: Any, choices: Any, aliases: Mapping[str, str] | None = None) -> str:
    """A value of ``choices`` (Django choices) typed as its label or its code, in any case
    and with or without accents, or as one of the ``aliases`` (other names a sheet uses,
    "NHCSXH" for the bank): empty is "". The label is read in Vietnamese or in English
    whatever language is active: the preview runs in the user's language, the background
    worker in none, and a sheet must mean the same to both."""
    key = fold_key(text(value))
    if not key:
        return ""
    found = _choice_code(key, choices, aliases)
    if found is None:
        raise CellError(
            _("“%(value)s” không có trong danh mục: %(names)s.")
            % {"value": text(value), "names": _names(choices)}
        )
    return found


def _choice_code(key: str, choices: Any, aliases: Mapping[str, str] | None) -> str | None:
    found = _choice_index(choices).get(key)
    if found is not None:
        return found
    for alias, code in (aliases or {}).items():
        if key == fold_key(alias):
            return code
    return None


# id(choices) → (choices, folded label or code → code): a kind's choices are built once, and
# kept here with their index so that the id cannot be another list's
_INDEXES: dict[int, tuple[Any, dict[str, str]]] = {}


def _choice_index(choices: Any) -> dict[str, str]:
    """Each choice's code and its label in every language (Vietnamese first: a label that
    two languages give to different choices is the Vietnamese one's), folded."""
    cached = _INDEXES.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    index: dict[str, str] = {}
    for language in languages():
        with translation.override(language):
            for code, label in choices:
                for key in (fold_key(str(label)), fold_key(str(code))):
                    if key:
                        index.setdefault(key, str(code))
    if len(_INDEXES) > 256:  # only lists made on the fly (tests) would grow it
        _INDEXES.clear()
    _INDEXES[id(choices)] = (choices, index)
    return index


def _names(choices: Any) -> str:
    return "; ".join(str(label) for _code, label in choices)


_LIST_SEPARATORS = re.compile(r"[;\n+]")


def choice_list(value: Any, choices: Any, aliases: Mapping[str, str] | None = None) -> list[str]:
    """Several values of ``choices`` in one cell, separated by ";", "+", a line break or a
    comma ("Chưa có việc làm; Thiếu vốn", "Chưa có việc làm, Thiếu vốn"); a label that holds
    a comma itself ("Mặc cảm, tự ti, bị kỳ thị") is still one value. Each once, in order."""
    found: list[str] = []
    raw = "" if value is None else unicodedata.normalize("NFC", str(value))
    for part in _LIST_SEPARATORS.split(raw):  # before ``text``, which joins the lines
        pieces = [text(p) for p in part.split(",") if fold_key(p)]
        start = 0
        while start < len(pieces):
            # the longest run of comma-separated pieces that is one value
            for end in range(len(pieces), start, -1):
                code = _choice_code(fold_key(",".join(pieces[start:end])), choices, aliases)
                if code is not None:
                    break
            else:
                raise CellError(
                    _("“%(value)s” không có trong danh mục: %(names)s.")
                    % {"value": pieces[start].strip(), "names": _names(choices)}
                )
            if code not in found:
                found.append(code)
            start = end
    return found


def or_blank(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``read`` for a column that may be left empty: an empty cell is "" without asking
    ``read`` (gender is needed only when a row opens a new file)."""

    def read_or_blank(value: Any) -> Any:
        return "" if text(value) == "" else read(value)

    return read_or_blank


_COUNT = re.compile(r"^(\d{1,3}(?:[.,\s]\d{3})+|\d+)\s*([^\d\s].*)?$")


def count(value: Any) -> int | None:
    """A number of people or of copies: 120, "1.250", "1,250", "1 250 lượt", "300 tờ";
    empty is None. Never negative, never with a fraction."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number < 0 or number != number.to_integral_value():
            raise CellError(_count_message(text(value)))
        return int(number)
    raw = text(value)
    if raw == "":
        return None
    found = _COUNT.match(raw)
    if not found or (found.group(2) and re.search(r"\d", found.group(2))):
        raise CellError(_count_message(raw))
    return int(re.sub(r"[.,\s]", "", found.group(1)))


def _count_message(raw: str) -> str:
    return _("“%(value)s” không phải là một số lượng: ghi số, ví dụ 120 hoặc 1.250.") % {
        "value": raw
    }


def unit_codes(value: Any) -> list[str]:
    """Commune codes in one cell, separated by commas, semicolons or spaces ("15865; 15880").
    A code is 5 digits: one that came as a number (Excel drops leading zeros: 4 for 00004)
    is padded back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(int(value)).zfill(5)]
    codes = []
    for part in re.split(r"[,;\s]+", text(value)):
        if not part:
            continue
        if not part.isdigit() or len(part) > 5:
            raise CellError(
                _("“%(value)s” không phải là mã xã, phường (5 chữ số).") % {"value": part}
            )
        if part.zfill(5) not in codes:
            codes.append(part.zfill(5))
    return codes
