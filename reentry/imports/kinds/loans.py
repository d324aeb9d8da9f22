"""Loans (vay vốn, Quyết định 22/2023/QĐ-TTg) from the list a commune keeps with the bank:
one row is one loan of a person who has a file in the actor's scope, written through
``loan_record`` (the law's ceiling, term and 5-year window) and moved along through
``loan_status_change``, as the loan form and its status buttons do."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reentry.access.permissions import Permission
from reentry.core.errors import ValidationFailed
from reentry.support.models import Lender, Loan, LoanStatus
from reentry.support.services import LoanData, loan_record, loan_status_change

from .. import cells
from .base import (
    CREATED,
    DUPLICATE,
    PERSON_COLUMNS,
    PERSON_FIELDS,
    UPDATED,
    Column,
    Kind,
    day_text,
    person_key,
    person_of_row,
)

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " đ"


LENDER_ALIASES = {
    "NHCSXH": Lender.VBSP,
    "Ngân hàng CSXH": Lender.VBSP,
    "Ngân hàng chính sách": Lender.VBSP,
    "Hội Phụ nữ": Lender.WOMENS_UNION,
    "Hội LHPN": Lender.WOMENS_UNION,
}
LOAN_STATUS_ALIASES = {
    "Đề nghị": LoanStatus.APPLIED,
    "Chờ duyệt": LoanStatus.APPLIED,
    "Đã duyệt": LoanStatus.APPROVED,
    "Đang vay": LoanStatus.CURRENT,
    "Đã giải ngân": LoanStatus.CURRENT,
    "Nợ quá hạn": LoanStatus.OVERDUE,
    "Đã tất toán": LoanStatus.REPAID,
    "Không duyệt": LoanStatus.REJECTED,
}
# how far along a loan is: a sheet moves a loan on, never back (an older list imported
# again leaves it as it is), except that repaying and overdue follow the sheet
_STAGE: dict[str, int] = {
    LoanStatus.APPLIED: 0,
    LoanStatus.APPROVED: 1,
    LoanStatus.REJECTED: 2,
    LoanStatus.CURRENT: 2,
    LoanStatus.OVERDUE: 2,
    LoanStatus.REPAID: 3,
}


def _loan_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (*person_key(row), row["lender"], row["applied_on"])


def _apply_loan(actor: User, unit: AdminUnit, row: dict[str, Any]) -> str:
    """Natural key: the person, the lender and the day applied. A loan already on the file
    is moved on when the sheet shows it further along (approved, disbursed, repaid), through
    ``loan_status_change``; its amount and term are never changed by a sheet."""
    person = person_of_row(actor, row, unit)
    status = row["status"] or LoanStatus.APPLIED
    loan = Loan.objects.filter(
        person=person, lender=row["lender"], applied_on=row["applied_on"]
    ).first()
    if loan is None:
        loan_record(
            actor=actor,
            person=person,
            data=LoanData(
                lender=row["lender"],
                amount_vnd=row["amount_vnd"],
                term_months=row["term_months"],
                purpose=row["purpose"],
                applied_on=row["applied_on"],
                approved_on=row["approved_on"],
                disbursed_on=row["disbursed_on"],
                status=status,
            ),
        )
        return CREATED
    if (loan.amount_vnd, loan.term_months) != (row["amount_vnd"], row["term_months"]):
        raise ValidationFailed(
            {
                "amount_vnd": [
                    gettext(
                        "Khoản vay đề nghị ngày %(date)s đã có trên hồ sơ với %(amount)s, "
                        "%(term)s tháng: nhập tệp không sửa số tiền, thời hạn của khoản vay "
                        "đã ghi."
                    )
                    % {
                        "date": day_text(loan.applied_on),
                        "amount": _money(loan.amount_vnd),
                        "term": loan.term_months,
                    }
                ]
            }
        )
    moves_on = _STAGE[status] > _STAGE[loan.status] or {status, loan.status} == {
        LoanStatus.CURRENT,
        LoanStatus.OVERDUE,
    }
    fills = (row["approved_on"] and not loan.approved_on) or (
        row["disbursed_on"] and not loan.disbursed_on
    )
    if not (moves_on or fills):
        return DUPLICATE
    loan_status_change(
        actor=actor,
        loan=loan,
        expected_version=loan.version,
        status=status if moves_on else loan.status,
        approved_on=row["approved_on"] if not loan.approved_on else None,
        disbursed_on=row["disbursed_on"] if not loan.disbursed_on else None,
    )
    return UPDATED


LOANS = Kind(
    code="loans",
    label=_("Vay vốn (Quyết định 22/2023/QĐ-TTg)"),
    columns=(
        *PERSON_COLUMNS,
        Column(
            "lender",
            _("Nơi cho vay"),
            partial(cells.choice, choices=Lender.choices, aliases=LENDER_ALIASES),
            True,
            "Ngân hàng Chính sách xã hội",
            _("Ngân hàng Chính sách xã hội (NHCSXH), Quỹ Hội Liên hiệp Phụ nữ, hoặc Khác"),
        ),
        Column(
            "amount_vnd",
            _("Số tiền vay"),
            cells.money,
            True,
            "50 triệu",
            _("tối đa 100.000.000 đồng; ghi 50.000.000 hoặc 50 triệu"),
        ),
        Column(
            "term_months",
            _("Thời hạn vay (tháng)"),
            cells.whole,
            True,
            "36",
            _("từ 1 đến 120 tháng"),
        ),
        Column("purpose", _("Mục đích vay"), cells.text, True, "Mua máy may, mở tiệm sửa quần áo"),
        Column(
            "applied_on",
            _("Ngày đề nghị"),
            cells.date,
            True,
            "10/01/2023",
            _("trong 5 năm kể từ ngày chấp hành xong án phạt tù (vay Ngân hàng Chính sách xã hội)"),
        ),
        Column("approved_on", _("Ngày phê duyệt"), cells.date, False, "15/02/2023"),
        Column("disbursed_on", _("Ngày giải ngân"), cells.date, False, "01/03/2023"),
        Column(
            "status",
            _("Tình trạng"),
            partial(cells.choice, choices=LoanStatus.choices, aliases=LOAN_STATUS_ALIASES),
            False,
            "Đang trả nợ đúng hạn",
            _(
                "Đã đề nghị, Đã phê duyệt, Đang trả nợ đúng hạn, Quá hạn, Đã trả hết, Không được "
                "duyệt; để trống là đã đề nghị. Nhập lại tệp với tình trạng mới thì khoản vay "
                "được cập nhật"
            ),
        ),
    ),
    key=_loan_key,
    apply=_apply_loan,
    fields=dict(PERSON_FIELDS),
    permission=Permission.SUPPORT_CHANGE,
)
