"""The bulk generator's files at scale: what became of each after release is valid by the
services' rules, and each file's expungement clock is what ``expungement_refresh_all``
would compute (so the generator no longer has to call it)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from reentry.demo.bulk import seed_persons_bulk
from reentry.geography.models import AdminUnit, AdminUnitKind
from reentry.initiatives.models import Assignment, Initiative, InitiativeMember
from reentry.law.loans import check_loan
from reentry.outcomes.expungement import expungement_refresh_all
from reentry.outcomes.models import Classification, ExpungementRecord, Reoffence
from reentry.persons.models import Person, Sentence
from reentry.support.models import Loan

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user("commune_officer", "15865")


def _first_release(person: Person) -> datetime.date:
    return min(s.release_date for s in person.sentences.all() if s.release_date)


def test_the_stored_clock_is_what_the_refresh_computes(officer):
    seed_persons_bulk(seed=11, count=600)
    stored = {
        pk: (status, due)
        for pk, status, due in Person.objects.values_list(
            "pk", "expungement_status", "expungement_due_on"
        )
    }
    # every route of the law shows up in the sample
    statuses = {status for status, _due in stored.values()}
    assert {"waiting", "due", "blocked", "expunged", "no_record"} <= statuses
    expungement_refresh_all(Person.objects.all())
    refreshed = {
        pk: (status, due)
        for pk, status, due in Person.objects.values_list(
            "pk", "expungement_status", "expungement_due_on"
        )
    }
    assert refreshed == stored


def test_reoffences_come_after_release_and_set_the_file_as_they_would(officer):
    seed_persons_bulk(seed=12, count=1500)
    today = timezone.localdate()
    reoffences = list(Reoffence.objects.select_related("person", "sentence"))
    released = Person.objects.exclude(status="awaiting").count()
    assert 0.01 * released < len(reoffences) < 0.08 * released  # a few percent
    assert {r.status for r in reoffences} == {"pending", "convicted", "dropped"}
    for reoffence in reoffences:
        person = reoffence.person
        assert reoffence.charge  # readable: encrypted and decrypted as the ORM does
        assert reoffence.recorded_by_id == officer.pk
        assert _first_release(person) <= reoffence.committed_on <= today
        assert reoffence.committed_on <= reoffence.arrested_on <= today
        if reoffence.status == "pending":
            assert reoffence.concluded_on is None
            assert reoffence.sentence is None
        else:
            assert reoffence.committed_on <= reoffence.concluded_on <= today
        if reoffence.status == "convicted":
            # the new sentence on the file, pronounced after the act, still being served
            new = reoffence.sentence
            assert new.person_id == person.pk
            assert reoffence.committed_on <= new.judgment_date == reoffence.concluded_on
            assert new.release_date is None
            assert new.offences.count() == 1
            assert person.status == "in_custody"
        if person.status == "in_custody":
            # classified D on the day of arrest, nothing recorded after it
            last = Classification.objects.filter(person=person).order_by("assessed_on").last()
            assert (last.grade, last.assessed_on) == ("D", reoffence.arrested_on)
            assert "Bị bắt, tạm giữ" in last.notes
            assert not person.activities.filter(occurred_on__gt=reoffence.arrested_on).exists()
    assert Sentence.objects.filter(reoffence__isnull=False).count() == sum(
        r.status == "convicted" for r in reoffences
    )


def test_a_certificate_closes_and_seals_the_file_on_its_day(officer):
    seed_persons_bulk(seed=13, count=600)
    today = timezone.localdate()
    records = list(ExpungementRecord.objects.select_related("person"))
    assert any(r.kind == "certificate" for r in records)
    assert {r.kind for r in records} <= {"certificate", "court_granted"}
    for record in records:
        person = record.person
        assert ExpungementRecord.objects.filter(person=person).count() == 1
        assert _first_release(person) <= record.issued_on <= today
        assert record.number
        assert record.issued_by.startswith(
            "Sở Tư pháp" if record.kind == "certificate" else "Tòa án nhân dân"
        )
        assert (person.status, person.closure_reason, person.closed_on) == (
            "closed",
            "expunged",
            record.issued_on,
        )
        assert person.sealed_at is not None
        assert (person.expungement_status, person.expungement_due_on) == (
            "expunged",
            record.issued_on,
        )
        assert not person.residences.filter(ended_on__isnull=True).exists()
        assert not person.assignments.filter(ended_on__isnull=True).exists()
        assert not person.activities.filter(occurred_on__gt=record.issued_on).exists()
        assert not person.classifications.filter(assessed_on__gt=record.issued_on).exists()
    closed = Person.objects.filter(status="closed")
    assert closed.count() == len(records)  # no file closed without its record


def test_classifications_each_year_of_management_with_their_reasons(officer):
    seed_persons_bulk(seed=14, count=300)
    today = timezone.localdate()
    released = Person.objects.exclude(status="awaiting").prefetch_related(
        "classifications", "notices"
    )
    grades = []
    for person in released:
        notice = person.notices.all()[0]
        rows = sorted(person.classifications.all(), key=lambda c: c.assessed_on)
        end = person.closed_on or today
        for row in rows:
            assert notice.reported_on < row.assessed_on <= end or row.grade == "D"
            assert row.assessed_by_id == officer.pk
            if row.grade == "B":
                assert row.difficulties
            else:
                assert row.difficulties == []
            if row.grade in ("C", "D"):
                assert row.notes
        gaps = [(b.assessed_on - a.assessed_on).days for a, b in itertools.pairwise(rows)]
        assert all(gap <= 385 for gap in gaps)  # one a year, at least
        grades += [row.grade for row in rows]
        # the day the worklist reads, as the service keeps it
        assert person.classified_on == (rows[-1].assessed_on if rows else None)
    assert not Classification.objects.filter(person__status="awaiting").exists()
    assert grades.count("A") + grades.count("B") > 0.8 * len(grades)
    assert grades.count("C") > 0


def test_every_commune_has_an_active_initiative_helping_some_of_its_people(officer):
    seed_persons_bulk(seed=15, count=400)
    communes = AdminUnit.objects.filter(kind=AdminUnitKind.COMMUNE)
    with_one = communes.filter(initiatives__status="active").distinct()
    assert with_one.count() == communes.count()
    made = Initiative.objects.filter(template="to_3_1", level="commune")
    sample = made.order_by("id")[:20]
    for initiative in sample:
        commune = initiative.communes.get()
        assert initiative.name == "Tổ 3/1 " + commune.name[0].lower() + commune.name[1:]
        assert commune.path.startswith(initiative.province_path)
        assert initiative.launched_on <= timezone.localdate()
        members = InitiativeMember.objects.filter(initiative=initiative)
        assert {m.organisation for m in members} >= {"police", "womens_union"}
        assert all(m.joined_on == initiative.launched_on for m in members)
    assignments = list(Assignment.objects.select_related("initiative", "person"))
    released = Person.objects.exclude(status="awaiting").count()
    assert 0.2 * released < len(assignments) < 0.5 * released  # a third
    for assignment in assignments:
        person, initiative = assignment.person, assignment.initiative
        assert initiative.communes.filter(pk=person.commune_id).exists()
        assert initiative.status == "active"
        assert assignment.started_on >= max(_first_release(person), initiative.launched_on)
        assert assignment.started_on <= timezone.localdate()
        assert (assignment.ended_on is None) == (person.status != "closed")
    # a second call reuses the initiatives
    before = Initiative.objects.count()
    seed_persons_bulk(seed=16, count=20)
    assert Initiative.objects.count() == before


def test_loans_are_within_the_law(officer):
    seed_persons_bulk(seed=17, count=400)
    loans = list(Loan.objects.select_related("person"))
    assert loans
    for loan in loans:
        release = _first_release(loan.person)
        problems = check_loan(
            amount_vnd=loan.amount_vnd,
            term_months=loan.term_months,
            applied_on=loan.applied_on,
            completed_on=release,
        )
        assert problems == [], (loan.pk, problems)


def test_files_only_write_no_record_of_what_came_after(make_user):
    seed_persons_bulk(seed=18, count=50, activities=0)  # no officer needed
    assert Person.objects.count() == 50
    assert not Classification.objects.exists()
    assert not Reoffence.objects.exists()
    assert not Assignment.objects.exists()
    assert not Person.objects.filter(expungement_status="").exists()  # each has its clock
