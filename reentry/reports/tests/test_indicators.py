"""The indicators of a small world built through the services, checked against values
computed by hand; every column adds up to its parent."""

import datetime

import pytest

from reentry.accounts.roles import Role
from reentry.geography.models import AdminUnit
from reentry.initiatives.services import initiative_create
from reentry.outcomes.services import (
    classification_record,
    expungement_record_add,
    reoffence_record,
)
from reentry.outreach.services import outreach_event_record
from reentry.persons.services import (
    IntakeData,
    intake_record,
    person_register,
    person_transfer,
    release_notice_record,
    sentence_add,
)
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.reports.engine import compute
from reentry.reports.periods import period_of
from reentry.reports.registry import INDICATORS
from reentry.support.services import (
    ActivityData,
    EmploymentData,
    LoanData,
    employment_record,
    loan_record,
    support_activity_record,
)

pytestmark = pytest.mark.django_db
D = datetime.date
H1 = period_of("half", 2026, 1)  # 01/01/2026 to 30/06/2026
A, B, C = "15865", "15880", "11341"  # two communes of Thanh Hóa (38), one of Hải Phòng (31)


def _register(officer, name, commune, started_on, **sentence):
    person = person_register(
        actor=officer,
        data=person_data(full_name=name, national_id="", commune_code=commune),
        confirm_possible_duplicate=True,
        started_on=started_on,
    )
    sentence_add(actor=officer, person=person, data=sentence_data(**sentence))
    person.refresh_from_db()
    return person


def _act(officer, person, kind, day):
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(kind=kind, occurred_on=day, provider_name="Công an xã"),
    )


@pytest.fixture
def world(make_user):
    a, b, c = (make_user(Role.COMMUNE_OFFICER, code) for code in (A, B, C))
    province = make_user(Role.PROVINCE_OFFICER, "38")
    # P1 (A): reported before the period; two counselling sessions and a job referral, a job
    # from April, a loan disbursed in April; classified B then A.
    p1 = _register(a, "Lê Văn Một", A, D(2025, 12, 3), release_date=D(2025, 12, 1))
    notice = release_notice_record(
        actor=a,
        person=p1,
        facility="Trại giam Thanh Phong",
        received_on=D(2025, 11, 10),
        intended_address="Thôn 1",
        expected_release_on=D(2025, 12, 1),
    )
    intake_record(
        actor=a,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(reported_on=D(2025, 12, 3)),
    )
    for kind, day in (
        ("counselling", D(2026, 2, 1)),
        ("counselling", D(2026, 3, 1)),
        ("job_referral", D(2026, 3, 5)),
        ("counselling", D(2026, 7, 1)),  # after the period
    ):
        _act(a, p1, kind, day)
    employment_record(
        actor=a,
        person=p1,
        data=EmploymentData(employer="Xưởng mộc", kind="employee", started_on=D(2026, 4, 1)),
    )
    loan_record(
        actor=a,
        person=p1,
        data=LoanData(
            lender="vbsp",
            amount_vnd=50_000_000,
            term_months=36,
            purpose="Chăn nuôi",
            applied_on=D(2026, 3, 1),
            approved_on=D(2026, 3, 20),
            disbursed_on=D(2026, 4, 10),
            status="current",
        ),
    )
    classification_record(
        actor=a, person=p1, assessed_on=D(2026, 1, 15), grade="B", difficulties=["no_job"]
    )
    classification_record(actor=a, person=p1, assessed_on=D(2026, 5, 20), grade="A")
    # P2 (A): released on conditions on 28/02, reported 01/03, on probation to the end of
    # the year; reoffends in May and is held (class D).
    p2 = _register(
        a,
        "Lê Văn Hai",
        A,
        D(2026, 3, 1),
        release_date=D(2026, 2, 28),
        release_type="conditional",
        conditional_probation_end=D(2026, 12, 31),
    )
    notice = release_notice_record(
        actor=a,
        person=p2,
        facility="Trại giam Thanh Phong",
        received_on=D(2026, 2, 20),
        intended_address="Thôn 2",
        expected_release_on=D(2026, 2, 28),
        release_type="conditional",
    )
    intake_record(
        actor=a,
        notice=notice,
        expected_version=notice.version,
        data=IntakeData(reported_on=D(2026, 3, 1)),
    )
    reoffence_record(
        actor=a,
        person=p2,
        committed_on=D(2026, 5, 1),
        arrested_on=D(2026, 5, 2),
        charge="Trộm cắp tài sản",
        in_custody=True,
    )
    # P3: lived in A, moved to B on 01/04; a visit in each commune.
    p3 = _register(a, "Lê Văn Ba", A, D(2025, 6, 1), release_date=D(2025, 5, 20))
    _act(a, p3, "encouragement_visit", D(2026, 2, 10))
    person_transfer(
        actor=a,
        person=p3,
        to_commune_code=B,
        moved_on=D(2026, 4, 1),
        reason="Về ở với gia đình",
        expected_version=p3.version,
    )
    p3.refresh_from_db()
    _act(b, p3, "encouragement_visit", D(2026, 5, 10))
    # P4 (B): expunged on 15/03: the file is closed and sealed, and still counts.
    p4 = _register(b, "Lê Văn Bốn", B, D(2024, 1, 1), release_date=D(2023, 12, 20))
    expungement_record_add(
        actor=b,
        person=p4,
        kind="certificate",
        number="9/2026/LLTP",
        issued_by="Sở Tư pháp tỉnh Thanh Hóa",
        issued_on=D(2026, 3, 15),
    )
    # P5 (C, another province)
    p5 = _register(c, "Lê Văn Năm", C, D(2025, 1, 1), release_date=D(2024, 12, 20))
    _act(c, p5, "counselling", D(2026, 2, 2))
    # outreach: one for A alone, one for A and B (the province's own)
    outreach_event_record(
        actor=a,
        held_on=D(2026, 3, 8),
        kind="conference",
        title="Hội nghị",
        commune_codes=[A],
        participants=50,
        materials=100,
    )
    outreach_event_record(
        actor=make_user(Role.LABOUR_OFFICER, "38"),
        held_on=D(2026, 4, 8),
        kind="leaflets",
        title="Phát tờ rơi",
        commune_codes=[A, B],
        participants=200,
        materials=1000,
    )
    initiative_create(
        actor=province,
        name="Tổ 3/1 xã Hoằng Hóa",
        template="to_3_1",
        level="commune",
        commune_codes=[A],
        launched_on=D(2025, 1, 1),
    )
    return {"a": a, "province": province}


