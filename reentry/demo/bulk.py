"""Bulk demo files for scale: the same kinds of rows the services write, created with
COPY on PostgreSQL, ``bulk_create`` elsewhere, in batches (``core.copy``; a service call
per person would take hours for 100,000).

Rows are valid by construction (CCCD digits agree with gender and year, deadlines come from
``reentry.law``); seeding writes no audit events, as it is not a user's change. Each
released file gets about 20 acts of help, a loan for one in ten and a job for one in three
(the national estimate of issue 9: 20 million support records for a million files).
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from faker import Faker

from reentry.accounts.models import User
from reentry.accounts.roles import Role
from reentry.core.copy import copy_create
from reentry.core.errors import DomainError
from reentry.core.text import fold_key
from reentry.geography.models import AdminUnit, AdminUnitKind
from reentry.law.intake import conditional_release_report_deadline, residence_check_deadline
from reentry.law.penal_code import chapter_of
from reentry.persons.models import (
    Offence,
    Person,
    PersonStatus,
    ReleaseNotice,
    Residence,
    Sentence,
)
from reentry.support.models import (
    MONEY_KINDS,
    Employment,
    EmploymentKind,
    Lender,
    Loan,
    LoanStatus,
    ProviderKind,
    SupportActivity,
    SupportKind,
)

from .persons import FACILITIES, OCCUPATIONS, OFFENCES

# CCCD birth-registration province used for a 2025 province (its own legacy code)
BATCH = 2000
# acts of help per released file, on average (the national estimate: 20 million for a million)
ACTIVITIES_PER_FILE = 20


@dataclass
class BulkResult:
    created: int
    seconds: float


def _names(fake: Faker, count: int) -> list[tuple[str, str]]:
    out = []
    for _index in range(count):
        male = fake.random_int(0, 9) > 0
        given = fake.first_name_male() if male else fake.first_name_female()
        out.append(
            (f"{fake.last_name()} {fake.middle_name()} {given}", "male" if male else "female")
        )
    return out


def seed_persons_bulk(
    *, seed: int, count: int, activities: int = ACTIVITIES_PER_FILE, progress: bool = False
) -> BulkResult:
    """Add ``count`` files spread over every commune of the country, each released file
    with about ``activities`` acts of help (0 to twice that), and some with a loan and a
    job, recorded by the commune officer of the demo."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - demo data
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    communes = list(
        AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE).values_list("id", "path", "code")
    )
    names = _names(fake, 4000)
    today = timezone.localdate()
    serial = Person.objects.count()
    recorder = (
        User.objects.filter(role=Role.COMMUNE_OFFICER).order_by("id").values_list("id", flat=True)
    ).first()
    if recorder is None and activities:
        raise DomainError(_("Chưa có tài khoản cán bộ Công an xã: chạy seed_demo trước."))
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            released = _batch(rng, communes, names, today, serial + done, size)
            if activities:
                _support(rng, today, activities, recorder or 0, released)
        done += size
        if progress:
            print(f"  {done:,}/{count:,} hồ sơ ({time.monotonic() - started:.0f} s)", flush=True)
    return BulkResult(created=count, seconds=time.monotonic() - started)


