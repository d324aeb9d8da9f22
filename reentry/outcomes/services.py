"""Recording a classification: within the actor's scope, dated, with the reasons the grade
needs (B: the difficulties; C and D: what happened). History, never an overwrite."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.policies import can_change_person_in
from reentry.accounts.models import User
from reentry.audit import events
from reentry.core.errors import DomainError, ValidationFailed
from reentry.persons.models import Person

from .models import Classification, Difficulty, Grade


@transaction.atomic
def classification_record(
    *,
    actor: User,
    person: Person,
    assessed_on: datetime.date,
    grade: str,
    difficulties: list[str] | None = None,
    notes: str = "",
) -> Classification:
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được phân loại người này."))
    if person.status == "closed":
        raise DomainError(_("Hồ sơ đã đóng: không phân loại nữa."))
    chosen = list(dict.fromkeys(difficulties or []))
    errors: dict[str, list[str]] = {}
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = [_("Ngày phân loại không thể ở tương lai.")]
    elif assessed_on < datetime.date(2000, 1, 1):
        errors["assessed_on"] = [_("Ngày phân loại phải từ năm 2000 trở đi.")]
    if grade not in Grade.values:
        errors["grade"] = [_("Chọn loại A, B, C hoặc D.")]
    unknown = [c for c in chosen if c not in Difficulty.values]
    if unknown:
        errors["difficulties"] = [_("Khó khăn không hợp lệ: %(c)s.") % {"c": ", ".join(unknown)}]
    elif grade == Grade.B and not chosen:
        errors["difficulties"] = [_("Loại B: chọn ít nhất một khó khăn.")]
    elif grade in (Grade.A, Grade.C, Grade.D) and chosen:
        errors["difficulties"] = [_("Chỉ ghi khó khăn cho loại B.")]
    if grade in (Grade.C, Grade.D) and not notes.strip():
        errors["notes"] = [_("Loại C, D: ghi rõ diễn biến, lý do.")]
    if errors:
        raise ValidationFailed(errors)
    classification = Classification(
        person=person,
        assessed_on=assessed_on,
        grade=grade,
        difficulties=chosen,
        notes=notes.strip(),
        assessed_by=actor,
    )
    classification.full_clean()
    classification.save()
    events.person_record_added(
        actor=actor, person=person, obj=classification, changes={"grade": grade}
    )
    return classification
