"""Demo sign-off: the last quarter's reports of the Thanh Hóa demo communes, one approved,
one returned with a reason, one waiting for the province, so the province's page and the
worklists show each state on a fresh demo."""

from __future__ import annotations

import datetime

from django.utils import timezone

from reentry.accounts.selectors import user_get_by_username
from reentry.reports.models import ReportSubmission
from reentry.reports.periods import Period, period_of
from reentry.reports.signoff import submission_create, submission_decide

# commune officer, their commune, decision of the province (None: waiting), its reason
RETURNED = (
    "Đề nghị bổ sung số người được vay vốn trong quý, đối chiếu với danh sách của "
    "Ngân hàng Chính sách xã hội."
)
SUBMISSIONS = (
    ("ca.hoanghoa", "15865", True, ""),
    ("ca.hoanggiang", "15880", False, RETURNED),
    ("ca.hoangphu", "15889", None, ""),
)


def last_quarter(today: datetime.date) -> Period:
    quarter = (today.month - 1) // 3  # the quarter before this one (0: last year's 4th)
    if quarter == 0:
        return period_of("quarter", today.year - 1, 4)
    return period_of("quarter", today.year, quarter)


def seed_report_signoff() -> int:
    """Create the demo submissions once; returns how many."""
    if ReportSubmission.objects.exists():
        return 0
    period = last_quarter(timezone.localdate())
    province = user_get_by_username("tinh.thanhhoa")
    for username, commune, approve, reason in SUBMISSIONS:
        sent = submission_create(
            actor=user_get_by_username(username), unit_code=commune, period=period
        )
        if approve is not None:
            submission_decide(actor=province, pk=sent.pk, approve=approve, note=reason)
    return len(SUBMISSIONS)
