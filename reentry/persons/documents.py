"""Printable documents of intake: the intake sheet and the commitment (PDF, Vietnamese)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from reentry.core.pdf import VnDocument
from reentry.geography.models import AdminUnit

from .models import Person, ReleaseNotice, Residence, Sentence


def _d(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _birth(person: Person) -> str:
    return _d(person.date_of_birth) if person.date_of_birth else f"năm {person.birth_year}"


def _commune_at(person: Person, day: datetime.date) -> AdminUnit:
    """The commune that managed the file on ``day`` (a transferred file keeps the papers of
    the commune that received the person)."""
    residence = (
        Residence.objects.filter(person=person, started_on__lte=day)
        .select_related("commune", "commune__parent")
        .order_by("-started_on", "-id")
        .first()
    )
    if residence is None:
        residence = (
            Residence.objects.filter(person=person)
            .select_related("commune", "commune__parent")
            .order_by("started_on", "id")
            .first()
        )
    return residence.commune if residence is not None else person.commune


def _short(unit: AdminUnit) -> str:
    for prefix in ("Xã ", "Phường ", "Đặc khu "):
        if unit.name.startswith(prefix):
            return unit.name.removeprefix(prefix)
    return unit.name


def _in_sentence(unit: AdminUnit) -> str:
    """``Xã Hoằng Hóa`` as written inside a sentence: ``xã Hoằng Hóa``."""
    return unit.name[0].lower() + unit.name[1:]


def _place_date(unit: AdminUnit, day: datetime.date | None) -> str:
    if day is None:
        return f"{_short(unit)}, ngày ..... tháng ..... năm ........"
    return f"{_short(unit)}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def _police(unit: AdminUnit) -> tuple[str, str]:
    """The commune police answer to the province police: both head the intake sheet."""
    province = unit.parent.name.upper() if unit.parent else ""
    return (f"CÔNG AN {province}", f"CÔNG AN {unit.name.upper()}")


def intake_sheet_pdf(*, person: Person, notice: ReleaseNotice, sentences: list[Sentence]) -> bytes:
    """Phiếu tiếp nhận: who came back, from which prison, for which sentence, and the
    intake steps with their dates and deadlines."""
    unit = _commune_at(person, notice.received_on)
    doc = VnDocument()
    doc.heading(*_police(unit))
    doc.document_title(
        "PHIẾU TIẾP NHẬN",
        "Người chấp hành xong án phạt tù về cư trú tại địa phương "
        "(Nghị định 49/2020/NĐ-CP; Thông tư 10/2024/TT-BCA)",
    )
    doc.line_item("Họ và tên", person.full_name.upper())
    if person.other_names:
        doc.line_item("Tên gọi khác", person.other_names)
    doc.line_item("Giới tính", person.get_gender_display())
    doc.line_item("Ngày sinh", _birth(person))
    doc.line_item(
        "Số CCCD",
        person.national_id
        or (f"CMND {person.legacy_id_number}" if person.legacy_id_number else ""),
    )
    doc.line_item("Dân tộc", person.ethnicity)
    doc.line_item("Nơi cư trú", person.address_text)
    doc.line_item("Người thân liên hệ", person.family_contact)
    doc.ln(2)
    doc.line_item("Trại giam thông báo", notice.facility)
    doc.line_item("Ngày nhận thông báo", _d(notice.received_on))
    doc.line_item("Ngày ra trại (dự kiến)", _d(notice.expected_release_on))
    doc.line_item("Hình thức ra trại", notice.get_release_type_display())
    for sentence in sentences:
        offences = "; ".join(f"Điều {o.article} - {o.name}" for o in sentence.offences.all())
        penalty = sentence.get_main_penalty_display()
        if sentence.prison_months:
            penalty += f" {sentence.prison_months} tháng"
        doc.line_item(
            "Bản án",
            f"số {sentence.judgment_number} ngày {_d(sentence.judgment_date)} của "
            f"{sentence.court}: {penalty} ({offences})",
        )
    doc.ln(2)
    doc.line_item(
        "Xác minh nơi cư trú",
        f"{_d(notice.residence_checked_on) or 'chưa'} (hạn {_d(notice.residence_check_due)})"
        + (f" - {notice.residence_check_result}" if notice.residence_check_result else ""),
    )
    reporting = _d(notice.reported_on) or "chưa"
    if notice.reporting_due:
        reporting += f" (hạn {_d(notice.reporting_due)})"
    doc.line_item("Trình diện tại UBND xã", reporting)
    doc.line_item("Ký cam kết", _d(notice.commitment_signed_on) or "chưa")
    doc.line_item("Gặp gỡ, tìm hiểu hoàn cảnh", _d(notice.interview_on) or "chưa")
    if notice.interview_notes:
        doc.paragraph(f"Ghi chép: {notice.interview_notes}")
    doc.signatures(
        "NGƯỜI ĐƯỢC TIẾP NHẬN",
        "CÁN BỘ TIẾP NHẬN",
        _place_date(unit, notice.reported_on or timezone.localdate()),
    )
    return doc.to_bytes()


def commitment_pdf(*, person: Person, notice: ReleaseNotice) -> bytes:
    """Bản cam kết signed when the person reports to the commune People's Committee. It is
    the person's own statement: the national heading only, dated the day it was signed."""
    unit = _commune_at(person, notice.received_on)
    doc = VnDocument()
    doc.heading()
    doc.document_title(
        "BẢN CAM KẾT", "Của người chấp hành xong án phạt tù về cư trú tại địa phương"
    )
    doc.paragraph(f"Kính gửi: Ủy ban nhân dân {_in_sentence(unit)}.")
    doc.line_item("Tôi tên là", person.full_name.upper())
    doc.line_item("Ngày sinh", _birth(person))
    doc.line_item("Số CCCD", person.national_id or person.legacy_id_number)
    doc.line_item("Nơi cư trú", person.address_text)
    doc.line_item("Ra trại ngày", _d(notice.expected_release_on))
    conditional = notice.release_type == "conditional"
    doc.ln(2)
    doc.paragraph("Tôi xin cam kết với chính quyền địa phương:")
    promises = [
        "Chấp hành nghiêm chỉnh chủ trương, chính sách của Đảng, pháp luật của Nhà nước và "
        "quy định của địa phương nơi cư trú.",
        "Không vi phạm pháp luật, không tái phạm tội; tích cực lao động, học tập, "
        "ổn định cuộc sống.",
        "Có mặt khi được Ủy ban nhân dân, Công an xã triệu tập; báo cáo khi thay đổi nơi cư trú.",
        "Tham gia các hoạt động hỗ trợ tái hòa nhập cộng đồng tại địa phương.",
    ]
    if conditional:
        promises.append(
            "Thực hiện đầy đủ nghĩa vụ của người được tha tù trước thời hạn có điều kiện "
            "trong thời gian thử thách; không đi khỏi nơi cư trú khi chưa được phép."
        )
    for number, promise in enumerate(promises, start=1):
        doc.paragraph(f"{number}. {promise}")
    doc.paragraph("Nếu vi phạm, tôi xin chịu hoàn toàn trách nhiệm trước pháp luật.")
    doc.signatures(
        "XÁC NHẬN CỦA UBND XÃ", "NGƯỜI CAM KẾT", _place_date(unit, notice.commitment_signed_on)
    )
    return doc.to_bytes()
