"""Working days in Vietnam: weekends and public holidays (Tết included) are not working days.

The holiday calendar is the maintained ``holidays`` library (its Vietnamese calendar carries
Tết Nguyên Đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9, observed and substituted days, and the
Saturdays worked in exchange, ``weekend_workdays``).
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("VN")


def is_working_day(day: datetime.date) -> bool:
    """Bộ luật Lao động 2019, Điều 111-112: weekly rest days and public holidays are not
    working days."""
    return bool(_calendar().is_working_day(day))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    result: datetime.date = _calendar().get_nth_working_day(start, days)
    return result


def holiday_name(day: datetime.date, language: str = "vi") -> str | None:
    """The name of the public holiday on ``day`` (Vietnamese by default), or None."""
    names = holidays.country_holidays("VN", language=language, years=day.year)
    name = names.get(day)
    return str(name) if name else None
