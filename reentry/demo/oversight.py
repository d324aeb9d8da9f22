"""Demo oversight: the province's inspections of Xã Hoằng Hóa, Xã Hoằng Giang and Phường
Ngô Quyền with recommendations at every stage (done, in progress and overdue, due soon),
and commendations to initiatives, a member, a business and individuals. Dates are relative
to today so that the worklist always has something to show. Through the services."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from reentry.accounts.selectors import user_get_by_username
from reentry.initiatives.models import Initiative, InitiativeMember, Partner
from reentry.oversight.models import Inspection
from reentry.oversight.services import (
    RecommendationData,
    commendation_record,
    inspection_record,
    recommendation_follow_up,
)

DAY = datetime.timedelta(days=1)

INSPECTIONS = [
    (
        "tinh.thanhhoa",
        "15865",
        100,
        "Đoàn kiểm tra liên ngành Ban Chỉ đạo 138 tỉnh Thanh Hóa",
        "Xã đã tiếp nhận, lập hồ sơ đầy đủ người chấp hành xong án phạt tù; Tổ 3/1 hoạt động "
        "đều. Còn thiếu rà soát nhu cầu vay vốn và sổ theo dõi chưa cập nhật kịp thời.",
        [
            ("Cập nhật sổ theo dõi người chấp hành xong án phạt tù", "Công an xã", -40, "done"),
            ("Rà soát nhu cầu vay vốn theo Quyết định 22/2023/QĐ-TTg", "UBND xã", -10, "started"),
            ("Kiện toàn thành viên Tổ 3/1 thôn 5", "UBND xã", 10, ""),
        ],
    ),
    (
        "tinh.thanhhoa",
        "15880",
        45,
        "Đoàn kiểm tra Công an tỉnh Thanh Hóa",
        "Công tác tiếp nhận đúng thời hạn; chưa lập kế hoạch hỗ trợ cho người mới về.",
        [("Lập kế hoạch hỗ trợ cho người mới chấp hành xong án phạt tù", "Công an xã", 20, "")],
    ),
    (
        "tinh.haiphong",
        "11341",
        60,
        "Đoàn kiểm tra Ban Chỉ đạo 138 thành phố Hải Phòng",
        "Mô hình 5+1 duy trì sinh hoạt định kỳ; cần tăng kết nối việc làm.",
        [
            ("Kết nối doanh nghiệp nhận người lao động", "UBND phường", 30, ""),
            ("Báo cáo kết quả sinh hoạt mô hình hằng quý", "Công an phường", -5, ""),
        ],
    ),
]


@transaction.atomic
def seed_oversight() -> int:
    """Create the demo inspections and commendations once; returns how many inspections."""
    if Inspection.objects.exists():
        return 0
    today = timezone.localdate()
    for username, commune, days_ago, team, findings, recommendations in INSPECTIONS:
        inspected_on = today - days_ago * DAY
        inspection = inspection_record(
            actor=user_get_by_username(username),
            commune_code=commune,
            inspected_on=inspected_on,
            team=team,
            findings=findings,
            recommendations=[
                RecommendationData(text, responsible, today + due * DAY)
                for text, responsible, due, _stage in recommendations
            ],
        )
        follower = user_get_by_username("ca.hoanghoa")
        for row, (_text, _responsible, due, stage) in zip(
            inspection.recommendations.order_by("id"), recommendations, strict=True
        ):
            if stage in ("started", "done"):
                row = recommendation_follow_up(
                    actor=follower,
                    recommendation=row,
                    expected_version=row.version,
                    status="in_progress",
                    occurred_on=inspected_on + 10 * DAY,
                    note="Đã phân công cán bộ thực hiện, đang rà soát.",
                ).recommendation
            if stage == "done":
                recommendation_follow_up(
                    actor=follower,
                    recommendation=row,
                    expected_version=row.version,
                    status="done",
                    occurred_on=today + (due - 5) * DAY,
                    note="Đã hoàn thành, báo cáo Ban Chỉ đạo 138 tỉnh.",
                )
    _commendations(today)
    return len(INSPECTIONS)


def _commendations(today: datetime.date) -> None:
    province = user_get_by_username("tinh.thanhhoa")
    to31 = Initiative.objects.get(name="Tổ 3/1 thôn 3, xã Hoằng Hóa")
    awards = [
        (province, "initiative", to31.pk, "", "bang_khen", "Chủ tịch UBND tỉnh Thanh Hóa"),
        (
            province,
            "member",
            InitiativeMember.objects.get(initiative=to31, user__username="mohinh.hoanghoa").pk,
            "",
            "giay_khen",
            "Giám đốc Công an tỉnh Thanh Hóa",
        ),
        (
            province,
            "partner",
            Partner.objects.get(name="Công ty May Hoằng Hóa").pk,
            "",
            "bang_khen",
            "Chủ tịch UBND tỉnh Thanh Hóa",
        ),
        (
            user_get_by_username("ubnd.hoanghoa"),
            "individual",
            None,
            "Ông Nguyễn Văn Sơn, Trưởng thôn 3",
            "giay_khen",
            "Chủ tịch UBND xã Hoằng Hóa",
        ),
        (
            user_get_by_username("tinh.haiphong"),
            "initiative",
            Initiative.objects.get(name="Mô hình 5+1 phường Ngô Quyền").pk,
            "",
            "giay_khen",
            "Giám đốc Công an thành phố Hải Phòng",
        ),
    ]
    for number, (actor, kind, pk, name, form, awarded_by) in enumerate(awards, start=1):
        commendation_record(
            actor=actor,
            awarded_on=today - (30 + 7 * number) * DAY,
            form=form,
            awarded_by=awarded_by,
            decision_number=f"{100 + number}/QĐ-KT",
            recipient_kind=kind,
            recipient_id=pk,
            recipient_name=name,
            reason="Có thành tích xuất sắc trong công tác giúp đỡ người chấp hành xong án "
            "phạt tù tái hòa nhập cộng đồng",
        )