EXPECTED_A = {
    "notices_received": 1,  # P2's (P1's came in 2025)
    "persons_reported": 1,  # P2
    "persons_managed": 2,  # P1, P2 (P3 is counted in B, where he lived last)
    "persons_managed_end": 2,
    "on_probation_end": 1,  # P2
    "not_expunged_end": 2,
    "employed_end": 1,  # P1
    "unemployed_end": 1,
    "class_a_end": 1,  # P1's latest
    "class_d_end": 1,  # P2, held
    "reoffenders": 1,
    "recidivism_rate_pct": 50,
    "activities_counselling": 2,
    "persons_counselling": 1,
    "activities_job_referral": 1,
    "persons_job_referral": 1,
    "activities_encouragement_visit": 1,  # P3's visit while in A
    "job_placements": 1,
    "loans_count": 1,
    "loans_amount_vnd": 50_000_000,
    "outreach_events": 1,
    "outreach_participants": 50,
    "outreach_materials": 100,
    "initiatives_active_end": 1,
    "communes_with_initiative_end": 1,
    "communes_total": 1,
    "initiative_coverage_pct": 100,
}
EXPECTED_B = {
    "persons_managed": 2,  # P3 (moved in), P4 (until expunged)
    "persons_managed_end": 1,  # P3
    "not_expunged_end": 1,
    "unemployed_end": 1,
    "expungements": 1,
    "recidivism_rate_pct": 0,
    "activities_encouragement_visit": 1,
    "persons_encouragement_visit": 1,  # P3, counted where he lived at the end
    "communes_total": 1,
    "initiative_coverage_pct": 0,
}


def _nonzero(values):
    return {code: value for code, value in values.items() if value}


def _expected(nonzero):
    """Zero for everything not named, None for a rate without a denominator."""
    return {code: nonzero.get(code, 0) for code in INDICATORS}


def test_every_indicator_of_a_commune_matches_the_hand_count(world):
    for code, expected in ((A, EXPECTED_A), (B, EXPECTED_B)):
        unit = AdminUnit.objects.current().get(code=code)
        values = compute(unit, H1).total.values
        assert values == _expected(expected), code


def test_the_province_adds_up_its_communes_and_its_own_column(world):
    province = AdminUnit.objects.current().get(code="38")
    report = compute(province, H1, children=True)
    own = report.children[-1]
    assert own.exact
    assert _nonzero(own.values) == {
        "outreach_events": 1,
        "outreach_participants": 200,
        "outreach_materials": 1000,
    }
    for code, indicator in INDICATORS.items():
        if indicator.additive:
            assert report.total.values[code] == sum(c.values[code] for c in report.children), code
    total = report.total.values
    assert total["persons_managed"] == 4
    assert total["activities_counselling"] == 2  # P5 lives in another province
    assert total["outreach_events"] == 2
    assert (
        total["communes_total"] == AdminUnit.objects.filter(kind="commune", parent=province).count()
    )
    assert total["recidivism_rate_pct"] == 25  # 1 of 4


