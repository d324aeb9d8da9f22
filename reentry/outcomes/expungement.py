"""The expungement of a person's record: their file turned into the facts of
``law.expungement`` (which holds every rule), and the answer for the file."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reentry.law.expungement import (
    AdditionalPenaltyFacts,
    CourtDecision,
    ExpungementStatus,
    MainPenalty,
    NewOffence,
    OffenceFacts,
    SentenceFacts,
    Status,
    add_months,
    expungement_status,
)
from reentry.law.penal_code import CrimeCategory
from reentry.persons.models import (
    AdditionalPenalty,
    JudgmentObligation,
    Offence,
    Person,
    ReleaseType,
    Sentence,
)

from .models import ExpungementKind, ExpungementRecord, Reoffence, ReoffenceStatus

STATUS_LABELS = {
    Status.NO_RECORD: _("Không có án tích"),
    Status.COURT_DECISION_NEEDED: _("Cần quyết định của Tòa án"),
    Status.WAITING: _("Chưa đến hạn"),
    Status.DUE: _("Đã đến hạn xem xét"),
    Status.BLOCKED: _("Chưa đủ điều kiện"),
    Status.EXPUNGED: _("Đã được xóa án tích"),
    Status.ERROR: _("Dữ liệu bản án mâu thuẫn: cần kiểm tra lại"),
    Status.NO_SENTENCE: _("Chưa ghi bản án: ghi bản án để tính thời hạn xóa án tích"),
}


def main_completed_on(
    sentence: Sentence, obligations: Iterable[JudgmentObligation] | None = None
) -> datetime.date | None:
    """When the main penalty was (or will be) completed, from what the file records:
    release (or the end of a conditional release's probation) for prison; the end of the
    probation for a suspended sentence; the judgment for a warning; payment for a fine; the
    term's end for non-custodial reform."""
    penalty = sentence.main_penalty
    if penalty in (MainPenalty.PRISON, MainPenalty.LIFE, MainPenalty.DEATH_COMMUTED):
        if sentence.release_type == ReleaseType.CONDITIONAL:
            return sentence.conditional_probation_end
        return sentence.release_date
    if penalty == MainPenalty.SUSPENDED:
        if sentence.probation_months is None:
            return None
        return add_months(sentence.judgment_date, sentence.probation_months)
    if penalty == MainPenalty.WARNING:
        return sentence.judgment_date
    if penalty == MainPenalty.NON_CUSTODIAL:
        if sentence.prison_months is None:
            return None
        return add_months(sentence.judgment_date, sentence.prison_months)
    if obligations is None:
        obligations = sentence.obligations.all()
    paid = [o.fulfilled_on for o in obligations if o.kind == "fine"]
    return max(paid) if paid and all(paid) else None  # type: ignore[type-var]


def sentence_facts(
    sentence: Sentence,
    *,
    offences: Iterable[Offence] | None = None,
    additional: Iterable[AdditionalPenalty] | None = None,
    obligations: Iterable[JudgmentObligation] | None = None,
) -> SentenceFacts:
    """The engine's facts of a sentence; its offences, additional penalties and obligations
    are read from the sentence unless given (a sentence not yet written has them in hand)."""
    offences = sentence.offences.all() if offences is None else offences
    additional = sentence.additional_penalties.all() if additional is None else additional
    obligations = list(sentence.obligations.all() if obligations is None else obligations)
    return SentenceFacts(
        judgment_date=sentence.judgment_date,
        main_penalty=MainPenalty(sentence.main_penalty),
        offences=tuple(
            OffenceFacts(
                o.article, CrimeCategory(o.category), negligent=o.culpability == "negligent"
            )
            for o in offences
        ),
        prison_months=sentence.prison_months,
        main_completed_on=main_completed_on(sentence, obligations),
        age_at_offence=sentence.age_at_offence,
        additional=tuple(
            AdditionalPenaltyFacts(a.kind, ends_on=a.ends_on, completed_on=a.completed_on)
            for a in additional
        ),
        obligations_fulfilled=tuple(o.fulfilled_on for o in obligations),
    )


def person_expungement(
    person: Person,
    *,
    today: datetime.date,
    sentences: Iterable[Sentence] | None = None,
    reoffences: Iterable[Reoffence] | None = None,
    records: Iterable[ExpungementRecord] | None = None,
) -> ExpungementStatus:
    """Where the person's record stands (a fixed number of queries); ``sentences`` (with
    their offences, additional penalties and obligations prefetched), ``reoffences`` and
    ``records`` if the caller has them already."""
    if reoffences is None:
        reoffences = Reoffence.objects.filter(person=person)
    if sentences is None:
        sentences = person.sentences.prefetch_related(
            "offences", "additional_penalties", "obligations"
        )
    records = ExpungementRecord.objects.filter(person=person) if records is None else records
    return file_expungement(
        [sentence_facts(s) for s in sentences],
        today=today,
        reoffences=[(r.committed_on, r.status) for r in reoffences],
        records=[(r.kind, r.issued_on) for r in records],
    )


def file_expungement(
    facts: Iterable[SentenceFacts],
    *,
    today: datetime.date,
    reoffences: Iterable[tuple[datetime.date, str]],
    records: Iterable[tuple[str, datetime.date]],
) -> ExpungementStatus:
    """Where a file stands from its sentences' facts, its reoffences as (committed on,
    status) and its expungement records as (kind, issued on): what ``person_expungement``
    answers from the database, for a caller that has the rows in hand (the generator
    writing files by the million)."""
    records = list(records)
    certificates = [day for kind, day in records if kind == ExpungementKind.CERTIFICATE]
    return expungement_status(
        facts,
        today=today,
        new_offences=[
            NewOffence(
                committed_on,
                convicted=status == ReoffenceStatus.CONVICTED,
                dropped=status == ReoffenceStatus.DROPPED,
            )
            for committed_on, status in reoffences
        ],
        court_decisions=[
            CourtDecision(day, granted=kind == ExpungementKind.COURT_GRANTED)
            for kind, day in records
            if kind != ExpungementKind.CERTIFICATE
        ],
        certificate_on=min(certificates) if certificates else None,
    )


def new_file_clock(
    facts: SentenceFacts, *, today: datetime.date
) -> tuple[str, datetime.date | None]:
    """What ``expungement_refresh`` stores for a file opened with this one sentence (no new
    offence, no court decision, no certificate yet): for a batch service that writes the
    file with its clock instead of refreshing it after."""
    result = expungement_status(
        [facts], today=today, new_offences=[], court_decisions=[], certificate_on=None
    )
    return result.status.value, result.due_on


# The statuses whose date puts a person on the worklist: the automatic date is near or past,
# or the person may apply to the court.
CLOCK_STATUSES = (Status.WAITING, Status.DUE, Status.COURT_DECISION_NEEDED)


def expungement_refresh(person: Person) -> ExpungementStatus:
    """Recompute the person's cached clock (``Person.expungement_status`` and
    ``expungement_due_on``, read by the worklist). Every service that changes an input of
    the engine calls this in its own transaction."""
    result = person_expungement(person, today=timezone.localdate())
    person.expungement_status = result.status.value
    person.expungement_due_on = result.due_on
    Person.objects.filter(pk=person.pk).update(
        expungement_status=person.expungement_status,
        expungement_due_on=person.expungement_due_on,
    )
    return result


def expungement_refresh_all(persons: QuerySet[Person], *, batch: int = 500) -> dict[str, int]:
    """Recompute the clock of many files in batches (five queries and one bulk update per
    batch): after a bulk load, or as a nightly check. Returns how many are in each status."""
    counts: dict[str, int] = {}
    ids = list(persons.order_by("pk").values_list("pk", flat=True))
    today = timezone.localdate()
    for start in range(0, len(ids), batch):
        with transaction.atomic():  # a service refreshing a file meanwhile waits its turn
            _refresh_batch(ids[start : start + batch], today, counts)
    return counts


def _refresh_batch(ids: list[int], today: datetime.date, counts: dict[str, int]) -> None:
    """One batch, its rows locked: a service that refreshes a file meanwhile waits, so its
    newer answer is never overwritten with this one."""
    chunk = (
        Person.objects.select_for_update()
        .filter(pk__in=ids)
        .only("pk", "expungement_status", "expungement_due_on")
        .prefetch_related(
            "sentences__offences",
            "sentences__additional_penalties",
            "sentences__obligations",
            "reoffences",
            "expungement_records",
        )
    )
    changed = []
    for person in chunk:
        result = person_expungement(
            person,
            today=today,
            sentences=person.sentences.all(),
            reoffences=person.reoffences.all(),
            records=person.expungement_records.all(),
        )
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
        if (person.expungement_status, person.expungement_due_on) != (
            result.status.value,
            result.due_on,
        ):
            person.expungement_status = result.status.value
            person.expungement_due_on = result.due_on
            changed.append(person)
    Person.objects.bulk_update(changed, ["expungement_status", "expungement_due_on"])
