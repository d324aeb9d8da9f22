"""Reporting periods: a month, a quarter, a half year, a year, or any span of days."""

from __future__ import annotations

import datetime
from calendar import monthrange
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reentry.core.errors import ValidationFailed

KINDS = ("month", "quarter", "half", "year", "custom")
EARLIEST = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str = "custom"
    number: int | None = None

    def query(self, unit_code: str) -> dict[str, str]:
        """The report page's query for this (standard) period of a unit."""
        return {
            "unit": unit_code,
            "kind": self.kind,
            "year": str(self.start.year),
            "number": str(self.number or 1),
        }

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == "month":
            return _("Tháng %(n)s/%(y)s") % {"n": self.number, "y": year}
        if self.kind == "quarter":
            return _("Quý %(n)s năm %(y)s") % {"n": self.number, "y": year}
        if self.kind == "half":
            first = _("6 tháng đầu năm %(y)s") % {"y": year}
            return first if self.number == 1 else _("6 tháng cuối năm %(y)s") % {"y": year}
        if self.kind == "year":
            return _("Năm %(y)s") % {"y": year}
        return _("Từ %(start)s đến %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, monthrange(year, month)[1])


def period_of(
    kind: str,
    year: int | None = None,
    number: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Period:
    """The period a user picked, or ``ValidationFailed`` saying what is wrong."""
    if kind not in KINDS:
        raise ValidationFailed({"kind": [_("Chọn kỳ báo cáo.")]})
    if kind == "custom":
        if start is None or end is None:
            raise ValidationFailed({"start": [_("Nhập ngày bắt đầu và ngày kết thúc.")]})
        if end < start:
            raise ValidationFailed({"end": [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]})
        if start < EARLIEST:
            raise ValidationFailed({"start": [_("Số liệu có từ năm 2000.")]})
        return Period(start, end)
    if year is None or not 2000 <= year <= 2100:
        raise ValidationFailed({"year": [_("Chọn năm từ 2000 đến 2100.")]})
    limits = {"month": 12, "quarter": 4, "half": 2, "year": 1}
    number = 1 if kind == "year" else number
    if number is None or not 1 <= number <= limits[kind]:
        raise ValidationFailed({"number": [_("Chọn tháng, quý hoặc nửa năm.")]})
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    first = (number - 1) * months + 1
    return Period(datetime.date(year, first, 1), _month_end(year, first + months - 1), kind, number)
