"""Demo case files: realistic Vietnamese names (Faker ``vi_VN``), plausible sentence mixes,
notices, reporting, a few transfers and near-duplicates. Written through the services, so
the demo obeys every rule the pages do. Deterministic for a given seed."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from reentry.accounts.models import User
from reentry.accounts.selectors import user_get_by_username
from reentry.core.text import strip_accents
from reentry.persons.models import Person
from reentry.persons.services import (
    IntakeData,
    OffenceData,
    PersonData,
    SentenceData,
    intake_record,
    person_register,
    person_transfer,
    release_notice_record,
    sentence_add,
)
from reentry.support.services import (
    ActivityData,
    EmploymentData,
    GoalData,
    LoanData,
    NeedData,
    employment_record,
    loan_record,
    needs_assessment_record,
    support_activity_record,
    support_plan_record,
)

from .names import full_name as full_name_of

# commune code → (demo officer, CCCD birth-province code, weight, village names)
DEMO_COMMUNES = {
    "15865": ("ca.hoanghoa", "038", 6, "Thôn"),
    "15880": ("ca.hoanggiang", "038", 2, "Thôn"),
    "15889": ("ca.hoangphu", "038", 2, "Thôn"),
    "15910": ("ca.hoangson", "038", 1, "Thôn"),
    "15961": ("ca.hoangloc", "038", 1, "Thôn"),
    "11341": ("ca.ngoquyen", "031", 3, "Tổ dân phố"),
    "11359": ("ca.giavien", "031", 2, "Tổ dân phố"),
    "24697": ("ca.namda", "067", 2, "Bon"),
    "24688": ("ca.krongno", "067", 1, "Bon"),
}

# (article, name, category, culpability, typical months of prison)
OFFENCES = [
    (173, "Trộm cắp tài sản", "serious", "intentional", (9, 48)),
    (173, "Trộm cắp tài sản", "less_serious", "intentional", (6, 30)),
    (249, "Tàng trữ trái phép chất ma túy", "serious", "intentional", (24, 84)),
    (251, "Mua bán trái phép chất ma túy", "very_serious", "intentional", (60, 180)),
    (321, "Đánh bạc", "less_serious", "intentional", (6, 36)),
    (134, "Cố ý gây thương tích", "serious", "intentional", (12, 60)),
    (174, "Lừa đảo chiếm đoạt tài sản", "serious", "intentional", (24, 84)),
    (168, "Cướp tài sản", "very_serious", "intentional", (84, 156)),
    (
        260,
        "Vi phạm quy định về tham gia giao thông đường bộ",
        "less_serious",
        "negligent",
        (12, 36),
    ),
    (123, "Giết người", "extremely_serious", "intentional", (144, 240)),
    (178, "Hủy hoại hoặc cố ý làm hư hỏng tài sản", "less_serious", "intentional", (6, 30)),
]
FACILITIES = {
    "038": ["Trại giam Thanh Phong", "Trại giam số 5", "Trại tạm giam Công an tỉnh Thanh Hóa"],
    "031": ["Trại giam Xuân Nguyên", "Trại tạm giam Công an thành phố Hải Phòng"],
    "067": ["Trại giam Đắk Trung", "Trại giam Đại Bình"],
}
COURTS = {
    "038": "Tòa án nhân dân tỉnh Thanh Hóa",
    "031": "Tòa án nhân dân thành phố Hải Phòng",
    "067": "Tòa án nhân dân tỉnh Đắk Nông",
}
OCCUPATIONS = [
    "Làm ruộng",
    "Lao động tự do",
    "Thợ xây",
    "Lái xe",
    "Buôn bán nhỏ",
    "Công nhân",
    "Đánh bắt thủy sản",
    "Không nghề nghiệp",
]


@dataclass
class PersonSeedResult:
    created: int
    existing: int
    transfers: int


def _cccd(rng: random.Random, province: str, gender: str, year: int) -> str:
    digit = (year // 100 - 19) * 2 + (1 if gender == "female" else 0)
    return f"{province}{digit}{year % 100:02d}{rng.randint(0, 999_999):06d}"


def persons_total() -> int:
    """Every file in the database (the demo communes and the bulk ones)."""
    return Person.objects.count()


def _officers() -> dict[str, User]:
    return {code: user_get_by_username(spec[0]) for code, spec in DEMO_COMMUNES.items()}


def seed_persons(*, seed: int, total: int) -> PersonSeedResult:
    """Create demo files until ``total`` exist in the demo communes (none are duplicated)."""
    existing = Person.objects.filter(commune__code__in=list(DEMO_COMMUNES)).count()
    if existing >= total:
        return PersonSeedResult(created=0, existing=existing, transfers=0)
    rng = random.Random(seed * 7919 + existing)  # noqa: S311 - demo data
    fake = Faker("vi_VN")
    fake.seed_instance(seed * 31 + existing)
    officers = _officers()
    codes = list(DEMO_COMMUNES)
    weights = [DEMO_COMMUNES[c][2] for c in codes]
    today = timezone.localdate()
    created = transfers = 0
    twins: list[tuple[str, datetime.date, str]] = []
    for index in range(total - existing):
        code = rng.choices(codes, weights)[0]
        with transaction.atomic():
            person = _one_person(rng, fake, officers[code], code, today, index, twins)
        created += 1
        person.refresh_from_db(fields=["status", "version"])
        if rng.random() < 0.04 and person.status == "managed":
            target = rng.choice([c for c in codes if c != code])
            person_transfer(
                actor=officers[code],
                person=person,
                to_commune_code=target,
                moved_on=today,
                reason="Chuyển về sống cùng gia đình",
                expected_version=person.version,
            )
            transfers += 1
    return PersonSeedResult(created=created, existing=existing, transfers=transfers)


def _draw_name(rng: random.Random, fake: Faker, *, male: bool) -> str:
    """A person's full name, drawn in the order the demo always drew it (the same seed, the
    same names), with no word twice (``names.full_name``)."""
    given = fake.first_name_male() if male else fake.first_name_female()
    middle = "Văn" if male and rng.random() < 0.5 else fake.middle_name()
    return full_name_of(fake.last_name(), middle, given, male=male)


def _draw_mother(fake: Faker) -> str:
    family = fake.last_name()
    return full_name_of(family, "Thị", fake.first_name_female(), male=False)


def _one_person(
    rng: random.Random,
    fake: Faker,
    officer: User,
    code: str,
    today: datetime.date,
    index: int,
    twins: list[tuple[str, datetime.date, str]],
) -> Person:
    province = DEMO_COMMUNES[code][1]
    gender = "male" if rng.random() < 0.9 else "female"
    full_name = _draw_name(rng, fake, male=gender == "male")
    dob = datetime.date(rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28))
    if twins and twins[-1][2] != code and rng.random() < 0.3:
        # a near-duplicate: the same person typed without accents in another commune
        full_name, dob, _elsewhere = twins.pop()
        full_name = strip_accents(full_name).upper()
    elif rng.random() < 0.05:
        twins.append((full_name, dob, code))
    year_only = rng.random() < 0.05
    id_kind = rng.random()
    national_id = _cccd(rng, province, gender, dob.year) if id_kind < 0.85 else ""
    legacy_id = f"{rng.randint(100_000_000, 199_999_999)}" if id_kind >= 0.85 else ""
    village = f"{DEMO_COMMUNES[code][3]} {rng.randint(1, 15)}"
    province_name = officer.scope.parent.name if officer.scope.parent else ""
    offence = rng.choice(OFFENCES)
    months = rng.randint(*offence[4])
    release_kind = rng.random()
    release_type = (
        "completed" if release_kind < 0.7 else "pardoned" if release_kind < 0.85 else "conditional"
    )
    awaiting = rng.random() < 0.12
    if awaiting:
        release = today + datetime.timedelta(days=rng.randint(5, 90))
    else:
        release = today - datetime.timedelta(days=rng.randint(30, 12 * 365))
    served = months if release_type == "completed" else int(months * rng.uniform(0.55, 0.9))
    judgment = release - datetime.timedelta(days=int(served * 30.4) + rng.randint(30, 200))
    age = judgment.year - dob.year
    if age < 16:
        dob = dob.replace(year=judgment.year - rng.randint(18, 40))
        age = judgment.year - dob.year
        national_id = _cccd(rng, province, gender, dob.year) if national_id else ""
    data = PersonData(
        full_name=full_name,
        gender=gender,
        commune_code=code,
        address_text=f"{village}, {officer.scope.name}, {province_name}",
        date_of_birth=None if year_only else dob,
        birth_year=dob.year if year_only else None,
        national_id=national_id,
        legacy_id_number=legacy_id,
        ethnicity="Kinh"
        if province != "067" or rng.random() < 0.6
        else rng.choice(["Mnông", "Ê-đê", "Tày", "Nùng"]),
        occupation_before=rng.choice(OCCUPATIONS),
        phone=f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.8 else "",
        family_contact=f"{_draw_mother(fake)} (mẹ)",
    )
    person = person_register(
        actor=officer,
        data=data,
        confirm_possible_duplicate=True,
        via="seed_demo",
        started_on=min(release, today),
    )
    facility = rng.choice(FACILITIES[province])
    conditional_end = (
        release + datetime.timedelta(days=int((months - served) * 30.4) + 30)
        if release_type == "conditional"
        else None
    )
    sentence_add(
        actor=officer,
        person=person,
        data=SentenceData(
            judgment_number=f"{rng.randint(1, 250)}/{judgment.year}/HS-ST",
            judgment_date=judgment,
            court=COURTS[province],
            main_penalty="prison",
            prison_months=months,
            offences=[
                OffenceData(
                    article=offence[0], name=offence[1], category=offence[2], culpability=offence[3]
                )
            ],
            age_at_offence=max(age, 16),
            prison_facility=facility,
            release_date=None if awaiting else release,
            release_type="" if awaiting else release_type,
            conditional_probation_end=None if awaiting else conditional_end,
            release_certificate_no="" if awaiting else f"{rng.randint(100, 9999)}/GCN",
        ),
    )
    received = min(release - datetime.timedelta(days=rng.randint(20, 60)), today)
    notice = release_notice_record(
        actor=officer,
        person=person,
        facility=facility,
        received_on=received,
        intended_address=data.address_text,
        expected_release_on=release,
        release_type=release_type,
    )
    if not awaiting:
        check = notice.residence_check_due - datetime.timedelta(days=rng.randint(0, 2))
        reported = min(release + datetime.timedelta(days=rng.randint(1, 5)), today)
        intake_record(
            actor=officer,
            notice=notice,
            expected_version=notice.version,
            data=IntakeData(
                residence_checked_on=max(check, received),
                residence_check_result="Có nơi cư trú ổn định cùng gia đình",
                reported_on=reported,
                commitment_signed_on=reported,
                interview_on=min(reported + datetime.timedelta(days=rng.randint(0, 10)), today),
                interview_notes="Gia đình quan tâm; cần hỗ trợ tìm việc làm.",
            ),
        )
        _support(rng, officer, person, reported, today, release)
        _needs_and_plan(random.Random(f"needs-{person.pk}"), officer, person, reported, today)  # noqa: S311
        _classify(random.Random(f"grade-{person.pk}"), officer, person, reported, today)  # noqa: S311
        _reoffend(random.Random(f"again-{person.pk}"), officer, person, release, today)  # noqa: S311
        _expunge(random.Random(f"expunge-{person.pk}"), officer, person, today)  # noqa: S311
    return person


def _expunge(rng: random.Random, officer: User, person: Person, today: datetime.date) -> None:
    """Some of those long due have their certificate: the file closes and is sealed."""
    from reentry.outcomes.services import expungement_record_add

    province = officer.scope.parent or officer.scope
    place = province.name.replace("Tỉnh", "tỉnh").replace("Thành phố", "thành phố")

    person.refresh_from_db()
    due = person.expungement_due_on
    if person.expungement_status != "due" or due is None or (today - due).days < 60:
        return
    if rng.random() > 0.3:
        return
    issued = due + datetime.timedelta(days=rng.randint(20, min(400, (today - due).days)))
    expungement_record_add(
        actor=officer,
        person=person,
        kind="certificate",
        number=f"{rng.randint(100, 9999)}/{issued.year}/LLTP",
        issued_by=f"Sở Tư pháp {place}",
        issued_on=issued,
    )


def _reoffend(
    rng: random.Random,
    officer: User,
    person: Person,
    release: datetime.date,
    today: datetime.date,
) -> None:
    """A small share reoffend: some held in custody (classified D), some cases dropped."""
    from reentry.outcomes.services import reoffence_conclude, reoffence_record

    span = (today - release).days
    if rng.random() > 0.06 or span < 30:
        return
    committed = release + datetime.timedelta(days=rng.randint(20, span - 5))
    arrested = min(committed + datetime.timedelta(days=rng.randint(0, 5)), today)
    reoffence = reoffence_record(
        actor=officer,
        person=person,
        committed_on=committed,
        arrested_on=arrested,
        charge=rng.choice(["Trộm cắp tài sản", "Đánh bạc", "Cố ý gây thương tích"]),
        in_custody=rng.random() < 0.5,
    )
    if rng.random() < 0.4 and (today - arrested).days > 30:
        reoffence_conclude(
            actor=officer,
            reoffence=reoffence,
            expected_version=reoffence.version,
            status="dropped",
            concluded_on=arrested + datetime.timedelta(days=30),
        )


def _classify(
    rng: random.Random,
    officer: User,
    person: Person,
    reported: datetime.date,
    today: datetime.date,
) -> None:
    """A classification every few months since intake, mostly A and B (as the seeds
    report), a few C and D; some people are overdue for their next review."""
    from reentry.outcomes.services import classification_record

    # the last two years of a longer history are enough for the demo
    day = max(reported, today - datetime.timedelta(days=730)) + datetime.timedelta(
        days=rng.randint(7, 40)
    )
    while day <= today:
        grade = rng.choices("ABCD", weights=[55, 35, 8, 2])[0]
        classification_record(
            actor=officer,
            person=person,
            assessed_on=day,
            grade=grade,
            difficulties=rng.sample(
                ["no_job", "unstable_job", "no_capital", "stigma", "family_hardship", "illness"],
                k=rng.randint(1, 2),
            )
            if grade == "B"
            else [],
            notes={
                "C": "Không trình diện theo lịch, giao du với đối tượng xấu",
                "D": "Bị tạm giữ vì hành vi gây rối",
            }.get(grade, ""),
        )
        day += datetime.timedelta(days=rng.choice([90, 92, 120, 150]))


GOALS = {
    "employment": ("Có việc làm ổn định", "Hội Phụ nữ xã"),
    "vocational_training": ("Tham gia lớp học nghề may công nghiệp", "Trung tâm GDNN huyện"),
    "capital": ("Lập hồ sơ vay vốn Ngân hàng Chính sách xã hội", "UBND xã"),
    "papers": ("Làm thẻ căn cước và đăng ký thường trú", "Công an xã"),
    "health_insurance": ("Cấp thẻ bảo hiểm y tế", "UBND xã"),
    "psychological": ("Gặp gỡ, tư vấn tâm lý hằng tháng", "Tổ 3/1"),
    "legal_aid": ("Trợ giúp pháp lý về thủ tục đất đai", "Trung tâm Trợ giúp pháp lý tỉnh"),
    "family": ("Hòa giải, gắn kết với gia đình", "Hội Cựu chiến binh"),
    "housing": ("Sửa chữa nhà ở", "Mặt trận Tổ quốc xã"),
    "social_assistance": ("Trợ cấp khó khăn đột xuất", "UBND xã"),
}


def _needs_and_plan(
    rng: random.Random,
    officer: User,
    person: Person,
    reported: datetime.date,
    today: datetime.date,
) -> None:
    """Most people are assessed at intake; about half have a support plan whose goals
    follow their open needs, a few with a review due in the coming days."""
    if rng.random() < 0.2:
        return
    needs = rng.sample(list(GOALS), k=rng.randint(2, 5))
    states = [rng.choice(["open", "open", "being_met", "met"]) for _ in needs]
    needs_assessment_record(
        actor=officer,
        person=person,
        assessed_on=min(reported + datetime.timedelta(days=rng.randint(0, 7)), today),
        occasion="intake",
        needs=[NeedData(need=n, state=st) for n, st in zip(needs, states, strict=True)],
    )
    open_needs = [n for n, st in zip(needs, states, strict=True) if st != "met"]
    if not open_needs or rng.random() < 0.4:
        return
    support_plan_record(
        actor=officer,
        person=person,
        review_on=today + datetime.timedelta(days=rng.choice([3, 10, 45, 90, 180])),
        goals=[
            GoalData(
                need=need,
                goal=GOALS[need][0],
                responsible=GOALS[need][1],
                target_on=today + datetime.timedelta(days=rng.choice([30, 60, 120])),
            )
            for need in open_needs[:3]
        ],
    )


PROVIDERS = [
    "Công an xã",
    "Hội Phụ nữ xã",
    "Đoàn Thanh niên xã",
    "Hội Cựu chiến binh xã",
    "Mặt trận Tổ quốc xã",
    "Tổ 3/1 thôn",
    "Trung tâm dịch vụ việc làm tỉnh",
]
KINDS = ["encouragement_visit"] * 5 + [
    "counselling",
    "career_guidance",
    "job_referral",
    "training_referral",
    "health_insurance",
    "identity_card",
    "legal_aid",
    "social_assistance",
    "periodic_meeting",
]


def _support(
    rng: random.Random,
    officer: User,
    person: Person,
    reported: datetime.date,
    today: datetime.date,
    release: datetime.date,
) -> None:
    """Most people get visits; fewer get jobs; fewer still get loans (within the window)."""
    span = max((today - reported).days, 1)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(KINDS)
        day = reported + datetime.timedelta(days=rng.randint(0, span))
        support_activity_record(
            actor=officer,
            person=person,
            data=ActivityData(
                kind=kind,
                occurred_on=min(day, today),
                provider_name=rng.choice(PROVIDERS),
                outcome="Đã thực hiện",
                amount_vnd=rng.choice([300_000, 500_000, 1_000_000])
                if kind == "social_assistance"
                else None,
            ),
        )
    if rng.random() < 0.35:
        employment_record(
            actor=officer,
            person=person,
            data=EmploymentData(
                employer=rng.choice(
                    [
                        "Xưởng may",
                        "Công ty xây dựng",
                        "Hợp tác xã nông nghiệp",
                        "Tự chăn nuôi",
                        "Cơ sở mộc",
                    ]
                ),
                kind=rng.choice(["employee", "self_employed", "seasonal"]),
                started_on=min(reported + datetime.timedelta(days=rng.randint(0, span)), today),
                monthly_income_vnd=rng.choice([4_500_000, 6_000_000, 7_500_000]),
            ),
        )
    if rng.random() < 0.15 and (today - release).days < 5 * 365 - 60:
        applied = min(reported + datetime.timedelta(days=rng.randint(0, min(span, 300))), today)
        approved = min(applied + datetime.timedelta(days=15), today)
        loan_record(
            actor=officer,
            person=person,
            data=LoanData(
                lender="vbsp",
                amount_vnd=rng.choice([30_000_000, 50_000_000, 80_000_000, 100_000_000]),
                term_months=rng.choice([36, 60, 120]),
                purpose=rng.choice(["Chăn nuôi", "Mở cửa hàng", "Mua máy móc sản xuất"]),
                applied_on=applied,
                approved_on=approved,
                disbursed_on=approved,
                status="current",
            ),
        )
