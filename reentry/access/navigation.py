"""The navigation shell: each area adds its entry here with the permission that shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .permissions import Permission


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: Permission
    # URL namespaces, or names of single pages, that highlight the item (its own page
    # always does)
    sections: tuple[str, ...] = ()


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Trang chủ"), "core:home", Permission.ACCOUNT_SELF, ("core",)),
    NavItem(_("Việc cần làm"), "worklist:worklist", Permission.PERSON_VIEW, ("worklist",)),
    # the support forms of a file (/persons/<id>/jobs/new/, …) belong to the file
    NavItem(_("Hồ sơ"), "persons:list", Permission.PERSON_VIEW, ("persons", "support", "outcomes")),
    NavItem(_("Hoạt động hỗ trợ"), "support:activities", Permission.SUPPORT_VIEW),
    NavItem(_("Vay vốn"), "support:loans", Permission.SUPPORT_VIEW),
    NavItem(_("Đề nghị vay vốn"), "support:loan_proposals", Permission.SUPPORT_VIEW),
    NavItem(_("Mô hình"), "initiatives:list", Permission.INITIATIVE_VIEW, ("initiatives",)),
    NavItem(_("Tuyên truyền"), "outreach:list", Permission.SUPPORT_VIEW, ("outreach",)),
    NavItem(
        _("Kiểm tra, khen thưởng"),
        "oversight:inspections",
        Permission.OVERSIGHT_VIEW,
        ("oversight",),
    ),
    NavItem(_("Bảng tổng hợp"), "reports:dashboard", Permission.REPORT_AGGREGATE_VIEW),
    NavItem(_("Báo cáo"), "reports:report", Permission.REPORT_AGGREGATE_VIEW, ("reports",)),
    NavItem(
        _("Gửi, duyệt báo cáo"),
        "reports:submissions",
        Permission.REPORT_VIEW,
        ("reports:submission",),
    ),
    NavItem(_("Truy cập khẩn cấp"), "access:emergency_open", Permission.PERSON_EMERGENCY_OPEN),
    NavItem(_("Nhật ký truy cập"), "audit:search", Permission.AUDIT_VIEW, ("audit",)),
    NavItem(_("Nhập dữ liệu"), "imports:upload", Permission.IMPORT_RUN, ("imports",)),
    NavItem(_("Đơn vị hành chính"), "geography:unit_browser", Permission.UNIT_VIEW, ("geography",)),
    NavItem(_("Tài liệu API"), "api_docs", Permission.API_DOCS_VIEW, ("api",)),
    NavItem(_("Tài khoản bị khóa"), "accounts:locked", Permission.USER_MANAGE),
)
