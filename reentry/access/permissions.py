"""Every permission code in one enum, and which roles hold it (DESIGN §7).

A view, page or API endpoint is marked with exactly one of these codes (or as public on
purpose); the role table below is the only place that says who holds which code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from reentry.accounts.roles import Role


class Permission(models.TextChoices):
    ACCOUNT_SELF = "account.self", _("Dùng tài khoản của mình (trang chủ, đổi mật khẩu)")
    UNIT_VIEW = "unit.view", _("Xem đơn vị hành chính trong phạm vi")
    API_DOCS_VIEW = "api.docs", _("Xem tài liệu API")
    PERSON_VIEW = "person.view", _("Xem hồ sơ người tái hòa nhập cộng đồng trong phạm vi")
    PERSON_CHANGE = "person.change", _("Lập và sửa hồ sơ")
    PERSON_VIEW_OFFENCE = "person.view_offence", _("Xem thông tin tội danh, bản án")
    PERSON_OPEN_SEALED = (
        "person.open_sealed",
        _("Mở hồ sơ đã niêm phong sau khi xóa án tích (nêu lý do, được ghi nhật ký)"),
    )
    PERSON_EMERGENCY_OPEN = (
        "person.emergency_open",
        _("Mở khẩn cấp một hồ sơ ngoài phạm vi (nêu lý do, có thời hạn, xã quản lý được biết)"),
    )
    SUPPORT_VIEW = "support.view", _("Xem nhu cầu và hoạt động hỗ trợ")
    SUPPORT_CHANGE = "support.change", _("Ghi nhận hoạt động hỗ trợ")
    INITIATIVE_VIEW = "initiative.view", _("Xem mô hình tái hòa nhập cộng đồng")
    INITIATIVE_MANAGE = "initiative.manage", _("Lập mô hình, thêm thành viên, phân công giúp đỡ")
    OVERSIGHT_VIEW = "oversight.view", _("Xem kiểm tra, kiến nghị và khen thưởng")
    INSPECTION_RECORD = "oversight.inspect", _("Ghi kết quả kiểm tra công tác của xã")
    RECOMMENDATION_FOLLOW_UP = "oversight.follow_up", _("Theo dõi thực hiện kiến nghị")
    COMMENDATION_RECORD = "oversight.commend", _("Ghi khen thưởng")
    REPORT_VIEW = "report.view", _("Xem báo cáo của đơn vị")
    REPORT_AGGREGATE_VIEW = "report.aggregate", _("Xem số liệu tổng hợp")
    TARGET_MANAGE = "report.target", _("Đặt chỉ tiêu phấn đấu cho đơn vị và cấp dưới")
    REPORT_SUBMIT = "report.submit", _("Gửi báo cáo kỳ của xã lên tỉnh")
    REPORT_APPROVE = "report.approve", _("Duyệt hoặc trả lại báo cáo kỳ của xã")
    IMPORT_RUN = "import.run", _("Nhập dữ liệu từ tệp Excel, CSV")
    USER_MANAGE = "user.manage", _("Quản lý người dùng")
    REFERENCE_MANAGE = "reference.manage", _("Quản lý danh mục")
    AUDIT_VIEW = "audit.view", _("Xem nhật ký truy cập")
    SUBJECT_REQUEST_MANAGE = (
        "privacy.subject_request",
        _("Tiếp nhận, trả lời yêu cầu của chủ thể dữ liệu và xuất toàn bộ dữ liệu của người đó"),
    )


P = Permission
_EVERYONE = {P.ACCOUNT_SELF, P.UNIT_VIEW, P.API_DOCS_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.COMMUNE_OFFICER: frozenset(
        _EVERYONE
        | {
            P.PERSON_VIEW,
            P.PERSON_CHANGE,
            P.PERSON_VIEW_OFFENCE,
            P.SUPPORT_VIEW,
            P.SUPPORT_CHANGE,
            P.REPORT_VIEW,
            P.REPORT_AGGREGATE_VIEW,
            P.REPORT_SUBMIT,
            P.IMPORT_RUN,
            P.INITIATIVE_VIEW,
            P.INITIATIVE_MANAGE,
            P.OVERSIGHT_VIEW,
            P.RECOMMENDATION_FOLLOW_UP,
            P.SUBJECT_REQUEST_MANAGE,
        }
    ),
    Role.COMMUNE_COMMITTEE: frozenset(
        _EVERYONE
        | {
            P.PERSON_VIEW,
            P.PERSON_VIEW_OFFENCE,
            P.SUPPORT_VIEW,
            P.SUPPORT_CHANGE,
            P.REPORT_VIEW,
            P.REPORT_AGGREGATE_VIEW,
            P.REPORT_SUBMIT,
            P.IMPORT_RUN,
            P.INITIATIVE_VIEW,
            P.INITIATIVE_MANAGE,
            P.OVERSIGHT_VIEW,
            P.RECOMMENDATION_FOLLOW_UP,
            P.COMMENDATION_RECORD,
        }
    ),
    # Only people assigned to their initiative; never offence details.
    Role.INITIATIVE_MEMBER: frozenset(
        _EVERYONE | {P.PERSON_VIEW, P.SUPPORT_VIEW, P.SUPPORT_CHANGE, P.INITIATIVE_VIEW}
    ),
    # Needs, training, jobs, loans; never offence details.
    Role.LABOUR_OFFICER: frozenset(
        _EVERYONE
        | {
            P.PERSON_VIEW,
            P.SUPPORT_VIEW,
            P.SUPPORT_CHANGE,
            P.REPORT_AGGREGATE_VIEW,
            P.IMPORT_RUN,
            P.INITIATIVE_VIEW,
            P.OVERSIGHT_VIEW,
        }
    ),
    Role.PROVINCE_OFFICER: frozenset(
        _EVERYONE
        | {
            P.PERSON_VIEW,
            P.PERSON_VIEW_OFFENCE,
            P.PERSON_OPEN_SEALED,
            P.PERSON_EMERGENCY_OPEN,
            P.SUPPORT_VIEW,
            P.REPORT_VIEW,
            P.REPORT_AGGREGATE_VIEW,
            P.AUDIT_VIEW,
            P.SUBJECT_REQUEST_MANAGE,
            P.TARGET_MANAGE,
            P.REPORT_APPROVE,
            P.INITIATIVE_VIEW,
            P.INITIATIVE_MANAGE,
            P.OVERSIGHT_VIEW,
            P.INSPECTION_RECORD,
            P.RECOMMENDATION_FOLLOW_UP,
            P.COMMENDATION_RECORD,
        }
    ),
    # Aggregates only: no personal data at all.
    Role.NATIONAL_ANALYST: frozenset(_EVERYONE | {P.REPORT_AGGREGATE_VIEW, P.TARGET_MANAGE}),
    # Users and reference data; no personal files.
    Role.SYSADMIN: frozenset(_EVERYONE | {P.USER_MANAGE, P.REFERENCE_MANAGE, P.AUDIT_VIEW}),
}
