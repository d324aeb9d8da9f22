"""Events as an officer reads them: when, who (account, role, unit), what, on which object.

What a row says of a person follows ``selectors.names_shown``: the name only of a file the
reader may open today. The values of changed fields are not shown, only which fields
changed (values of identity numbers and contacts are not even stored: ``events._redact``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.accounts.roles import Role

from .models import AuditAction, AuditEvent
from .selectors import PERSON_TYPE, names_shown, person_of

if TYPE_CHECKING:
    from reentry.accounts.models import User

# keys of ``changes`` that say where an event belongs, not what changed
_CONTEXT_KEYS = frozenset({"person_id", "person_ids", "filters", "rows"})


@dataclass(frozen=True)
class EventRow:
    id: int
    occurred_at: datetime.datetime
    username: str
    role: str
    actor_unit: str
    action: str
    subject: str  # the object, as the reader may see it
    person_id: int | None  # the file to link to, when the reader may open it
    detail: str
    ip_address: str
    in_list: bool  # the file was one of many in a list


def _role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _model_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _field_label(object_type: str, name: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name


# The summaries the code writes (``what=`` of the event functions), as an officer reads them;
# a summary that starts with one of these keeps the rest (a period, a file name); anything
# else (a reason typed by an officer) is shown as written.
SUMMARY_LABELS = {
    "file": gettext_lazy("trang hồ sơ"),
    "edit page": gettext_lazy("trang sửa hồ sơ"),
    "merge page": gettext_lazy("trang gộp hồ sơ trùng"),
    "register page": gettext_lazy("trang lập hồ sơ"),
    "list page": gettext_lazy("danh sách hồ sơ"),
    "persons xlsx": gettext_lazy("tải Excel danh sách hồ sơ"),
    "activity list": gettext_lazy("danh sách hoạt động hỗ trợ"),
    "support activities xlsx": gettext_lazy("tải Excel hoạt động hỗ trợ"),
    "loan register": gettext_lazy("danh sách vay vốn"),
    "loans xlsx": gettext_lazy("tải Excel vay vốn"),
    "loan list xlsx": gettext_lazy("tải Excel danh sách đề nghị vay vốn"),
    "loan list page": gettext_lazy("danh sách đề nghị vay vốn"),
    "loan list": gettext_lazy("danh sách đề nghị vay vốn"),
    "worklist xlsx": gettext_lazy("tải Excel việc cần làm"),
    "worklist": gettext_lazy("việc cần làm"),
    "initiatives xlsx": gettext_lazy("tải Excel mô hình"),
    "initiative page": gettext_lazy("trang mô hình"),
    "partner page": gettext_lazy("trang doanh nghiệp, cơ sở"),
    "outreach xlsx": gettext_lazy("tải Excel tuyên truyền"),
    "support form": gettext_lazy("mẫu ghi hỗ trợ"),
    "classification form": gettext_lazy("mẫu phân loại"),
    "intake sheet PDF": gettext_lazy("phiếu tiếp nhận (PDF)"),
    "commitment PDF": gettext_lazy("bản cam kết (PDF)"),
    "sealed files": gettext_lazy("danh sách hồ sơ đã niêm phong"),
    "sealed file": gettext_lazy("hồ sơ đã niêm phong"),
    "subject requests": gettext_lazy("yêu cầu của chủ thể dữ liệu"),
    "subject request": gettext_lazy("yêu cầu của chủ thể dữ liệu"),
    "subject export": gettext_lazy("xuất toàn bộ dữ liệu cho chủ thể"),
    "audit trail xlsx": gettext_lazy("tải Excel nhật ký truy cập"),
    "audit trail": gettext_lazy("nhật ký truy cập"),
    "report xlsx": gettext_lazy("tải Excel báo cáo"),
    "report pdf": gettext_lazy("tải PDF báo cáo"),
    "report records": gettext_lazy("hồ sơ sau một số liệu báo cáo"),
    "import error rows": gettext_lazy("tải các dòng lỗi khi nhập"),
    "import": gettext_lazy("nhập dữ liệu"),
    "api": gettext_lazy("API"),
    "web": gettext_lazy("trên trang web"),
}
_BY_LENGTH = sorted(SUMMARY_LABELS, key=len, reverse=True)


def summary_label(summary: str) -> str:
    """``summary`` in words: the longest known code it starts with, put into words."""
    for code in _BY_LENGTH:
        if summary == code or summary.startswith(code + " ") or summary.startswith(code + ":"):
            return f"{SUMMARY_LABELS[code]}{summary[len(code) :]}"
    return summary


def _detail(event: AuditEvent) -> str:
    parts = [summary_label(event.summary)] if event.summary else []
    changes = event.changes if isinstance(event.changes, dict) else {}
    changed = [key for key in changes if key not in _CONTEXT_KEYS]
    if event.action in (AuditAction.UPDATE, AuditAction.MERGE, AuditAction.TRANSFER) and changed:
        labels = sorted(_field_label(event.object_type, key) for key in changed)
        parts.append(_("trường: %(fields)s") % {"fields": ", ".join(labels)})
    return "; ".join(parts)


def event_rows(
    actor: User, events: list[AuditEvent], *, trail_of: int | None = None
) -> list[EventRow]:
    """``events`` as rows for ``actor``; ``trail_of``: the file whose trail this is (its list
    events are marked as such)."""
    names = names_shown(actor, events)
    rows = []
    for event in events:
        person_id = person_of(event)
        changes = event.changes if isinstance(event.changes, dict) else {}
        in_list = trail_of is not None and person_id is None and "person_ids" in changes
        if person_id is not None:
            subject = names.get(person_id) or _("Hồ sơ số %(id)s") % {"id": person_id}
            if event.object_type != PERSON_TYPE:
                subject = f"{subject} — {_model_label(event.object_type)}"
        elif in_list:
            subject = _("Có trong danh sách (%(what)s)") % {"what": event.object_repr}
        else:
            subject = event.object_repr or _model_label(event.object_type)
        unit = event.actor.scope_unit if event.actor is not None else None
        rows.append(
            EventRow(
                id=event.pk,
                occurred_at=timezone.localtime(event.occurred_at),
                username=event.actor_username,
                role=_role_label(event.actor_role) if event.actor_role else "",
                actor_unit=unit.name if unit is not None else "",
                action=event.get_action_display(),
                subject=subject,
                person_id=person_id if person_id in names else None,
                detail=_detail(event),
                ip_address=event.ip_address or "",
                in_list=in_list,
            )
        )
    return rows
