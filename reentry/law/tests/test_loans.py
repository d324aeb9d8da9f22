import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reentry.law.loans import LOAN_MAX_VND, check_loan, window_end

D = dt.date


def fields(problems):
    return {p.field for p in problems}


def test_a_loan_within_the_limits_and_the_window_passes():
    assert (
        check_loan(
            amount_vnd=100_000_000,
            term_months=120,
            applied_on=D(2026, 1, 5),
            completed_on=D(2022, 6, 19),
        )
        == []
    )


@pytest.mark.parametrize(
    ("amount", "term", "applied", "completed", "field"),
    [
        (100_000_001, 60, D(2026, 1, 5), D(2022, 6, 19), "amount_vnd"),
        (0, 60, D(2026, 1, 5), D(2022, 6, 19), "amount_vnd"),
        (50_000_000, 121, D(2026, 1, 5), D(2022, 6, 19), "term_months"),
        (50_000_000, 60, D(2027, 6, 20), D(2022, 6, 19), "applied_on"),  # one day too late
        (50_000_000, 60, D(2022, 6, 1), D(2022, 6, 19), "applied_on"),  # before release
        (50_000_000, 60, D(2026, 1, 5), None, "person"),
    ],
)
def test_the_rules_of_decision_22_2023(amount, term, applied, completed, field):
    assert field in fields(
        check_loan(amount_vnd=amount, term_months=term, applied_on=applied, completed_on=completed)
    )


def test_the_window_ends_five_years_later_and_leap_days_fall_back():
    assert window_end(D(2022, 6, 19)) == D(2027, 6, 19)
    assert window_end(D(2024, 2, 29)) == D(2029, 2, 28)


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=0, max_value=3000),
)
def test_applying_later_never_turns_a_refusal_into_an_approval(completed, days):
    early = check_loan(
        amount_vnd=LOAN_MAX_VND,
        term_months=60,
        applied_on=completed + dt.timedelta(days=days),
        completed_on=completed,
    )
    late = check_loan(
        amount_vnd=LOAN_MAX_VND,
        term_months=60,
        applied_on=completed + dt.timedelta(days=days + 1),
        completed_on=completed,
    )
    assert not (early and not late)
