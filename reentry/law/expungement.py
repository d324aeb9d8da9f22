"""Xóa án tích: when a criminal record is expunged (Bộ luật Hình sự 2015, sửa đổi 2017,
Art. 69, 70, 71, 72, 73 and, for offenders under 18, Art. 107).

Pure functions over plain facts: the caller (``outcomes``) turns a person's file into
``SentenceFacts`` and gets back an ``ExpungementStatus`` with the date and the reasons, each
citing its article, in plain Vietnamese. The computed date is the date the record is *due
for review*; the authoritative answer is the criminal-record certificate (phiếu lý lịch tư
pháp) or the court's decision, which the file records when it arrives.

Rules encoded
- Art. 69(2): a conviction for a less serious or serious offence committed through
  negligence (vô ý), or with exemption from penalty, carries no record.
- Art. 107(1): an offender aged 14 to under 16, or 16 to under 18 for a less serious or
  serious offence or a very serious one through negligence, carries no record.
- Art. 107(2): an offender aged 16 to under 18 for a very serious intentional or an
  especially serious offence is expunged automatically 3 years after completing the main
  penalty (or the suspended sentence's probation, or the limitation expiring).
- Art. 70: otherwise automatic expungement, counted from completing the main penalty (the
  end of a suspended sentence's probation, or the limitation for enforcing the judgment
  expiring): 1 year for a warning, a fine, non-custodial reform or a suspended sentence;
  2 years for prison up to 5 years; 3 years for over 5 up to 15 years; 5 years for over 15
  years, life or a commuted death sentence. For the first three bands, an additional
  penalty of quản chế, cấm cư trú, a ban on office or profession, or deprivation of civic
  rights that ends later moves the date to its end. The additional penalties and the other
  obligations of the judgment must be done, and no new offence committed.
- Art. 71: offences of Chapters XIII and XXVI are expunged only by a court decision, after
  3 years (warning, fine, non-custodial reform, suspended, prison up to 5 years), 5 years
  (over 5 up to 15 years) or 7 years (over 15 years, life, commuted death); a refused
  application may be renewed after 1 year, and after 2 years from the second refusal.
  Art. 73(3): one such offence among several puts the whole record on this route.
- Art. 72: the court may expunge early, after a third of the period, for a person with
  clear progress and merit proposed by their agency or commune (shown as information).
- Art. 73(1): the band follows the main penalty *as pronounced*, not as served.
- Art. 73(2): a new conviction before expungement restarts the count of the old record
  from the completion of the new sentence.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .penal_code import COURT_DECISION_CHAPTERS, CrimeCategory, PenalCodeError, chapter_of


class MainPenalty(StrEnum):
    WARNING = "warning"
    FINE = "fine"
    NON_CUSTODIAL = "non_custodial"
    SUSPENDED = "suspended"
    PRISON = "prison"
    LIFE = "life"
    DEATH_COMMUTED = "death_commuted"


# Art. 70(2), last paragraph: the additional penalties whose later end moves the date
TIME_BOUND_ADDITIONAL = frozenset({"probation", "residence_ban", "office_ban", "civic_rights"})


class Status(StrEnum):
    NO_RECORD = "no_record"  # không có án tích (Art. 69(2), 107(1))
    COURT_DECISION_NEEDED = "court_decision_needed"  # Art. 71
    WAITING = "waiting"  # chưa đến hạn
    DUE = "due"  # đã đến hạn xem xét
    BLOCKED = "blocked"  # chưa đủ điều kiện
    EXPUNGED = "expunged"  # đã được xóa án tích
    ERROR = "error"  # dữ liệu mâu thuẫn: no date is given
    NO_SENTENCE = "no_sentence"  # chưa ghi bản án: nothing to count from yet


@dataclass(frozen=True)
class OffenceFacts:
    article: int
    category: CrimeCategory
    negligent: bool = False


@dataclass(frozen=True)
class AdditionalPenaltyFacts:
    kind: str
    ends_on: datetime.date | None = None
    completed_on: datetime.date | None = None

    def done_on(self) -> datetime.date | None:
        """When it was (or will be) done: recorded completion, or the end of a term."""
        return self.completed_on or self.ends_on


@dataclass(frozen=True)
class SentenceFacts:
    judgment_date: datetime.date
    main_penalty: MainPenalty
    offences: tuple[OffenceFacts, ...]
    prison_months: int | None = None  # as pronounced (Art. 73(1))
    main_completed_on: datetime.date | None = None  # incl. end of probation, pardon
    limitation_expired_on: datetime.date | None = None
    age_at_offence: int | None = None
    exempted_from_penalty: bool = False
    additional: tuple[AdditionalPenaltyFacts, ...] = ()
    obligations_fulfilled: tuple[datetime.date | None, ...] = ()  # None: not yet


@dataclass(frozen=True)
class NewOffence:
    """An offence committed after a conviction. ``convicted``: the judgment is final (its
    sentence is then among the sentences); ``dropped``: no prosecution or acquitted."""

    committed_on: datetime.date
    convicted: bool = False
    dropped: bool = False


@dataclass(frozen=True)
class CourtDecision:
    decided_on: datetime.date
    granted: bool


@dataclass(frozen=True)
class Reason:
    text: str
    article: str


@dataclass(frozen=True)
class ExpungementStatus:
    status: Status
    due_on: datetime.date | None = None  # due for review / may apply to the court from
    reasons: tuple[Reason, ...] = ()
    court_early_on: datetime.date | None = None  # Art. 72, information only
    blocked_by: tuple[str, ...] = field(default=())


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February falls back to the 28th (Bộ luật Dân sự
    2015, Art. 148: a period ends on the corresponding day, or the month's last day)."""
    target = day.year + years
    last = calendar.monthrange(target, day.month)[1]
    return day.replace(year=target, day=min(day.day, last))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (e.g. a probation's end)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


_LIGHT_CATEGORIES = frozenset({CrimeCategory.LESS_SERIOUS, CrimeCategory.SERIOUS})


def no_record_reason(sentence: SentenceFacts) -> Reason | None:
    """Why this conviction carries no record (Art. 69(2), 107(1)), or None if it does."""
    age = sentence.age_at_offence
    if age is not None and 14 <= age < 16:
        return Reason(
            "Phạm tội khi từ đủ 14 đến dưới 16 tuổi: không có án tích.",
            "Điều 107 khoản 1 điểm a",
        )
    if (
        age is not None
        and 16 <= age < 18
        and all(
            o.category in _LIGHT_CATEGORIES
            or (o.category == CrimeCategory.VERY_SERIOUS and o.negligent)
            for o in sentence.offences
        )
    ):
        return Reason(
            "Phạm tội khi từ đủ 16 đến dưới 18 tuổi, tội ít nghiêm trọng, nghiêm trọng hoặc rất "
            "nghiêm trọng do vô ý: không có án tích.",
            "Điều 107 khoản 1 điểm b",
        )
    if sentence.exempted_from_penalty:
        return Reason("Được miễn hình phạt: không bị coi là có án tích.", "Điều 69 khoản 2")
    if all(o.negligent and o.category in _LIGHT_CATEGORIES for o in sentence.offences):
        return Reason(
            "Tội ít nghiêm trọng hoặc nghiêm trọng do lỗi vô ý: không bị coi là có án tích.",
            "Điều 69 khoản 2",
        )
    return None


def _juvenile_route(sentence: SentenceFacts) -> bool:
    """Art. 107(2): 16 to under 18 at the offence (the lighter cases carry no record)."""
    age = sentence.age_at_offence
    return age is not None and 16 <= age < 18


@dataclass(frozen=True)
class _Period:
    years: int
    article: str
    extends: bool  # a later time-bound additional penalty moves the date (Art. 70(2) a-c)


def _period(sentence: SentenceFacts, *, court: bool) -> _Period:
    """The period by the main penalty as pronounced (Art. 73(1))."""
    if _juvenile_route(sentence):
        return _Period(3, "Điều 107 khoản 2", False)
    penalty = sentence.main_penalty
    months = sentence.prison_months or 0
    light = penalty in (
        MainPenalty.WARNING,
        MainPenalty.FINE,
        MainPenalty.NON_CUSTODIAL,
        MainPenalty.SUSPENDED,
    )
    if penalty in (MainPenalty.LIFE, MainPenalty.DEATH_COMMUTED) or months > 180:
        if court:
            return _Period(7, "Điều 71 khoản 2 điểm c", False)
        return _Period(5, "Điều 70 khoản 2 điểm d", False)
    if not light and months > 60:
        if court:
            return _Period(5, "Điều 71 khoản 2 điểm b", False)
        return _Period(3, "Điều 70 khoản 2 điểm c", True)
    if court:
        return _Period(3, "Điều 71 khoản 2 điểm a", True)
    if light:
        return _Period(1, "Điều 70 khoản 2 điểm a", True)
    return _Period(2, "Điều 70 khoản 2 điểm b", True)


def _errors(sentences: Iterable[SentenceFacts]) -> list[Reason]:
    """Contradictions in the facts: the engine then gives no date at all."""
    found = []
    for s in sentences:
        for day, what in (
            (s.main_completed_on, "ngày chấp hành xong hình phạt chính"),
            (s.limitation_expired_on, "ngày hết thời hiệu thi hành bản án"),
        ):
            if day is not None and day < s.judgment_date:
                found.append(Reason(f"Dữ liệu mâu thuẫn: {what} trước ngày tuyên án.", "Điều 73"))
        if s.age_at_offence is not None and not 14 <= s.age_at_offence <= 120:
            found.append(Reason("Dữ liệu mâu thuẫn: tuổi khi phạm tội không hợp lệ.", "Điều 12"))
        if s.main_penalty == MainPenalty.PRISON and not s.prison_months:
            found.append(
                Reason("Dữ liệu mâu thuẫn: tù có thời hạn nhưng không ghi số tháng.", "Điều 38")
            )
        if not s.offences:
            found.append(Reason("Dữ liệu mâu thuẫn: bản án không có tội danh.", "Điều 73"))
        for o in s.offences:
            try:
                chapter_of(o.article)
            except PenalCodeError as exc:
                found.append(Reason(exc.message, "Phần thứ hai"))
    return found


_BLOCK_TEXTS = {
    "additional_penalty": "chưa chấp hành xong hình phạt bổ sung",
    "obligation": "chưa thực hiện xong các quyết định khác của bản án (tiền phạt, án phí, "
    "bồi thường)",
    "new_offence": "có hành vi phạm tội mới đang bị xử lý",
}


def expungement_status(
    sentences: Iterable[SentenceFacts],
    *,
    today: datetime.date,
    new_offences: Iterable[NewOffence] = (),
    court_decisions: Iterable[CourtDecision] = (),
    certificate_on: datetime.date | None = None,
) -> ExpungementStatus:
    """Where a person's record stands on ``today``."""
    ordered = sorted(sentences, key=lambda s: s.judgment_date)
    decisions = sorted(court_decisions, key=lambda d: d.decided_on)
    if not ordered:
        return ExpungementStatus(
            Status.NO_SENTENCE,
            reasons=(Reason("Chưa ghi bản án nên chưa tính được xóa án tích.", "Điều 69"),),
        )
    errors = _errors(ordered)
    if errors:
        return ExpungementStatus(Status.ERROR, reasons=tuple(errors))
    if certificate_on is not None:
        return ExpungementStatus(
            Status.EXPUNGED,
            due_on=certificate_on,
            reasons=(
                Reason(
                    "Phiếu lý lịch tư pháp xác nhận đã được xóa án tích; người được xóa án "
                    "tích coi như chưa bị kết án.",
                    "Điều 69 khoản 1, Điều 70 khoản 4",
                ),
            ),
        )
    granted = [d for d in decisions if d.granted]
    if granted:
        return ExpungementStatus(
            Status.EXPUNGED,
            due_on=granted[-1].decided_on,
            reasons=(Reason("Tòa án đã quyết định xóa án tích.", "Điều 71, Điều 72"),),
        )
    with_record = [s for s in ordered if no_record_reason(s) is None]
    if not with_record:
        return ExpungementStatus(
            Status.NO_RECORD,
            reasons=tuple(r for s in ordered if (r := no_record_reason(s)) is not None),
        )

    # Art. 73(2): every record counts from the completion of the latest sentence
    latest = with_record[-1]
    anchor = latest.main_completed_on or latest.limitation_expired_on
    if anchor is None:
        return ExpungementStatus(
            Status.BLOCKED,
            reasons=(
                Reason(
                    "Chưa chấp hành xong hình phạt chính (hoặc thời gian thử thách án treo): "
                    "thời hạn xóa án tích chưa bắt đầu.",
                    "Điều 70 khoản 2",
                ),
            ),
            blocked_by=("main_penalty",),
        )
    reasons: list[Reason] = []
    if len(with_record) > 1:
        reasons.append(
            Reason(
                "Bị kết án mới khi chưa được xóa án tích: thời hạn tính lại từ ngày chấp hành "
                f"xong bản án mới ({anchor:%d/%m/%Y}).",
                "Điều 73 khoản 2",
            )
        )
    # Art. 71, 73(3): one offence of Chapter XIII or XXVI puts the record on the court route
    court = any(
        chapter_of(o.article) in COURT_DECISION_CHAPTERS
        for s in with_record
        if not _juvenile_route(s)
        for o in s.offences
    )
    conditions = "Điều 71 khoản 2" if court else "Điều 70 khoản 2"
    due = period_end = anchor
    blocked: list[str] = []
    for sentence in with_record:
        period = _period(sentence, court=court)
        end = add_years(anchor, period.years)
        reasons.append(
            Reason(
                f"Bản án ngày {sentence.judgment_date:%d/%m/%Y}: {period.years} năm kể từ "
                f"{anchor:%d/%m/%Y}, căn cứ hình phạt chính đã tuyên.",
                f"{period.article}, Điều 73 khoản 1",
            )
        )
        period_end = max(period_end, end)
        due = max(due, end)
        for extra in sentence.additional:
            done = extra.done_on()
            if done is None:
                blocked.append("additional_penalty")
                continue
            if period.extends and extra.kind in TIME_BOUND_ADDITIONAL and done > end:
                reasons.append(
                    Reason(
                        "Hình phạt bổ sung kết thúc sau thời hạn: xóa án tích khi chấp hành "
                        f"xong ({done:%d/%m/%Y}).",
                        conditions,
                    )
                )
            due = max(due, done)
        for fulfilled in sentence.obligations_fulfilled:
            if fulfilled is None:
                blocked.append("obligation")
            else:
                due = max(due, fulfilled)
    # an offence committed once an automatic period has run out no longer stops it
    if any(
        not o.dropped
        and not o.convicted
        and o.committed_on >= with_record[0].judgment_date
        and (court or o.committed_on < due)
        for o in new_offences
    ):
        blocked.append("new_offence")
    # Art. 72: the court may decide after a third of the period of Art. 70(2) / 71(2)
    early = anchor + (period_end - anchor) / 3
    if blocked:
        unique = tuple(dict.fromkeys(blocked))
        return ExpungementStatus(
            Status.BLOCKED,
            reasons=(
                *reasons,
                *(Reason(f"Chưa đủ điều kiện: {_BLOCK_TEXTS[b]}.", conditions) for b in unique),
            ),
            blocked_by=unique,
        )
    if court:
        refusals = [d for d in decisions if not d.granted]
        if refusals:
            wait = 1 if len(refusals) == 1 else 2
            last = refusals[-1].decided_on
            reasons.append(
                Reason(
                    f"Tòa án đã bác đơn {len(refusals)} lần: được xin lại sau {wait} năm kể "
                    f"từ {last:%d/%m/%Y}.",
                    "Điều 71 khoản 3",
                )
            )
            due = max(due, add_years(last, wait))
        reasons.insert(
            0,
            Reason(
                "Tội thuộc Chương XIII hoặc XXVI: chỉ được xóa án tích theo quyết định của "
                "Tòa án; có thể nộp đơn từ ngày nêu trên.",
                "Điều 71 khoản 1, Điều 73 khoản 3",
            ),
        )
        return ExpungementStatus(
            Status.COURT_DECISION_NEEDED, due_on=due, reasons=tuple(reasons), court_early_on=early
        )
    status = Status.DUE if due <= today else Status.WAITING
    return ExpungementStatus(status, due_on=due, reasons=tuple(reasons), court_early_on=early)