def test_the_nation_counts_every_province(world):
    nation = AdminUnit.objects.current().get(code="VN")
    report = compute(nation, H1, children=True)
    assert report.total.values["activities_counselling"] == 3
    assert report.total.values["communes_total"] == 3321
    by_code = {c.code: c.values for c in report.children}
    assert by_code["38"]["activities_counselling"] == 2
    assert by_code["31"]["activities_counselling"] == 1
    assert not any(c.exact for c in report.children)


def test_a_period_before_anything_happened_is_all_zero(world):
    values = compute(AdminUnit.objects.current().get(code=A), period_of("year", 2020)).total.values
    assert values["persons_managed"] == 0
    assert values["recidivism_rate_pct"] is None  # no one managed: no rate
    assert values["communes_total"] == 1


def test_a_person_moved_on_the_day_the_file_began_counts_once(make_user):
    officer = make_user(Role.COMMUNE_OFFICER, A)
    person = _register(officer, "Lê Văn Sáu", A, D(2026, 2, 1), release_date=D(2026, 1, 20))
    person_transfer(
        actor=officer,
        person=person,
        to_commune_code=B,
        moved_on=D(2026, 2, 1),
        reason="Nhập sai xã",
        expected_version=person.version,
    )
    province = AdminUnit.objects.current().get(code="38")
    report = compute(province, H1, children=True)
    assert report.total.values["persons_managed"] == 1
    by_code = {c.code: c.values for c in report.children}
    assert (by_code[A]["persons_managed"], by_code[B]["persons_managed"]) == (0, 1)


def test_a_dropped_case_is_no_new_offence_and_the_rate_stays_a_share(make_user):
    from reentry.outcomes.services import reoffence_conclude

    officer = make_user(Role.COMMUNE_OFFICER, A)
    person = _register(officer, "Lê Văn Bảy", A, D(2025, 1, 1), release_date=D(2024, 12, 20))
    case = reoffence_record(
        actor=officer, person=person, committed_on=D(2026, 2, 1), charge="Đánh bạc"
    )
    commune = AdminUnit.objects.current().get(code=A)
    assert compute(commune, H1).total.values["reoffenders"] == 1
    reoffence_conclude(
        actor=officer,
        reoffence=case,
        expected_version=case.version,
        status="dropped",
        concluded_on=D(2026, 3, 1),
    )
    assert compute(commune, H1).total.values["reoffenders"] == 0
    # someone who never reported is not among the people managed: not in the rate either
    stranger = _register(officer, "Lê Văn Tám", A, D(2026, 1, 5), release_date=D(2026, 1, 1))
    release_notice_record(
        actor=officer,
        person=stranger,
        facility="Trại giam Thanh Phong",
        received_on=D(2025, 12, 1),
        intended_address="Thôn 8",
        expected_release_on=D(2026, 1, 1),
    )
    reoffence_record(actor=officer, person=stranger, committed_on=D(2026, 2, 2), charge="Trộm")
    values = compute(commune, H1).total.values
    assert (values["reoffenders"], values["persons_managed"]) == (0, 1)
    assert values["recidivism_rate_pct"] == 0


def test_a_labour_officer_sees_no_small_offence_figures(world, make_user):
    from reentry.reports.suppression import Suppression

    values = compute(AdminUnit.objects.current().get(code=A), H1).total.values
    labour = Suppression.for_actor(make_user(Role.LABOUR_OFFICER, A))
    police = Suppression.for_actor(world["a"])
    assert labour.shown("reoffenders", values) == "<5"
    assert labour.shown("recidivism_rate_pct", values) == "<5"
    assert labour.shown("class_d_end", values) == "<5"
    assert labour.shown("persons_managed", values) == 2  # they see the people themselves
    assert police.shown("reoffenders", values) == 1
    analyst = Suppression.for_actor(make_user(Role.NATIONAL_ANALYST, "VN"))
    assert analyst.shown("loans_amount_vnd", values) == "<5"  # one loan: that person's sum
    assert analyst.shown("initiative_coverage_pct", values) == 100


def test_no_indicator_text_shows_a_code_to_its_readers():
    """The names and definitions are read by officers: another indicator is named by its
    name, never by its code ("Như activities_training_referral: …")."""
    import re

    from django.utils import translation

    codes = re.compile(r"\b(?:" + "|".join(map(re.escape, INDICATORS)) + r")\b")
    for code, indicator in INDICATORS.items():
        for language in ("vi", "en"):
            with translation.override(language):
                for text in (str(indicator.name), str(indicator.definition)):
                    assert not codes.search(text), (code, language, text)