def _batch(
    rng: random.Random,
    communes: list[tuple[int, str, str]],
    names: list[tuple[str, str]],
    today: datetime.date,
    serial: int,
    size: int,
) -> list[tuple[int, datetime.date]]:
    """Write ``size`` files; return the released ones as (id, release date)."""
    persons: list[Person] = []
    plans = []
    for index in range(size):
        commune_id, path, _code = rng.choice(communes)
        province = path.split("/")[1]
        full_name, gender = rng.choice(names)
        dob = datetime.date(rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28))
        offence = rng.choice(OFFENCES)
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
        national_id = f"0{province}{digit}{dob.year % 100:02d}{(serial + index) % 1_000_000:06d}"
        persons.append(
            Person(
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
        )
        plans.append(
            (
                commune_id,
                path,
                province,
                offence,
                months,
                release_type,
                awaiting,
                release,
                judgment,
                dob,
            )
        )
    copy_create(Person, persons)
    if persons[0].pk is None:  # backends without RETURNING: read the ids back
        ids = list(Person.objects.order_by("-id").values_list("id", flat=True)[:size])[::-1]
        for person, pk in zip(persons, ids, strict=True):
            person.pk = pk
    residences, sentences, notices = [], [], []
    for person, plan in zip(persons, plans, strict=True):
        (
            commune_id,
            path,
            province,
            offence,
            months,
            release_type,
            awaiting,
            release,
            judgment,
            dob,
        ) = plan
        residences.append(
            Residence(
                person_id=person.pk,
                commune_id=commune_id,
                commune_path=path,
                started_on=min(release, today),
                reason="Lập hồ sơ",
            )
        )
        facility = rng.choice(FACILITIES.get(f"0{province}", FACILITIES["038"]))
        sentences.append(
            Sentence(
                person_id=person.pk,
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
        )
        received = min(release - datetime.timedelta(days=rng.randint(20, 60)), today)
        reported = (
            None if awaiting else min(release + datetime.timedelta(days=rng.randint(1, 5)), today)
        )
        notices.append(
            ReleaseNotice(
                person_id=person.pk,
                facility=facility,
                received_on=received,
                expected_release_on=release,
                intended_address=person.address_text,
                release_type=release_type,
                residence_check_due=residence_check_deadline(received),
                reporting_due=(
                    conditional_release_report_deadline(release)
                    if release_type == "conditional"
                    else None
                ),
                residence_checked_on=None if awaiting else received + datetime.timedelta(days=2),
                reported_on=reported,
                commitment_signed_on=reported,
            )
        )
    copy_create(Residence, residences)
    copy_create(Sentence, sentences)
    copy_create(ReleaseNotice, notices)
    offences = []
    for sentence, plan in zip(sentences, plans, strict=True):
        offence = plan[3]
        offences.append(
            Offence(
                sentence_id=sentence.pk,
                article=offence[0],
                name=offence[1],
                chapter=chapter_of(offence[0]),
                category=offence[2],
                culpability=offence[3],
            )
        )
    copy_create(Offence, offences)
    return [
        (person.pk, plan[7])
        for person, plan in zip(persons, plans, strict=True)
        if not plan[6]  # awaiting release: nothing done for them yet
    ]


# what commune officers record most (a visit, a meeting) comes up most
KIND_WEIGHTS = {
    SupportKind.ENCOURAGEMENT_VISIT: 30,
    SupportKind.PERIODIC_MEETING: 15,
    SupportKind.COUNSELLING: 10,
    SupportKind.REVIEW_SESSION: 8,
    SupportKind.CAREER_GUIDANCE: 6,
    SupportKind.JOB_REFERRAL: 5,
    SupportKind.TRAINING_REFERRAL: 4,
    SupportKind.JOB_PLACEMENT: 3,
    SupportKind.IDENTITY_CARD: 4,
    SupportKind.RESIDENCE_REGISTRATION: 3,
    SupportKind.HEALTH_INSURANCE: 3,
    SupportKind.LEGAL_AID: 3,
    SupportKind.SOCIAL_ASSISTANCE: 3,
    SupportKind.LOAN: 2,
    SupportKind.OTHER: 1,
}
PROVIDERS = {
    ProviderKind.AGENCY: ["Công an xã", "UBND xã", "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên"],
    ProviderKind.MEMBER: ["Tổ 3/1 thôn", "Tổ tự quản 5+1"],
    ProviderKind.PARTNER: ["Hợp tác xã nông nghiệp", "Xưởng may", "Công ty TNHH xây dựng"],
}


def _support(
    rng: random.Random,
    today: datetime.date,
    mean: int,
    recorder: int,
    released: list[tuple[int, datetime.date]],
) -> None:
    """Acts of help after each release (0 to twice ``mean``), a loan for one in ten, a job
    for one in three."""
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    activities, loans, jobs = [], [], []
    for person_id, release in released:
        days = max((today - release).days, 1)
        for kind in rng.choices(kinds, weights, k=rng.randint(0, 2 * mean)):
            provider_kind = rng.choice(list(PROVIDERS))
            activities.append(
                SupportActivity(
                    person_id=person_id,
                    kind=kind,
                    occurred_on=release + datetime.timedelta(days=rng.randint(0, days)),
                    provider_kind=provider_kind,
                    provider_name=rng.choice(PROVIDERS[provider_kind]),
                    amount_vnd=rng.randint(5, 100) * 100_000 if kind in MONEY_KINDS else None,
                    recorded_by_id=recorder,
                )
            )
        if rng.random() < 0.1:
            applied = release + datetime.timedelta(days=rng.randint(0, days))
            approved = applied + datetime.timedelta(days=rng.randint(10, 40))
            done = approved <= today
            loans.append(
                Loan(
                    person_id=person_id,
                    lender=rng.choice([Lender.VBSP, Lender.VBSP, Lender.WOMENS_UNION]),
                    amount_vnd=rng.randint(10, 100) * 1_000_000,
                    term_months=rng.choice([12, 24, 36, 60]),
                    purpose="Chăn nuôi, sản xuất",
                    applied_on=applied,
                    approved_on=approved if done else None,
                    disbursed_on=approved + datetime.timedelta(days=7) if done else None,
                    status=LoanStatus.CURRENT if done else LoanStatus.APPLIED,
                )
            )
        if rng.random() < 0.33:
            jobs.append(
                Employment(
                    person_id=person_id,
                    employer=rng.choice(PROVIDERS[ProviderKind.PARTNER]),
                    kind=rng.choice(list(EmploymentKind)),
                    started_on=release + datetime.timedelta(days=rng.randint(0, days)),
                    monthly_income_vnd=rng.randint(40, 120) * 100_000,
                )
            )
    copy_create(SupportActivity, activities)
    copy_create(Loan, loans)
    copy_create(Employment, jobs)
