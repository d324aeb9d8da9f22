"""Every indicator in one place: its code, names, definition, unit, and how it is counted.

Flow indicators count what happened in the period; stock indicators are taken on its last
day. Base indicators are counted from the records (``measures``); derived ones (a
difference, a percentage) are computed from base ones for each unit, never summed.
``docs/indicators.md`` and the page ``/reports/indicators/`` show this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from reentry.support.models import SupportKind

SUPPORT_KINDS = tuple(SupportKind.values)

PERSONS, EVENTS, VND, PERCENT, COMMUNES, INITIATIVES = (
    "persons",
    "events",
    "vnd",
    "percent",
    "communes",
    "initiatives",
)
UNIT_LABELS = {
    PERSONS: _("người"),
    EVENTS: _("lượt"),
    VND: _("đồng"),
    PERCENT: _("%"),
    COMMUNES: _("xã"),
    INITIATIVES: _("mô hình"),
}

Number = int | Decimal | None


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    definition: str | Promise
    unit: str
    flow: bool  # False: a stock on the last day of the period
    section: str | Promise
    # derived indicators: computed from base ones of the same unit
    derive: Callable[[dict[str, Number]], Number] | None = None

    @property
    def additive(self) -> bool:
        """A unit's value is the sum of its parts (everything but a percentage)."""
        return self.unit != PERCENT

    @property
    def persons(self) -> bool:
        """A count of people (small counts are hidden from roles without personal data)."""
        return self.unit == PERSONS


def _pct(numerator: str, denominator: str) -> Callable[[dict[str, Number]], Number]:
    def derive(values: dict[str, Number]) -> Number:
        top, bottom = values.get(numerator), values.get(denominator)
        if not bottom or top is None:
            return None
        ratio = Decimal(top) * 100 / Decimal(bottom)
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    return derive


def _difference(values: dict[str, Number]) -> Number:
    managed, employed = values.get("persons_managed_end"), values.get("employed_end")
    return int(managed or 0) - int(employed or 0)


RECEPTION = _("Tiếp nhận, quản lý")
OUTCOME = _("Kết quả")
SUPPORT = _("Hỗ trợ, giúp đỡ")
OUTREACH = _("Tuyên truyền")
INITIATIVES_SECTION = _("Mô hình tái hòa nhập cộng đồng")

I = Indicator  # noqa: E741 - a table reads better with a short name

