import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reentry.law.calendar import add_working_days, holiday_name, is_working_day
from reentry.law.intake import conditional_release_report_deadline, residence_check_deadline

D = dt.date


@pytest.mark.parametrize(
    ("received", "deadline", "why"),
    [
        (D(2026, 11, 2), D(2026, 11, 5), "Mon → Thu: three ordinary working days"),
        (D(2026, 11, 6), D(2026, 11, 11), "Fri → Wed: the weekend is skipped"),
        (D(2026, 11, 20), D(2026, 11, 26), "Fri → Thu: weekend and 24/11 Ngày Văn hóa skipped"),
        (D(2026, 2, 13), D(2026, 2, 25), "Fri before Tết Bính Ngọ: 16-20/02 and two weekends"),
        (D(2026, 2, 12), D(2026, 2, 24), "Thu before Tết: Fri 13, then Mon 23, Tue 24"),
        (D(2026, 4, 24), D(2026, 5, 4), "Fri 24/4: Tue 28, Wed 29, then 30/4 and 1/5 off: Mon 4/5"),
        (D(2025, 8, 29), D(2025, 9, 5), "Fri 29/8/2025: 1/9 and 2/9 Quốc khánh skipped"),
    ],
)
def test_residence_check_deadline(received, deadline, why):
    assert residence_check_deadline(received) == deadline, why


def test_tet_days_are_not_working_days_and_have_vietnamese_names():
    assert not is_working_day(D(2026, 2, 17))
    assert holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert is_working_day(D(2026, 2, 23))
    assert holiday_name(D(2026, 2, 23)) is None


def test_conditional_release_reporting_counts_calendar_days():
    assert conditional_release_report_deadline(D(2026, 2, 13)) == D(2026, 2, 18)


def test_add_working_days_refuses_zero():
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(D(2026, 1, 5), 0)


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)))
def test_deadline_is_a_working_day_after_three_working_days(received):
    deadline = residence_check_deadline(received)
    assert is_working_day(deadline)
    assert D.fromordinal(received.toordinal() + 3) <= deadline <= received + dt.timedelta(days=16)
    between = [received + dt.timedelta(days=i) for i in range(1, (deadline - received).days)]
    assert sum(is_working_day(day) for day in between) == 2


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    st.integers(min_value=0, max_value=30),
)
def test_a_later_notice_never_has_an_earlier_deadline(received, shift):
    later = received + dt.timedelta(days=shift)
    assert residence_check_deadline(later) >= residence_check_deadline(received)
