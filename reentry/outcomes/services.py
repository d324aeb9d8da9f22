"""Recording a classification: within the actor's scope, dated, with the reasons the grade
needs (B: the difficulties; C and D: what happened). History, never an overwrite."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.policies import can_change_person_in
from reentry.accounts.models import User
from reentry.audit import events
from reentry.core.errors import ConflictError, DomainError, ValidationFailed
from reentry.law.expungement import Status
from reentry.persons.models import Person

from .expungement import expungement_refresh, person_expungement
from .models import (
    Classification,
    Difficulty,
    ExpungementKind,
    ExpungementRecord,
    Grade,
    Reoffence,
    ReoffenceStatus,
)


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
    # the day of the latest classification, for the worklist (a later day only: a
    # classification recorded late does not move the review back)
    Person.objects.filter(pk=person.pk).filter(
        Q(classified_on__isnull=True) | Q(classified_on__lt=assessed_on)
    ).update(classified_on=assessed_on)
    events.person_record_added(
        actor=actor, person=person, obj=classification, changes={"grade": grade}
    )
    return classification


def _latest_release(person: Person) -> datetime.date | None:
    dates = [d for d in person.sentences.values_list("release_date", flat=True) if d]
    return max(dates) if dates else None


@transaction.atomic
def reoffence_record(
    *,
    actor: User,
    person: Person,
    committed_on: datetime.date,
    charge: str,
    arrested_on: datetime.date | None = None,
    in_custody: bool = False,
) -> Reoffence:
    """A new offence after release. When the person is held in custody for it, their
    classification becomes D (Thông tư 10/2024/TT-BCA)."""
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được ghi tái phạm cho người này."))
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    released = _latest_release(person)
    if committed_on > today:
        errors["committed_on"] = [_("Ngày này không thể ở tương lai.")]
    elif released is not None and committed_on < released:
        errors["committed_on"] = [
            _("Hành vi trước ngày ra trại (%(date)s) không phải tái phạm sau khi chấp hành án.")
            % {"date": released.strftime("%d/%m/%Y")}
        ]
    if arrested_on is not None and (arrested_on > today or arrested_on < committed_on):
        errors["arrested_on"] = [_("Ngày bị bắt, khởi tố phải từ ngày thực hiện hành vi đến nay.")]
    if not charge.strip():
        errors["charge"] = [_("Ghi hành vi, tội danh.")]
    if in_custody and arrested_on is None:
        errors["arrested_on"] = [_("Đang bị tạm giữ, tạm giam: ghi ngày bị bắt.")]
    if errors:
        raise ValidationFailed(errors)
    reoffence = Reoffence(
        person=person,
        committed_on=committed_on,
        arrested_on=arrested_on,
        charge=charge.strip(),
        recorded_by=actor,
    )
    reoffence.full_clean()
    reoffence.save()
    events.person_record_added(actor=actor, person=person, obj=reoffence)
    expungement_refresh(person)  # a new offence stops the clock (Art. 70(2))
    if in_custody and arrested_on is not None:
        classification_record(
            actor=actor,
            person=person,
            assessed_on=arrested_on,
            grade=Grade.D,
            # not the charge: it is kept encrypted on the reoffence alone (ADR 0006)
            notes=_("Bị bắt, tạm giữ (vi phạm ngày %(date)s)")
            % {"date": reoffence.committed_on.strftime("%d/%m/%Y")},
        )
    return reoffence


@transaction.atomic
def reoffence_conclude(
    *,
    actor: User,
    reoffence: Reoffence,
    expected_version: int,
    status: str,
    concluded_on: datetime.date,
    sentence_id: int | None = None,
) -> Reoffence:
    """How a reoffence ended: convicted (the new sentence, already on the file) or
    dropped. A conviction restarts the expungement count (Art. 73(2))."""
    person = reoffence.person
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được cập nhật tái phạm của người này."))
    current = Reoffence.objects.select_for_update().get(pk=reoffence.pk)
    if current.version != expected_version:
        raise ConflictError(_("Bản ghi vừa được người khác cập nhật. Hãy tải lại trang."))
    errors: dict[str, list[str]] = {}
    if current.status != ReoffenceStatus.PENDING:
        errors["status"] = [_("Việc tái phạm này đã có kết quả.")]
    if status not in (ReoffenceStatus.CONVICTED, ReoffenceStatus.DROPPED):
        errors["status"] = [_("Chọn “đã bị kết án” hoặc “đình chỉ”.")]
    if concluded_on > timezone.localdate() or concluded_on < current.committed_on:
        errors["concluded_on"] = [_("Ngày kết thúc phải từ ngày thực hiện hành vi đến nay.")]
    sentence = None
    if status == ReoffenceStatus.CONVICTED:
        sentence = (
            person.sentences.filter(pk=sentence_id, judgment_date__gte=current.committed_on)
            .filter(reoffence__isnull=True)
            .first()
            if sentence_id
            else None
        )
        if sentence is None:
            errors["sentence"] = [
                _("Chọn bản án mới (đã ghi vào hồ sơ, tuyên sau ngày thực hiện hành vi).")
            ]
    elif sentence_id:
        errors["sentence"] = [_("Chỉ gắn bản án khi đã bị kết án.")]
    if errors:
        raise ValidationFailed(errors)
    current.status = status
    current.concluded_on = concluded_on
    current.sentence = sentence
    current.version += 1
    current.save()
    events.person_record_changed(
        actor=actor, person=person, obj=current, changes={"status": status}
    )
    expungement_refresh(person)
    return current


@transaction.atomic
def expungement_record_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    number: str,
    issued_by: str,
    issued_on: datetime.date,
) -> ExpungementRecord:
    """Record the certificate or the court's decision. A certificate, or a decision that
    grants it, ends management: the file is closed as expunged on that date."""
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được cập nhật hồ sơ này."))
    errors: dict[str, list[str]] = {}
    if kind not in ExpungementKind.values:
        errors["kind"] = [_("Chọn loại giấy tờ.")]
    if not number.strip():
        errors["number"] = [_("Ghi số phiếu, số quyết định.")]
    if not issued_by.strip():
        errors["issued_by"] = [_("Ghi cơ quan cấp hoặc Tòa án.")]
    released = _latest_release(person)
    if issued_on > timezone.localdate():
        errors["issued_on"] = [_("Ngày này không thể ở tương lai.")]
    elif released is not None and issued_on < released:
        errors["issued_on"] = [
            _("Ngày cấp không thể trước ngày ra trại (%(date)s).")
            % {"date": released.strftime("%d/%m/%Y")}
        ]
    if kind in (ExpungementKind.COURT_GRANTED, ExpungementKind.COURT_REFUSED):
        route = person_expungement(person, today=timezone.localdate())
        if route.status in (Status.WAITING, Status.DUE, Status.NO_RECORD):
            errors["kind"] = [
                _(
                    "Tội của người này được đương nhiên xóa án tích (Điều 70): không cần "
                    "quyết định của Tòa án; ghi phiếu lý lịch tư pháp."
                )
            ]
    if errors:
        raise ValidationFailed(errors)
    record = ExpungementRecord(
        person=person,
        kind=kind,
        number=number.strip(),
        issued_by=issued_by.strip(),
        issued_on=issued_on,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    events.person_record_added(actor=actor, person=person, obj=record, changes={"kind": kind})
    expungement_refresh(person)
    if kind == ExpungementKind.COURT_REFUSED:
        return record
    from reentry.persons.services import person_seal, person_status_change

    if person.status == "closed":  # closed already (moved abroad, say): sealed all the same
        if person.sealed_at is None:
            person_seal(actor=actor, person=person)
    else:  # closing as expunged seals the file
        # a certificate older than the file here (a file opened late, or transferred in)
        # closes management on the day the file began in this commune
        current = person.residences.filter(ended_on__isnull=True).first()
        closes_on = max(issued_on, current.started_on) if current is not None else issued_on
        try:
            person_status_change(
                actor=actor,
                person=person,
                expected_version=person.version,
                status="closed",
                on=closes_on,
                closure_reason="expunged",
            )
        except ValidationFailed as exc:  # the record above is rolled back with it
            messages = [m for ms in exc.errors.values() for m in ms]
            raise ValidationFailed({"issued_on": messages}) from exc
    return record


def sealed_file_open(*, actor: User, person: Person, reason: str) -> None:
    """A province officer opens a sealed file: the reason is required and kept in the audit
    trail, which then lets them read the file for a limited time."""
    from reentry.access.scoping import sealed_persons_visible_to

    if not sealed_persons_visible_to(actor, Person.objects.filter(pk=person.pk)).exists():
        raise DomainError(_("Bạn không được mở hồ sơ này."))
    text = " ".join(reason.split())
    if len(text) < 10:
        raise ValidationFailed({"reason": [_("Ghi rõ lý do (ít nhất 10 ký tự).")]})
    if len(text) > 300:
        raise ValidationFailed({"reason": [_("Lý do dài tối đa 300 ký tự.")]})
    events.sealed_file_opened(actor=actor, person=person, reason=text)
