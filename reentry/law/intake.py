"""Deadlines of intake: the residence check after the prison's notice, and reporting after a
conditional early release."""

from __future__ import annotations

import datetime

from .calendar import add_working_days

RESIDENCE_CHECK_WORKING_DAYS = 3
CONDITIONAL_RELEASE_REPORT_DAYS = 5


def residence_check_deadline(notice_received_on: datetime.date) -> datetime.date:
    """Thông tư 10/2024/TT-BCA, Điều 8: within 3 working days of receiving the prison's
    notice, the commune police verify where the person will live. Weekends, public holidays
    and Tết are skipped."""
    return add_working_days(notice_received_on, RESIDENCE_CHECK_WORKING_DAYS)


def conditional_release_report_deadline(released_on: datetime.date) -> datetime.date:
    """Luật Thi hành án hình sự 2019 (thi hành quyết định tha tù trước thời hạn có điều kiện):
    within 5 days of release, the person presents themself to the commune People's Committee
    to commit to their obligations during probation. The period counts calendar days."""
    return released_on + datetime.timedelta(days=CONDITIONAL_RELEASE_REPORT_DAYS)
