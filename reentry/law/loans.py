"""Preferential loans for people who have completed a prison sentence (Quyết định
22/2023/QĐ-TTg of the Prime Minister, on credit for people who have served their sentence).

Art. 2: borrowers are people who completed a prison sentence, within 5 years of the date
they completed it; Art. 4: an individual borrows at most 100,000,000 đồng, for at most
120 months.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

LOAN_MAX_VND = 100_000_000
LOAN_MAX_TERM_MONTHS = 120
LOAN_WINDOW_YEARS = 5


@dataclass(frozen=True)
class LoanCheck:
    field: str
    message: str


def window_end(completed_on: datetime.date) -> datetime.date:
    """The last day a person who completed the sentence on ``completed_on`` may apply."""
    try:
        return completed_on.replace(year=completed_on.year + LOAN_WINDOW_YEARS)
    except ValueError:  # 29 February
        return completed_on.replace(year=completed_on.year + LOAN_WINDOW_YEARS, day=28)


def check_loan(
    *,
    amount_vnd: int,
    term_months: int,
    applied_on: datetime.date,
    completed_on: datetime.date | None,
) -> list[LoanCheck]:
    """What QĐ 22/2023/QĐ-TTg refuses about this loan (empty when it may be granted)."""
    problems = []
    if amount_vnd <= 0:
        problems.append(LoanCheck("amount_vnd", "Số tiền vay phải lớn hơn 0."))
    elif amount_vnd > LOAN_MAX_VND:
        problems.append(
            LoanCheck(
                "amount_vnd", "Mức vay tối đa là 100.000.000 đồng (QĐ 22/2023/QĐ-TTg, Điều 4)."
            )
        )
    if term_months <= 0 or term_months > LOAN_MAX_TERM_MONTHS:
        problems.append(
            LoanCheck("term_months", "Thời hạn vay từ 1 đến 120 tháng (QĐ 22/2023/QĐ-TTg, Điều 4).")
        )
    if completed_on is None:
        problems.append(
            LoanCheck("person", "Hồ sơ chưa có ngày chấp hành xong án phạt tù: chưa thể xét vay.")
        )
    elif applied_on < completed_on:
        problems.append(LoanCheck("applied_on", "Ngày đề nghị vay trước ngày ra trại."))
    elif applied_on > window_end(completed_on):
        problems.append(
            LoanCheck(
                "applied_on",
                "Quá 5 năm kể từ ngày chấp hành xong án phạt tù "
                f"({completed_on:%d/%m/%Y}): không thuộc diện vay (QĐ 22/2023/QĐ-TTg, Điều 2).",
            )
        )
    return problems
