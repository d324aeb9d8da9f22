import datetime

import pytest
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.audit.models import AuditAction, AuditEvent
from reentry.core.errors import DomainError, ValidationFailed
from reentry.persons.services import person_register, person_transfer, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.support.models import SupportActivity
from reentry.support.selectors import activities_for, person_support
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


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data(release_date=D(2022, 6, 19)))
    return person


def visit(**overrides):
    values = {
        "kind": "encouragement_visit",
        "occurred_on": D(2026, 3, 1),
        "provider_name": "Hội Phụ nữ xã",
        "outcome": "Gia đình ổn định",
    }
    values.update(overrides)
    return ActivityData(**values)


def test_an_activity_is_recorded_and_audited(officer, person):
    activity = support_activity_record(actor=officer, person=person, data=visit())
    assert activity.recorded_by == officer
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="support.supportactivity"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"next_follow_up_on": D(2026, 2, 1)}, "next_follow_up_on"),
        ({"amount_vnd": 500_000}, "amount_vnd"),  # a visit moves no money
        ({"kind": "social_assistance", "amount_vnd": 0}, "amount_vnd"),
        ({"occurred_on": D(2099, 1, 1)}, "occurred_on"),
        ({"provider_name": " "}, "provider_name"),
        ({"kind": "teleportation"}, "kind"),
    ],
)
def test_bad_activities_are_refused_per_field(officer, person, overrides, field):
    with pytest.raises(ValidationFailed) as excinfo:
        support_activity_record(actor=officer, person=person, data=visit(**overrides))
    assert field in excinfo.value.errors
    assert not SupportActivity.objects.exists()


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.COMMUNE_OFFICER, "15880"),
        (Role.PROVINCE_OFFICER, "38"),
        (Role.INITIATIVE_MEMBER, "15865"),
    ],
)
def test_only_roles_with_the_right_in_scope_record_support(make_user, person, role, code):
    with pytest.raises(DomainError):
        support_activity_record(actor=make_user(role, code), person=person, data=visit())


def test_labour_officer_records_support_in_their_unit(make_user, person):
    labour = make_user(Role.LABOUR_OFFICER, "15865")
    support_activity_record(actor=labour, person=person, data=visit(kind="job_referral"))
    assert activities_for(labour).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_vnd": 100_000_001}, "amount_vnd"),
        ({"term_months": 121}, "term_months"),
        ({"applied_on": D(2027, 6, 20)}, "applied_on"),
    ],
)
def test_vbsp_loans_follow_decision_22_2023(officer, person, overrides, field, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: D(2028, 1, 1))
    values = {
        "lender": "vbsp",
        "amount_vnd": 50_000_000,
        "term_months": 60,
        "purpose": "Chăn nuôi bò",
        "applied_on": D(2026, 1, 5),
        **overrides,
    }
    with pytest.raises(ValidationFailed) as excinfo:
        loan_record(actor=officer, person=person, data=LoanData(**values))
    assert field in excinfo.value.errors


def test_a_loan_within_the_rules_is_kept(officer, person):
    loan = loan_record(
        actor=officer,
        person=person,
        data=LoanData(
            lender="vbsp",
            amount_vnd=100_000_000,
            term_months=120,
            purpose="Chăn nuôi",
            applied_on=D(2026, 1, 5),
            approved_on=D(2026, 1, 20),
            disbursed_on=D(2026, 2, 1),
            status="current",
        ),
    )
    assert loan.amount_vnd == 100_000_000


def test_a_loan_needs_a_completed_sentence(officer):
    fresh = person_register(actor=officer, data=person_data(national_id="", full_name="Lê A"))
    with pytest.raises(ValidationFailed) as excinfo:
        loan_record(
            actor=officer,
            person=fresh,
            data=LoanData(
                lender="vbsp",
                amount_vnd=10_000_000,
                term_months=12,
                purpose="x",
                applied_on=D(2026, 1, 5),
            ),
        )
    assert "person" in excinfo.value.errors


def test_employment_is_derived_and_income_cannot_be_negative(officer, person):
    with pytest.raises(ValidationFailed) as excinfo:
        employment_record(
            actor=officer,
            person=person,
            data=EmploymentData(
                employer="Xưởng may",
                kind="employee",
                started_on=D(2025, 1, 1),
                monthly_income_vnd=-1,
            ),
        )
    assert "monthly_income_vnd" in excinfo.value.errors
    employment_record(
        actor=officer,
        person=person,
        data=EmploymentData(
            employer="Xưởng may Hoằng Hóa",
            kind="employee",
            started_on=D(2025, 1, 1),
            monthly_income_vnd=6_500_000,
        ),
    )
    assert person_support(actor=officer, person=person).employed_now
    employment_record(
        actor=officer,
        person=person,
        data=EmploymentData(
            employer="Thời vụ", kind="seasonal", started_on=D(2024, 1, 1), ended_on=D(2024, 3, 1)
        ),
    )
    assert len(person_support(actor=officer, person=person).employments) == 2


def test_support_follows_the_file_when_it_moves(officer, person, make_user):
    support_activity_record(actor=officer, person=person, data=visit())
    person_transfer(
        actor=officer,
        person=person,
        to_commune_code="15880",
        moved_on=timezone.localdate(),
        reason="Chuyển nhà",
        expected_version=person.version,
    )
    assert activities_for(officer).count() == 0
    assert activities_for(make_user(Role.COMMUNE_OFFICER, "15880")).count() == 1
    for role, code in [(Role.NATIONAL_ANALYST, "VN"), (Role.INITIATIVE_MEMBER, "15880")]:
        assert activities_for(make_user(role, code)).count() == 0