_BASE: list[Indicator] = [
    I(
        "notices_received",
        _("Thông báo của trại giam đã nhận"),
        _("Thông báo nhận được trong kỳ (ngày nhận), tính ở xã nơi người đó cư trú khi nhận."),
        EVENTS,
        True,
        RECEPTION,
    ),
    I(
        "persons_reported",
        _("Người đã trình diện, tiếp nhận"),
        _("Số người có ngày trình diện trong kỳ."),
        PERSONS,
        True,
        RECEPTION,
    ),
    I(
        "persons_managed",
        _("Người được quản lý trong kỳ"),
        _(
            "Số người đang được quản lý vào bất kỳ lúc nào trong kỳ (đã trình diện, chưa kết "
            "thúc quản lý); người chuyển nơi cư trú tính ở xã cuối cùng trong kỳ."
        ),
        PERSONS,
        True,
        RECEPTION,
    ),
    I(
        "persons_managed_end",
        _("Người đang được quản lý cuối kỳ"),
        _("Số người đang được quản lý vào ngày cuối kỳ, ở xã đang quản lý hồ sơ."),
        PERSONS,
        False,
        RECEPTION,
    ),
    I(
        "on_probation_end",
        _("Đang trong thời gian thử thách (tha tù trước thời hạn có điều kiện)"),
        _("Người đang được quản lý cuối kỳ mà thời gian thử thách chưa hết."),
        PERSONS,
        False,
        RECEPTION,
    ),
    I(
        "not_expunged_end",
        _("Chưa được xóa án tích"),
        _(
            "Người đang được quản lý cuối kỳ chưa có phiếu lý lịch tư pháp hay quyết định xóa "
            "án tích."
        ),
        PERSONS,
        False,
        RECEPTION,
    ),
    I(
        "expungements",
        _("Được xóa án tích"),
        _("Số người có phiếu lý lịch tư pháp hoặc quyết định của Tòa án xóa án tích trong kỳ."),
        PERSONS,
        True,
        OUTCOME,
    ),
    I(
        "employed_end",
        _("Có việc làm"),
        _("Người đang được quản lý cuối kỳ có việc làm vào ngày cuối kỳ."),
        PERSONS,
        False,
        OUTCOME,
    ),
    I(
        "unemployed_end",
        _("Chưa có việc làm"),
        _("Người đang được quản lý cuối kỳ trừ người có việc làm."),
        PERSONS,
        False,
        OUTCOME,
        derive=_difference,
    ),
    *[
        I(
            f"class_{grade.lower()}_end",
            label,
            _("Người đang được quản lý cuối kỳ theo lần phân loại gần nhất đến ngày cuối kỳ."),
            PERSONS,
            False,
            OUTCOME,
        )
        for grade, label in (
            ("A", _("Phân loại A")),
            ("B", _("Phân loại B")),
            ("C", _("Phân loại C")),
            ("D", _("Phân loại D")),
        )
    ],
    I(
        "reoffenders",
        _("Người có hành vi phạm tội mới (bị bắt, khởi tố)"),
        _(
            "Số người được quản lý trong kỳ đã thực hiện hành vi phạm tội mới trong kỳ (không "
            "tính vụ đã đình chỉ), tính ở xã quản lý họ."
        ),
        PERSONS,
        True,
        OUTCOME,
    ),
    I(
        "recidivism_rate_pct",
        _("Tỷ lệ tái phạm"),
        _(
            "Người có hành vi phạm tội mới chia cho người được quản lý trong kỳ, nhân 100 "
            "(không quá 100)."
        ),
        PERCENT,
        True,
        OUTCOME,
        derive=_pct("reoffenders", "persons_managed"),
    ),
    *[
        indicator
        for kind, label in SupportKind.choices
        for indicator in (
            I(
                f"activities_{kind}",
                label,
                _("Số lượt hỗ trợ loại này trong kỳ, tính ở xã nơi người đó cư trú khi hỗ trợ."),
                EVENTS,
                True,
                SUPPORT,
            ),
            I(
                f"persons_{kind}",
                format_lazy(_("{kind}: số người"), kind=label),
                _("Số người được hỗ trợ loại này ít nhất một lần trong kỳ."),
                PERSONS,
                True,
                SUPPORT,
            ),
        )
    ],
    I(
        "training_referrals",
        _("Giới thiệu học nghề"),
        # the same figure as the support kind's own line: say so by its name, never its code
        format_lazy(
            _(
                "Số lượt giới thiệu học nghề trong kỳ, tính ở xã nơi người đó cư trú khi hỗ "
                "trợ (cùng số với loại hỗ trợ “{kind}”)."
            ),
            kind=SupportKind.TRAINING_REFERRAL.label,
        ),
        EVENTS,
        True,
        SUPPORT,
    ),
    I(
        "job_placements",
        _("Việc làm mới bắt đầu"),
        _("Số lần người được quản lý bắt đầu một việc làm trong kỳ."),
        EVENTS,
        True,
        SUPPORT,
    ),
    I(
        "loans_count",
        _("Khoản vay được giải ngân"),
        _(
            "Số khoản vay giải ngân trong kỳ, mọi nguồn vốn (Ngân hàng Chính sách xã hội "
            "theo Quyết định 22/2023/QĐ-TTg và các quỹ khác); không tính khoản bị từ chối."
        ),
        EVENTS,
        True,
        SUPPORT,
    ),
    I(
        "loans_amount_vnd",
        _("Tổng số tiền cho vay"),
        _("Tổng số tiền các khoản vay giải ngân trong kỳ."),
        VND,
        True,
        SUPPORT,
    ),
    I(
        "outreach_events",
        _("Buổi tuyên truyền"),
        _(
            "Số buổi tuyên truyền trong kỳ; buổi tổ chức cho nhiều xã tính ở cấp tỉnh, không "
            "tính trùng."
        ),
        EVENTS,
        True,
        OUTREACH,
    ),
    I(
        "outreach_participants",
        _("Lượt người tham dự tuyên truyền"),
        _("Tổng lượt người tham dự các buổi tuyên truyền trong kỳ."),
        EVENTS,
        True,
        OUTREACH,
    ),
    I(
        "outreach_materials",
        _("Tài liệu, tờ rơi phát ra"),
        _("Tổng số tài liệu, tờ rơi phát ra trong kỳ."),
        EVENTS,
        True,
        OUTREACH,
    ),
    I(
        "initiatives_active_end",
        _("Mô hình đang hoạt động"),
        _(
            "Mô hình đã ra mắt và đang hoạt động cuối kỳ; mô hình của nhiều xã hoặc cấp tỉnh "
            "tính ở cấp tỉnh."
        ),
        INITIATIVES,
        False,
        INITIATIVES_SECTION,
    ),
    I(
        "communes_with_initiative_end",
        _("Xã có mô hình"),
        _("Số xã có ít nhất một mô hình đang hoạt động bao phủ vào cuối kỳ."),
        COMMUNES,
        False,
        INITIATIVES_SECTION,
    ),
    I(
        "communes_total",
        _("Tổng số xã, phường, đặc khu"),
        _("Số đơn vị cấp xã theo đơn vị hành chính từ 01/07/2025."),
        COMMUNES,
        False,
        INITIATIVES_SECTION,
    ),
    I(
        "initiative_coverage_pct",
        _("Tỷ lệ xã có mô hình"),
        _("Xã có mô hình chia cho tổng số xã, nhân 100."),
        PERCENT,
        False,
        INITIATIVES_SECTION,
        derive=_pct("communes_with_initiative_end", "communes_total"),
    ),
]

INDICATORS: dict[str, Indicator] = {indicator.code: indicator for indicator in _BASE}
