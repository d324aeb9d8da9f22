"""Bulk demo files for scale: the same kinds of rows the services write, created with
COPY on PostgreSQL, ``bulk_create`` or ``executemany`` elsewhere, in batches (``core.copy``;
a service call per person would take hours for a million).

Rows are valid by construction (CCCD digits agree with gender and year, deadlines come from
``reentry.law``); seeding writes no audit events, as it is not a user's change. Each file is
planned whole before it is written — its sentence, what happened after release (a new
offence for a few, the certificate for some whose clock has run) and so its status — and
carries the expungement clock ``expungement_refresh_all`` would compute, from the same law
(``outcomes.expungement.file_expungement``): nothing is left to refresh afterwards.

Around each released file (``bulk_outcomes``, ``bulk_support``): about 20 acts of help, a
loan for one in ten, a job for one in three (the national estimate of issue 9: 20 million
support records for a million files), a classification each year of management, and for a
third a place in their commune's initiative; every commune has at least one (a Tổ 3/1).
The tables written by the million are written as rows of values, not model instances.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from faker import Faker

from reentry.accounts.models import User
from reentry.accounts.roles import Role
from reentry.core.copy import copy_create, copy_rows
from reentry.core.errors import DomainError
from reentry.core.text import fold_key
from reentry.geography.models import AdminUnit, AdminUnitKind
from reentry.law.intake import conditional_release_report_deadline, residence_check_deadline
from reentry.law.penal_code import chapter_of
from reentry.outcomes.expungement import file_expungement, sentence_facts
from reentry.persons.models import (
    Offence,
    Person,
    PersonStatus,
    ReleaseNotice,
    Residence,
    Sentence,
)
from reentry.reports import stored

from .bulk_outcomes import Outcome, outcome_plan, outcome_rows
from .bulk_support import initiatives_by_commune, support_rows
from .names import full_name
from .persons import FACILITIES, OCCUPATIONS, OFFENCES

BATCH = 2000
# acts of help per released file, on average (the national estimate: 20 million for a million)
ACTIVITIES_PER_FILE = 20
# a few files for offences of Chapter XIII: their record is expunged by a court (Art. 71)
COURT_ROUTE_OFFENCES = [
    (118, "Phá rối an ninh", "serious", "intentional", (24, 84)),
    (
        117,
        "Làm, tàng trữ, phát tán hoặc tuyên truyền thông tin, tài liệu, vật phẩm nhằm chống "
        "Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        "very_serious",
        "intentional",
        (60, 144),
    ),
]
BULK_OFFENCES = [*OFFENCES, *COURT_ROUTE_OFFENCES]
BULK_OFFENCE_WEIGHTS = [10] * len(OFFENCES) + [1] * len(COURT_ROUTE_OFFENCES)
OffenceSpec = tuple[int, str, str, str, tuple[int, int]]
# the deadlines are pure functions of one date (and a holiday calendar): asked once a date
_check_due = lru_cache(maxsize=None)(residence_check_deadline)
_report_due = lru_cache(maxsize=None)(conditional_release_report_deadline)


@dataclass
class BulkResult:
    created: int
    seconds: float
    # seconds per phase (building and writing the files, their outcomes, their support)
    phases: dict[str, float] = field(default_factory=dict)


class _Phases(dict[str, float]):
    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.monotonic() - started


@dataclass(slots=True)
class _File:
    """One file planned whole before anything is written."""

    person: Person
    sentence: Sentence
    offence: OffenceSpec
    facility: str
    release: datetime.date
    release_type: str  # as the notice says (the sentence's is blank until release)
    awaiting: bool
    received: datetime.date
    reported: datetime.date | None
    outcome: Outcome | None


def _names(fake: Faker, count: int) -> list[tuple[str, str]]:
    out = []
    for _index in range(count):
        male = fake.random_int(0, 9) > 0
        given = fake.first_name_male() if male else fake.first_name_female()
        family = fake.last_name()  # drawn before the middle name, as always
        name = full_name(family, fake.middle_name(), given, male=male)
        out.append((name, "male" if male else "female"))
    return out


def seed_persons_bulk(
    *, seed: int, count: int, activities: int = ACTIVITIES_PER_FILE, progress: bool = False
) -> BulkResult:
    """Add ``count`` files spread over every commune of the country, each released file
    with about ``activities`` acts of help (0 to twice that), some with a loan and a job,
    its classifications and what became of it, recorded by the commune officer of the demo;
    an initiative in every commune that has none. ``activities=0``: the files alone (each
    with its clock), no record of anything after release."""
    started = time.monotonic()
    phases = _Phases()
    rng = random.Random(seed)  # noqa: S311 - demo data
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    communes = list(
        AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE).values_list("id", "path", "name")
    )
    provinces = {
        code: (pk, path, name)
        for pk, path, code, name in AdminUnit.objects.filter(
            kind=AdminUnitKind.PROVINCE
        ).values_list("id", "path", "code", "name")
    }
    names = _names(fake, 4000)
    today = timezone.localdate()
    serial = Person.objects.count()
    recorder = (
        User.objects.filter(role=Role.COMMUNE_OFFICER).order_by("id").values_list("id", flat=True)
    ).first()
    if recorder is None and activities:
        raise DomainError(_("Chưa có tài khoản cán bộ Công an xã: chạy seed_demo trước."))
    with phases("initiatives"), transaction.atomic():
        initiatives = initiatives_by_commune(
            rng=rng, communes=communes, provinces=provinces, names=names, today=today
        )
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            with phases("files"):
                files = _batch(
                    rng, communes, names, today, serial + done, size, phases, bool(activities)
                )
            released = [f for f in files if f.outcome is not None]
            if activities:
                with phases("outcomes"):
                    outcome_rows(
                        rng=rng,
                        today=today,
                        recorder=recorder or 0,
                        provinces=provinces,
                        initiatives=initiatives,
                        files=[(f.person, f.outcome) for f in released if f.outcome],
                    )
                with phases("support"):
                    support_rows(
                        rng=rng,
                        today=today,
                        mean=activities,
                        recorder=recorder or 0,
                        files=[(f.person.pk, f.outcome) for f in released if f.outcome],
                    )
        done += size
        if progress:
            print(f"  {done:,}/{count:,} hồ sơ ({time.monotonic() - started:.0f} s)", flush=True)
    with phases("statistics"):
        _analyze()
        # the marks the load left for the stored report figures (none stand on a new
        # database; on one that had some, those the load reached are dropped too)
        stored.prune()
    return BulkResult(created=count, seconds=time.monotonic() - started, phases=dict(phases))


# an unsaved offence per kind, for the engine's facts of a sentence not yet written
_OFFENCE_FACTS: dict[OffenceSpec, list[Offence]] = {}


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled: without them PostgreSQL plans
    the reports' queries for the empty tables it last saw (a commune's report took 3 s
    instead of 75 ms at 100,000 files); autovacuum would get there, later."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def offence_facts(offence: OffenceSpec) -> list[Offence]:
    found = _OFFENCE_FACTS.get(offence)
    if found is None:
        found = _OFFENCE_FACTS[offence] = [
            Offence(article=offence[0], category=offence[2], culpability=offence[3])
        ]
    return found


def _plan(
    rng: random.Random,
    communes: list[tuple[int, str, str]],
    names: list[tuple[str, str]],
    today: datetime.date,
    number: int,
    outcomes: bool,
) -> _File:
    """A file, its sentence and (with ``outcomes``) what became of it after release."""
    commune_id, path, _name = rng.choice(communes)
    province = path.split("/")[1]
    full_name, gender = rng.choice(names)
    dob = datetime.date(rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28))
    offence = rng.choices(BULK_OFFENCES, BULK_OFFENCE_WEIGHTS)[0]
    months = rng.randint(*offence[4])
    kind = rng.random()
    release_type = "completed" if kind < 0.7 else "pardoned" if kind < 0.85 else "conditional"
    awaiting = rng.random() < 0.1
    release = (
        today + datetime.timedelta(days=rng.randint(5, 90))
        if awaiting
        else today - datetime.timedelta(days=rng.randint(30, 14 * 365))
    )
    judgment = release - datetime.timedelta(days=int(months * 30.4) + rng.randint(30, 200))
    if judgment.year - dob.year < 18:
        dob = dob.replace(year=judgment.year - rng.randint(18, 45))
    digit = (dob.year // 100 - 19) * 2 + (1 if gender == "female" else 0)
    national_id = f"0{province}{digit}{dob.year % 100:02d}{number % 1_000_000:06d}"
    person = Person(
        full_name=full_name,
        name_key=fold_key(full_name),
        gender=gender,
        date_of_birth=dob,
        birth_year=dob.year,
        national_id=national_id if rng.random() < 0.85 else "",
        ethnicity="Kinh",
        occupation_before=rng.choice(OCCUPATIONS),
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        address_text=f"Thôn {rng.randint(1, 20)}",
        commune_id=commune_id,
        commune_path=path,
        status=PersonStatus.AWAITING if awaiting else PersonStatus.MANAGED,
    )
    facility = rng.choice(FACILITIES.get(f"0{province}", FACILITIES["038"]))
    sentence = Sentence(
        judgment_number=f"{rng.randint(1, 250)}/{judgment.year}/HS-ST",
        judgment_date=judgment,
        court="Tòa án nhân dân tỉnh",
        main_penalty="prison",
        prison_months=months,
        age_at_offence=judgment.year - dob.year,
        prison_facility=facility,
        release_date=None if awaiting else release,
        release_type="" if awaiting else release_type,
        conditional_probation_end=(
            release + datetime.timedelta(days=365)
            if release_type == "conditional" and not awaiting
            else None
        ),
    )
    received = min(release - datetime.timedelta(days=rng.randint(20, 60)), today)
    reported = (
        None if awaiting else min(release + datetime.timedelta(days=rng.randint(1, 5)), today)
    )
    facts = [
        sentence_facts(sentence, offences=offence_facts(offence), additional=(), obligations=())
    ]
    outcome = None
    if outcomes and not awaiting and reported is not None:
        outcome = outcome_plan(
            rng=rng,
            today=today,
            person=person,
            facts=facts,
            release=release,
            reported=reported,
        )
    else:
        clock = file_expungement(facts, today=today, reoffences=(), records=())
        person.expungement_status, person.expungement_due_on = clock.status.value, clock.due_on
    return _File(
        person,
        sentence,
        offence,
        facility,
        release,
        release_type,
        awaiting,
        received,
        reported,
        outcome,
    )


def _batch(
    rng: random.Random,
    communes: list[tuple[int, str, str]],
    names: list[tuple[str, str]],
    today: datetime.date,
    serial: int,
    size: int,
    phases: _Phases,
    outcomes: bool,
) -> list[_File]:
    """Plan and write ``size`` files: the person, residence, sentence(s), offence(s) and the
    prison's notice."""
    with phases("files: plan and clock"):
        files = [
            _plan(rng, communes, names, today, serial + index, outcomes) for index in range(size)
        ]
    persons = [f.person for f in files]
    copy_create(Person, persons)
    if persons[0].pk is None:  # backends without RETURNING: read the ids back
        ids = list(Person.objects.order_by("-id").values_list("id", flat=True)[:size])[::-1]
        for person, pk in zip(persons, ids, strict=True):
            person.pk = pk
    copy_rows(
        Residence,
        ["person_id", "commune_id", "commune_path", "started_on", "ended_on", "reason"],
        (
            (
                f.person.pk,
                f.person.commune_id,
                f.person.commune_path,
                min(f.release, today),
                f.person.closed_on,
                "Lập hồ sơ",
            )
            for f in files
        ),
    )
    sentences: list[Sentence] = []
    offences: list[tuple[Sentence, OffenceSpec]] = []
    for f in files:
        f.sentence.person_id = f.person.pk
        sentences.append(f.sentence)
        offences.append((f.sentence, f.offence))
        if f.outcome is not None and f.outcome.new_sentence is not None:
            new = f.outcome.new_sentence
            new.person_id = f.person.pk
            sentences.append(new)
            offences.append((new, f.outcome.new_offence))  # type: ignore[arg-type]
    copy_create(Sentence, sentences)
    if sentences[0].pk is None:
        ids = list(Sentence.objects.order_by("-id").values_list("id", flat=True)[: len(sentences)])
        for sentence, pk in zip(sentences, ids[::-1], strict=True):
            sentence.pk = pk
    copy_rows(
        Offence,
        ["sentence_id", "article", "clause", "name", "chapter", "category", "culpability"],
        ((sentence.pk, o[0], "", o[1], chapter_of(o[0]), o[2], o[3]) for sentence, o in offences),
    )
    copy_rows(
        ReleaseNotice,
        [
            "person_id",
            "facility",
            "received_on",
            "expected_release_on",
            "intended_address",
            "release_type",
            "residence_check_due",
            "reporting_due",
            "residence_checked_on",
            "reported_on",
            "commitment_signed_on",
        ],
        (
            (
                f.person.pk,
                f.facility,
                f.received,
                f.release,
                f.person.address_text,
                f.release_type,
                _check_due(f.received),
                (_report_due(f.release) if f.release_type == "conditional" else None),
                None if f.awaiting else f.received + datetime.timedelta(days=2),
                f.reported,
                f.reported,
            )
            for f in files
        ),
    )
    return files
