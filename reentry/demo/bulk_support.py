"""The help around bulk files, as rows of values (``core.copy.copy_rows``; a model instance
per act of help was a third of the generator's time): acts of help, loans and jobs while the
person is managed and at liberty, and an initiative in every commune.

- About ``mean`` acts of help per released file (0 to twice that), kinds weighted as
  officers record them, amounts where money moves.
- A loan for one in ten, applied for within the five years after release that Quyết định
  22/2023/QĐ-TTg allows (``law.loans.window_end``), at most 100 million đồng.
- A job for one in three.
- A Tổ 3/1 in each commune that has no initiative of its own, launched between 2015 and
  2024, with its members from the commune police and the mass organisations.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from reentry.core.copy import copy_create, copy_rows
from reentry.initiatives.models import (
    Initiative,
    InitiativeMember,
    InitiativeStatus,
    Level,
    Organisation,
    Template,
)
from reentry.law.loans import window_end
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

from .bulk_outcomes import Outcome

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
# (provider kind, name), each kind a third of the time as before
_PROVIDER_PAIRS = [
    (str(kind), name) for kind, names in PROVIDERS.items() for name in names * (12 // len(names))
]
_ACTIVITY_COLUMNS = [
    "person_id",
    "kind",
    "occurred_on",
    "provider_kind",
    "provider_name",
    "outcome",
    "amount_vnd",
    "next_follow_up_on",
    "recorded_by_id",
]
MEMBERS = [
    (Organisation.POLICE, "Công an xã"),
    (Organisation.WOMENS_UNION, ""),
    (Organisation.FRONT, ""),
    (Organisation.VETERANS, ""),
]


def support_rows(
    *,
    rng: random.Random,
    today: datetime.date,
    mean: int,
    recorder: int,
    files: Sequence[tuple[int, Outcome]],
) -> None:
    """Write the acts of help, loans and jobs of released files (ids known)."""
    kinds = [str(k) for k in KIND_WEIGHTS]
    cum, total = [], 0
    for weight in KIND_WEIGHTS.values():
        total += weight
        cum.append(total)
    money = {str(k) for k in MONEY_KINDS}
    pairs, n_pairs = _PROVIDER_PAIRS, len(_PROVIDER_PAIRS)
    random_ = rng.random
    fromordinal = datetime.date.fromordinal
    activities: list[tuple[object, ...]] = []
    add = activities.append
    loans, jobs = [], []
    jobs_kinds = [str(k) for k in EmploymentKind]
    for person_id, outcome in files:
        release = outcome.release
        days = (outcome.stop - release).days
        if days < 0:
            continue
        first = release.toordinal()
        width = days + 1
        for kind in rng.choices(kinds, cum_weights=cum, k=rng.randint(0, 2 * mean)):
            provider_kind, provider_name = pairs[int(random_() * n_pairs)]
            add(
                (
                    person_id,
                    kind,
                    fromordinal(first + int(random_() * width)),
                    provider_kind,
                    provider_name,
                    "",
                    (5 + int(random_() * 96)) * 100_000 if kind in money else None,
                    None,
                    recorder,
                )
            )
        if random_() < 0.1:
            last = min(outcome.stop, window_end(release))
            applied = release + datetime.timedelta(days=rng.randint(0, (last - release).days))
            approved = applied + datetime.timedelta(days=rng.randint(10, 40))
            done = approved <= today
            loans.append(
                (
                    person_id,
                    rng.choice([Lender.VBSP, Lender.VBSP, Lender.WOMENS_UNION]),
                    rng.randint(10, 100) * 1_000_000,
                    rng.choice([12, 24, 36, 60]),
                    "Chăn nuôi, sản xuất",
                    applied,
                    approved if done else None,
                    approved + datetime.timedelta(days=7) if done else None,
                    LoanStatus.CURRENT if done else LoanStatus.APPLIED,
                )
            )
        if random_() < 0.33:
            jobs.append(
                (
                    person_id,
                    rng.choice(PROVIDERS[ProviderKind.PARTNER]),
                    rng.choice(jobs_kinds),
                    fromordinal(first + int(random_() * width)),
                    rng.randint(40, 120) * 100_000,
                )
            )
    copy_rows(SupportActivity, _ACTIVITY_COLUMNS, activities)
    copy_rows(
        Loan,
        [
            "person_id",
            "lender",
            "amount_vnd",
            "term_months",
            "purpose",
            "applied_on",
            "approved_on",
            "disbursed_on",
            "status",
        ],
        loans,
    )
    copy_rows(
        Employment,
        ["person_id", "employer", "kind", "started_on", "monthly_income_vnd"],
        jobs,
    )


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def initiatives_by_commune(
    *,
    rng: random.Random,
    communes: list[tuple[int, str, str]],
    provinces: dict[str, tuple[int, str, str]],
    names: list[tuple[str, str]],
    today: datetime.date,
) -> dict[int, tuple[int, datetime.date]]:
    """For each commune, the active initiative of that commune alone that bulk files are
    assigned to, as (id, launched on): the oldest one there is, or a Tổ 3/1 made now with
    four members."""
    through = Initiative.communes.through
    found: dict[int, tuple[int, datetime.date]] = {}
    spans: dict[int, list[int]] = {}
    for initiative_id, commune in through.objects.filter(
        initiative__status=InitiativeStatus.ACTIVE
    ).values_list("initiative_id", "adminunit_id"):
        spans.setdefault(initiative_id, []).append(commune)
    launched_of = dict(
        Initiative.objects.filter(pk__in=list(spans)).values_list("pk", "launched_on")
    )
    for initiative_id in sorted(spans):
        only = spans[initiative_id]
        if len(only) == 1 and only[0] not in found:
            found[only[0]] = (
                initiative_id,
                launched_of[initiative_id] or datetime.date(2015, 1, 1),
            )
    missing = [c for c in communes if c[0] not in found]
    if not missing:
        return found
    first, last = (
        datetime.date(2015, 1, 1).toordinal(),
        min(datetime.date(2024, 12, 31), today).toordinal(),
    )
    made = [
        Initiative(
            name=f"Tổ 3/1 {_lower_first(name)}",
            template=Template.TO_3_1,
            level=Level.COMMUNE,
            province_id=provinces[path.split("/")[1]][0],
            province_path=provinces[path.split("/")[1]][1],
            launched_on=datetime.date.fromordinal(rng.randint(first, last)),
            status=InitiativeStatus.ACTIVE,
        )
        for _pk, path, name in missing
    ]
    copy_create(Initiative, made)
    if made[0].pk is None:  # backends without RETURNING: read the ids back
        ids = list(Initiative.objects.order_by("-id").values_list("id", flat=True)[: len(made)])
        for initiative, pk in zip(made, ids[::-1], strict=True):
            initiative.pk = pk
    copy_rows(
        through,
        ["initiative_id", "adminunit_id"],
        ((i.pk, c[0]) for i, c in zip(made, missing, strict=True)),
    )
    members = []
    for new in made:
        for organisation, _label in MEMBERS:
            full_name, _gender = rng.choice(names)
            members.append(
                (
                    new.pk,
                    full_name,
                    str(organisation),
                    f"09{rng.randint(10_000_000, 99_999_999)}",
                    new.launched_on,
                )
            )
    copy_rows(
        InitiativeMember,
        ["initiative_id", "full_name", "organisation", "phone", "joined_on"],
        members,
    )
    for new, (pk, _path, _name) in zip(made, missing, strict=True):
        found[pk] = (new.pk, new.launched_on)  # type: ignore[assignment]
    return found
