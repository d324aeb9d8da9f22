"""What the review of support found: overflow ids, the release date told to labour officers,
loans of other lenders unchecked, overdue loans that never left the worklist, closed files."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import api_token_key
from reentry.core.errors import DomainError, ValidationFailed
from reentry.persons.services import person_register, person_status_change, sentence_add
from reentry.persons.tests.factories import person_data, sentence_data
from reentry.support.services import (
    ActivityData,
    LoanData,
    loan_record,
    loan_status_change,
    support_activity_record,
)
from reentry.worklist.selectors import worklist_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    person = person_register(actor=officer, data=person_data())
    sentence_add(actor=officer, person=person, data=sentence_data(release_date=D(2020, 6, 19)))
    return person


@pytest.mark.parametrize("url", ["loans", "support-activities", "employments", "assessments"])
def test_an_overflowing_person_id_is_400(officer, url):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(officer)}")
    assert client.get(f"/api/v1/{url}/?person={'9' * 25}").status_code == 400


def test_a_labour_officer_is_not_told_the_release_date(person, make_user):
    labour = make_user(Role.LABOUR_OFFICER, "15865")
    with pytest.raises(ValidationFailed) as excinfo:
        loan_record(
            actor=labour,
            person=person,
            data=LoanData(
                lender="vbsp",
                amount_vnd=10_000_000,
                term_months=12,
                purpose="x",
                applied_on=D(2026, 1, 5),
            ),
        )
    assert "2020" not in str(excinfo.value.errors)


def test_ceiling_term_and_disbursement_hold_for_every_lender(officer, person):
    with pytest.raises(ValidationFailed) as excinfo:
        loan_record(
            actor=officer,
            person=person,
            data=LoanData(
                lender="womens_union",
                amount_vnd=900_000_000_000,
                term_months=600,
                purpose="x",
                applied_on=D(2026, 1, 5),
                status="overdue",
            ),
        )
    assert {"amount_vnd", "term_months", "disbursed_on"} <= set(excinfo.value.errors)


def test_an_overdue_loan_leaves_the_worklist_when_repaid(officer, person):
    loan = loan_record(
        actor=officer,
        person=person,
        data=LoanData(
            lender="womens_union",
            amount_vnd=20_000_000,
            term_months=24,
            purpose="Nuôi gà",
            applied_on=D(2025, 1, 5),
            approved_on=D(2025, 1, 10),
            disbursed_on=D(2025, 1, 15),
            status="overdue",
        ),
    )

    def loan_items() -> list[str]:  # the person is also due for expungement review
        return [i.kind for i in worklist_for(actor=officer) if i.kind.startswith("loan")]

    assert loan_items() == ["loan_overdue"]
    loan_status_change(actor=officer, loan=loan, expected_version=loan.version, status="repaid")
    assert loan_items() == []


def test_a_closed_file_has_no_work_and_takes_no_support(officer, person):
    today = timezone.localdate()
    support_activity_record(
        actor=officer,
        person=person,
        data=ActivityData(
            kind="encouragement_visit",
            occurred_on=today - datetime.timedelta(days=10),
            provider_name="Công an xã",
            next_follow_up_on=today + datetime.timedelta(days=2),
        ),
    )
    assert worklist_for(actor=officer)
    person.refresh_from_db()
    person_status_change(
        actor=officer,
        person=person,
        expected_version=person.version,
        status="closed",
        closure_reason="died",
        on=today,
    )
    assert worklist_for(actor=officer) == []
    with pytest.raises(DomainError):
        support_activity_record(
            actor=officer,
            person=person,
            data=ActivityData(
                kind="encouragement_visit", occurred_on=today, provider_name="Công an xã"
            ),
        )


def test_opening_a_support_form_is_audited(officer, person, client_for):
    from reentry.audit.models import AuditEvent

    client_for(officer).get(f"/persons/{person.pk}/support/new/")
    assert AuditEvent.objects.filter(summary="support form").exists()
