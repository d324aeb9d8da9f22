"""What became of a bulk file after release, planned before the file is written (its status
depends on it) and written after it, as rows of values (``core.copy.copy_rows``).

The rules are those of the services that record them by hand:
- a new offence for one in twenty-five, committed at least a month after release
  (``reoffence_record``): most still pending — held in custody for most of those (the person
  ``in_custody``, classified D on the day of arrest) —, some dropped, some convicted with the
  new sentence on the file (``reoffence_conclude``; still being served: in custody);
- the expungement clock from the same law as ``expungement_refresh``
  (``outcomes.expungement.file_expungement``); for about a third of those whose clock ran out
  at least two months ago, the criminal-record certificate (or, for an offence of Chapter
  XIII, the court's decision granting it), issued after the date due: the file is then
  closed as expunged on that day and sealed, as ``expungement_record_add`` does;
- a classification about a month after reporting and then each year while the person is
  managed and at liberty (A mostly, B with its difficulties, a few C with what happened);
- for a third, a place in the commune's initiative from a few weeks after release (ended
  when the file closes).
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

from django.utils import timezone

from reentry.core.copy import copy_rows
from reentry.law.expungement import SentenceFacts, Status
from reentry.outcomes.expungement import file_expungement, sentence_facts
from reentry.outcomes.models import (
    Classification,
    ExpungementKind,
    ExpungementRecord,
    Reoffence,
    ReoffenceStatus,
)
from reentry.persons.models import ClosureReason, Person, PersonStatus, Sentence

OffenceSpec = tuple[int, str, str, str, tuple[int, int]]

REOFFENCE_SHARE = 0.04
# the new offences, as the demo's (the charge is kept encrypted on the reoffence)
NEW_OFFENCES: list[OffenceSpec] = [
    (173, "Trộm cắp tài sản", "less_serious", "intentional", (12, 36)),
    (321, "Đánh bạc", "less_serious", "intentional", (12, 36)),
    (134, "Cố ý gây thương tích", "serious", "intentional", (24, 60)),
    (249, "Tàng trữ trái phép chất ma túy", "serious", "intentional", (24, 84)),
]
CERTIFICATE_SHARE = 0.35
DIFFICULTIES = ["no_job", "unstable_job", "no_capital", "stigma", "family_hardship", "illness"]
C_NOTES = [
    "Không trình diện theo lịch, giao du với đối tượng xấu",
    "Vi phạm hành chính (gây rối trật tự công cộng), đã được nhắc nhở",
    "Bỏ địa phương không khai báo, đã trở về",
]
ASSIGNED_SHARE = 0.35


@dataclass(slots=True)
class Outcome:
    release: datetime.date
    reported: datetime.date
    # the last day of life at liberty under management (today, the day of arrest, the day
    # the file closed): help, classifications and assignments fall before it
    stop: datetime.date
    # committed on, arrested on, charge, status, concluded on
    reoffence: tuple[datetime.date, datetime.date | None, str, str, datetime.date | None] | None = (
        None
    )
    new_sentence: Sentence | None = None
    new_offence: OffenceSpec | None = None
    custody_on: datetime.date | None = None
    record: tuple[str, datetime.date] | None = None  # kind, issued on


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def outcome_plan(
    *,
    rng: random.Random,
    today: datetime.date,
    person: Person,
    facts: list[SentenceFacts],
    release: datetime.date,
    reported: datetime.date,
) -> Outcome:
    """Decide what happened to a released person and set the file's status and clock."""
    from .bulk import offence_facts  # the facts of an offence kind (bulk builds on this)

    outcome = Outcome(release=release, reported=reported, stop=today)
    span = (today - release).days
    reoffences: list[tuple[datetime.date, str]] = []
    if span >= 90 and rng.random() < REOFFENCE_SHARE:
        offence = rng.choice(NEW_OFFENCES)
        committed = release + _days(rng, 30, span - 20)
        arrested = min(committed + _days(rng, 0, 10), today)
        since = (today - arrested).days
        pick = rng.random()
        concluded: datetime.date | None = None
        if pick < 0.3 and since > 150:
            status = ReoffenceStatus.CONVICTED
            concluded = judgment = arrested + _days(rng, 60, 120)
            # the new term is still being served
            months = max(rng.randint(*offence[4]), math.ceil((today - judgment).days / 30.4) + 3)
            new = Sentence(
                judgment_number=f"{rng.randint(1, 250)}/{judgment.year}/HS-ST",
                judgment_date=judgment,
                court="Tòa án nhân dân tỉnh",
                main_penalty="prison",
                prison_months=months,
                age_at_offence=committed.year - person.birth_year,
                prison_facility="Trại tạm giam Công an tỉnh",
            )
            outcome.new_sentence, outcome.new_offence = new, offence
            facts.append(
                sentence_facts(new, offences=offence_facts(offence), additional=(), obligations=())
            )
            outcome.custody_on = arrested
        elif pick < 0.5 and since > 40:
            status = ReoffenceStatus.DROPPED
            concluded = arrested + _days(rng, 20, min(120, since))
        else:
            status = ReoffenceStatus.PENDING
            if rng.random() < 0.6:
                outcome.custody_on = arrested
        outcome.reoffence = (committed, arrested, offence[1], status, concluded)
        reoffences.append((committed, status))
    clock = file_expungement(facts, today=today, reoffences=reoffences, records=())
    due = clock.due_on
    if (
        outcome.custody_on is None
        and due is not None
        and (today - due).days >= 60
        and clock.status in (Status.DUE, Status.COURT_DECISION_NEEDED)
        and rng.random() < CERTIFICATE_SHARE
    ):
        kind = (
            ExpungementKind.CERTIFICATE
            if clock.status == Status.DUE
            else ExpungementKind.COURT_GRANTED
        )
        issued = due + _days(rng, 20, min(400, (today - due).days))
        outcome.record = (kind, issued)
        clock = file_expungement(
            facts, today=today, reoffences=reoffences, records=[outcome.record]
        )
        # the file closes as expunged that day and is sealed (expungement_record_add)
        person.status = PersonStatus.CLOSED
        person.closure_reason = ClosureReason.EXPUNGED
        person.closed_on = outcome.stop = issued
        person.sealed_at = timezone.now()
    elif outcome.custody_on is not None:
        person.status = PersonStatus.IN_CUSTODY
        outcome.stop = outcome.custody_on
    person.expungement_status, person.expungement_due_on = clock.status.value, clock.due_on
    return outcome


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def outcome_rows(
    *,
    rng: random.Random,
    today: datetime.date,
    recorder: int,
    provinces: dict[str, tuple[int, str, str]],
    initiatives: dict[int, tuple[int, datetime.date]],
    files: list[tuple[Person, Outcome]],
) -> None:
    """Write the reoffences, expungement records, classifications and assignments of the
    files (written already, with their ids)."""
    from reentry.initiatives.models import Assignment

    reoffences: list[tuple[object, ...]] = []
    records: list[tuple[object, ...]] = []
    grades: list[tuple[object, ...]] = []
    assignments: list[tuple[object, ...]] = []
    for person, outcome in files:
        pk = person.pk
        if outcome.reoffence is not None:
            committed, arrested, charge, status, concluded = outcome.reoffence
            new = outcome.new_sentence
            reoffences.append(
                (
                    pk,
                    committed,
                    arrested,
                    charge,
                    status,
                    concluded,
                    new.pk if new else None,
                    recorder,
                )
            )
        if outcome.record is not None:
            kind, issued = outcome.record
            place = _lower_first(provinces[person.commune_path.split("/")[1]][2])
            records.append(
                (
                    pk,
                    kind,
                    f"{rng.randint(100, 9999)}/{issued.year}/"
                    + ("LLTP" if kind == ExpungementKind.CERTIFICATE else "QĐ-XAT"),
                    f"Sở Tư pháp {place}"
                    if kind == ExpungementKind.CERTIFICATE
                    else f"Tòa án nhân dân {place}",
                    issued,
                    recorder,
                )
            )
        day = outcome.reported + _days(rng, 7, 40)
        while day <= outcome.stop:
            pick = rng.random()
            if pick < 0.6:
                grades.append((pk, day, "A", [], "", recorder))
            elif pick < 0.93:
                chosen = rng.sample(DIFFICULTIES, k=rng.randint(1, 2))
                grades.append((pk, day, "B", chosen, "", recorder))
            else:
                grades.append((pk, day, "C", [], rng.choice(C_NOTES), recorder))
            day += _days(rng, 345, 385)
        if outcome.custody_on is not None:
            committed = outcome.reoffence[0] if outcome.reoffence else outcome.custody_on
            note = f"Bị bắt, tạm giữ (vi phạm ngày {committed:%d/%m/%Y})"
            grades.append((pk, outcome.custody_on, "D", [], note, recorder))
        joined = initiatives.get(person.commune_id)
        if joined is not None and rng.random() < ASSIGNED_SHARE:
            started = max(outcome.release + _days(rng, 5, 60), joined[1])
            if started <= outcome.stop:
                ended = max(person.closed_on, started) if person.closed_on else None
                assignments.append((joined[0], pk, started, ended))
    copy_rows(
        Reoffence,
        [
            "person_id",
            "committed_on",
            "arrested_on",
            "charge",
            "status",
            "concluded_on",
            "sentence_id",
            "recorded_by_id",
        ],
        reoffences,
    )
    copy_rows(
        ExpungementRecord,
        ["person_id", "kind", "number", "issued_by", "issued_on", "recorded_by_id"],
        records,
    )
    copy_rows(
        Classification,
        ["person_id", "assessed_on", "grade", "difficulties", "notes", "assessed_by_id"],
        grades,
    )
    copy_rows(Assignment, ["initiative_id", "person_id", "started_on", "ended_on"], assignments)
    _stamp_classified_on([person.pk for person, _outcome in files])


def _stamp_classified_on(ids: list[int]) -> None:
    """The day of each file's latest classification, as the service keeps it."""
    from django.db import connection

    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE persons_person SET classified_on = ("
            " SELECT MAX(c.assessed_on) FROM outcomes_classification c"
            " WHERE c.person_id = persons_person.id)"
            " WHERE id BETWEEN %s AND %s",
            [min(ids), max(ids)],
        )
