"""The PDF of a person's data for a subject's request: the JSON export, readable."""

from __future__ import annotations

import datetime
from typing import Any

from reentry.core.pdf import VnDocument

from .models import SubjectRequest


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return str(value.get("label") or value.get("code") or value.get("id") or "—")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value[:10]).strftime("%d/%m/%Y") + value[10:16]
        except ValueError:
            return value
    if isinstance(value, (list, dict)):
        return str(value)
    return str(value)


def subject_export_pdf(*, request: SubjectRequest, data: dict[str, Any], unit_name: str) -> bytes:
    doc = VnDocument()
    doc.heading(unit_name.upper(), "")
    doc.document_title(
        "DỮ LIỆU CÁ NHÂN ĐANG ĐƯỢC LƯU GIỮ",
        f"Theo yêu cầu nhận ngày {request.received_on:%d/%m/%Y} của {request.requester} "
        f"({request.get_kind_display().lower()}); lập lúc {_text(data['generated_at'])}",
    )
    for section in data["sections"]:
        doc.set_font("DejaVu", "B", 12)
        doc.multi_cell(0, 7, section["title"].capitalize(), new_x="LMARGIN", new_y="NEXT")
        doc.set_font("DejaVu", size=11)
        for number, row in enumerate(section["rows"], 1):
            if len(section["rows"]) > 1:
                doc.set_font("DejaVu", "B", 10)
                doc.multi_cell(0, 6, f"({number})", new_x="LMARGIN", new_y="NEXT")
            for name, value in row.items():
                doc.line_item(section["labels"].get(name, name).capitalize(), _text(value))
        doc.ln(2)
    doc.set_font("DejaVu", "B", 12)
    doc.multi_cell(0, 7, "Nhật ký xử lý hồ sơ", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", size=10)
    for event in data["audit_trail"]:
        line = (
            f"{_text(event['occurred_at'])} — {event['action']['label']} — "
            f"{event['actor_role'] or 'hệ thống'} ({event['unit'] or '—'})"
        )
        if event["object"]:
            line += f" — {event['object']}"
        doc.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return doc.to_bytes()
