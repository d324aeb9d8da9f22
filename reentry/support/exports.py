"""The list of people proposed for loans, as XLSX and PDF, in the layout the commune
committee signs (QĐ 22/2023/QĐ-TTg); the lists of acts of help and of loans as XLSX."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from reentry.core.pdf import VnDocument
from reentry.core.xlsx import (
    MONEY_FORMAT,
    Column,
    list_xlsx,
    set_widths,
    workbook_bytes,
    write_heading,
)

from .models import Loan, SupportActivity
from .selectors import LoanProposal

TITLE = "DANH SÁCH NGƯỜI CHẤP HÀNH XONG ÁN PHẠT TÙ ĐỀ NGHỊ VAY VỐN"
SUBTITLE = "theo Quyết định số 22/2023/QĐ-TTg của Thủ tướng Chính phủ"


def _columns(with_release: bool) -> list[str]:
    columns = ["STT", "Họ và tên", "Năm sinh", "Nơi cư trú"]
    if with_release:
        columns += ["Ngày chấp hành xong án phạt tù", "Hạn đề nghị vay"]
    return [*columns, "Nơi cho vay", "Số tiền (đồng)", "Thời hạn (tháng)", "Mục đích"]


def _row(index: int, item: LoanProposal, with_release: bool) -> list[object]:
    loan, person = item.loan, item.loan.person
    row: list[object] = [index, person.full_name, person.birth_year, person.address_text]
    if with_release:
        row += [
            item.completed_on.strftime("%d/%m/%Y") if item.completed_on else "",
            item.window_end.strftime("%d/%m/%Y") if item.window_end else "",
        ]
    return [*row, loan.get_lender_display(), loan.amount_vnd, loan.term_months, loan.purpose]


def loan_list_xlsx(*, unit_name: str, items: list[LoanProposal], with_release: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Đề nghị vay vốn"
    columns = _columns(with_release)
    lines = [f"{TITLE} — {unit_name}", SUBTITLE, f"Lập ngày {timezone.localdate():%d/%m/%Y}", ""]
    header_row = write_heading(sheet, lines, columns)
    for index, item in enumerate(items, start=1):
        sheet.append(_row(index, item, with_release))
    amount_column = columns.index("Số tiền (đồng)") + 1
    total_row = sheet.max_row + 1
    sheet.cell(total_row, 2, "Tổng cộng").font = Font(bold=True)
    sheet.cell(total_row, amount_column, sum(i.loan.amount_vnd for i in items)).font = Font(
        bold=True
    )
    for row in sheet.iter_rows(
        min_row=header_row + 1, min_col=amount_column, max_col=amount_column
    ):
        row[0].number_format = MONEY_FORMAT
    set_widths(
        sheet,
        [6, 26, 10, 34, 14, 14, 26, 16, 12, 30]
        if with_release
        else [6, 26, 10, 34, 26, 16, 12, 30],
    )
    return workbook_bytes(book)


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def loan_list_pdf(*, unit_name: str, items: list[LoanProposal], with_release: bool) -> bytes:
    doc = VnDocument(orientation="L")
    doc.heading(f"CÔNG AN {unit_name.upper()}", "")
    doc.document_title(f"{TITLE}\n{unit_name.upper()}", SUBTITLE)
    doc.set_font("DejaVu", size=8)
    columns = _columns(with_release)
    widths = (
        (8, 34, 12, 44, 20, 20, 30, 24, 14, 40) if with_release else (8, 38, 12, 50, 32, 26, 14, 46)
    )
    with doc.table(line_height=5, text_align="LEFT", col_widths=widths) as table:
        header = table.row()
        for name in columns:
            header.cell(name)
        for index, item in enumerate(items, start=1):
            row = table.row()
            for value in _row(index, item, with_release):
                row.cell(
                    _vnd(value) if isinstance(value, int) and value >= 1_000_000 else str(value)
                )
        total = table.row()
        for name in columns:
            if name == "Họ và tên":
                total.cell("Tổng cộng")
            elif name == "Số tiền (đồng)":
                total.cell(_vnd(sum(i.loan.amount_vnd for i in items)))
            else:
                total.cell("")
    doc.set_font("DejaVu", size=11)
    doc.signatures(
        "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN",
        "TRƯỞNG CÔNG AN",
        f"Ngày {timezone.localdate():%d} tháng {timezone.localdate():%m} năm "
        f"{timezone.localdate():%Y}",
    )
    return doc.to_bytes()


# The lists of acts of help and of loans hold no offence data: the same columns for every
# role that may see them (``support.view``), as on their pages.
ACTIVITY_COLUMNS = [
    Column(gettext_lazy("Ngày"), "date"),
    Column(gettext_lazy("Họ và tên")),
    Column(gettext_lazy("Năm sinh"), "number"),
    Column(gettext_lazy("Xã, phường")),
    Column(gettext_lazy("Loại hỗ trợ")),
    Column(gettext_lazy("Bên hỗ trợ")),
    Column(gettext_lazy("Người, cơ quan hỗ trợ")),
    Column(gettext_lazy("Kết quả")),
    Column(gettext_lazy("Số tiền (đồng)"), "money"),
    Column(gettext_lazy("Hẹn theo dõi"), "date"),
]


def activity_list_xlsx(
    *, activities: Iterable[SupportActivity], unit: str, filters: Sequence[tuple[str, str]]
) -> bytes:
    return list_xlsx(
        title=_("Hoạt động hỗ trợ"),
        columns=ACTIVITY_COLUMNS,
        rows=(
            [
                a.occurred_on,
                a.person.full_name,
                a.person.birth_year,
                a.person.commune.name,
                a.get_kind_display(),
                a.get_provider_kind_display(),
                a.provider_name,
                a.outcome,
                a.amount_vnd,
                a.next_follow_up_on,
            ]
            for a in activities
        ),
        unit=unit,
        filters=filters,
    )


LOAN_COLUMNS = [
    Column(gettext_lazy("Họ và tên")),
    Column(gettext_lazy("Năm sinh"), "number"),
    Column(gettext_lazy("Xã, phường")),
    Column(gettext_lazy("Nơi cho vay")),
    Column(gettext_lazy("Số tiền vay (đồng)"), "money"),
    Column(gettext_lazy("Thời hạn (tháng)"), "number"),
    Column(gettext_lazy("Mục đích")),
    Column(gettext_lazy("Ngày đề nghị"), "date"),
    Column(gettext_lazy("Ngày phê duyệt"), "date"),
    Column(gettext_lazy("Ngày giải ngân"), "date"),
    Column(gettext_lazy("Tình trạng")),
]


def loan_register_xlsx(
    *, loans: Iterable[Loan], unit: str, filters: Sequence[tuple[str, str]]
) -> bytes:
    return list_xlsx(
        title=_("Vay vốn"),
        columns=LOAN_COLUMNS,
        rows=(
            [
                loan.person.full_name,
                loan.person.birth_year,
                loan.person.commune.name,
                loan.get_lender_display(),
                loan.amount_vnd,
                loan.term_months,
                loan.purpose,
                loan.applied_on,
                loan.approved_on,
                loan.disbursed_on,
                loan.get_status_display(),
            ]
            for loan in loans
        ),
        unit=unit,
        filters=filters,
    )
