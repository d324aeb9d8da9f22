"""On the demo data, every base indicator equals a recount over the raw records done
independently in Python (row by row, no SQL grouping), for several periods; and every
additive indicator of a parent equals the sum of its children."""

import datetime
from collections import defaultdict

import pytest
from django.core.management import call_command

from reentry.geography.models import AdminUnit
from reentry.initiatives.models import Initiative
from reentry.outcomes.models import Classification, ExpungementRecord, Reoffence
from reentry.outreach.models import OutreachEvent
from reentry.persons.models import Person, ReleaseNotice, Residence, Sentence
from reentry.reports.engine import base_values, compute
from reentry.reports.periods import Period, period_of
from reentry.reports.records import NUMERATOR, drillable, records_for, records_value
from reentry.reports.registry import INDICATORS
from reentry.support.models import Employment, Loan, SupportActivity

pytestmark = pytest.mark.django_db
D = datetime.date


def _recount(period: Period) -> dict[str, dict[str, int]]:
    start, end = period.start, period.end
    live = set(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    homes: dict[int, list[Residence]] = defaultdict(list)
    for r in Residence.objects.order_by("started_on", "id"):
        homes[r.person_id].append(r)
    notices: dict[int, list[ReleaseNotice]] = defaultdict(list)
    for n in ReleaseNotice.objects.all():
        notices[n.person_id].append(n)

    def place(person: int, day: datetime.date) -> str:
        before = [r for r in homes[person] if r.started_on <= day]
        return (before[-1] if before else homes[person][0]).commune_path

    def reported(person: int, day: datetime.date) -> bool:
        mine = notices[person]
        return not mine or any(n.reported_on and n.reported_on <= day for n in mine)

    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(code: str, where: str, amount: int = 1) -> None:
        out[code][where] += amount

    people: dict[str, set[tuple[str, int]]] = defaultdict(set)  # distinct (place, person)
    at_end: dict[int, str] = {}
    offended = {
        r.person_id
        for r in Reoffence.objects.exclude(status="dropped")
        if start <= r.committed_on <= end
    }
    for person in live:
        if not reported(person, end):
            continue
        for r in homes[person]:
            if r.started_on <= end and (r.ended_on is None or r.ended_on > end):
                at_end[person] = r.commune_path
        started = [r for r in homes[person] if r.started_on <= end]
        last = started[-1] if started else None  # ordered by start, then id: same-day moves
        if (
            last is not None
            and (last.ended_on is None or last.ended_on > start)
            and last.ended_on != last.started_on
        ):
            people["persons_managed"].add((last.commune_path, person))
            if person in offended:
                people["reoffenders"].add((last.commune_path, person))
    for person, where in at_end.items():
        people["persons_managed_end"].add((where, person))
    for s in Sentence.objects.filter(release_type="conditional", person_id__in=at_end):
        if s.release_date and s.release_date <= end and s.conditional_probation_end >= end:
            people["on_probation_end"].add((at_end[s.person_id], s.person_id))
    expunged = {
        e.person_id
        for e in ExpungementRecord.objects.exclude(kind="court_refused")
        if e.issued_on <= end
    }
    for person, where in at_end.items():
        if person not in expunged:
            people["not_expunged_end"].add((where, person))
    for job in Employment.objects.filter(person_id__in=at_end):
        if job.started_on <= end and (job.ended_on is None or job.ended_on >= end):
            people["employed_end"].add((at_end[job.person_id], job.person_id))
    latest: dict[int, Classification] = {}
    for c in Classification.objects.order_by("assessed_on", "id"):
        if c.assessed_on <= end:
            latest[c.person_id] = c
    for person, where in at_end.items():
        if person in latest:
            people[f"class_{latest[person].grade.lower()}_end"].add((where, person))
    for n in ReleaseNotice.objects.filter(person_id__in=live):
        if start <= n.received_on <= end:
            add("notices_received", place(n.person_id, n.received_on))
        if n.reported_on and start <= n.reported_on <= end:
            people["persons_reported"].add((place(n.person_id, end), n.person_id))
    for a in SupportActivity.objects.filter(person_id__in=live):
        if start <= a.occurred_on <= end:
            add(f"activities_{a.kind}", place(a.person_id, a.occurred_on))
            people[f"persons_{a.kind}"].add((place(a.person_id, end), a.person_id))
            if a.kind == "training_referral":
                add("training_referrals", place(a.person_id, a.occurred_on))
    for loan in Loan.objects.filter(person_id__in=live).exclude(status="rejected"):
        if loan.disbursed_on and start <= loan.disbursed_on <= end:
            add("loans_count", place(loan.person_id, loan.disbursed_on))
            add("loans_amount_vnd", place(loan.person_id, loan.disbursed_on), loan.amount_vnd)
    for job in Employment.objects.filter(person_id__in=live):
        if start <= job.started_on <= end:
            add("job_placements", place(job.person_id, job.started_on))
    for e in ExpungementRecord.objects.exclude(kind="court_refused").filter(person_id__in=live):
        if start <= e.issued_on <= end:
            people["expungements"].add((place(e.person_id, end), e.person_id))
    for code, pairs in people.items():
        for where, _person in pairs:
            add(code, where)
    for event in OutreachEvent.objects.prefetch_related("communes"):
        if start <= event.held_on <= end:
            paths = [c.path for c in event.communes.all()]
            where = paths[0] if len(paths) == 1 else event.province_path
            add("outreach_events", where)
            add("outreach_participants", where, event.participants)
            add("outreach_materials", where, event.materials)
    for initiative in Initiative.objects.prefetch_related("communes"):
        launched = initiative.launched_on or initiative.created_at.date()
        if initiative.status != "active" or launched > end:
            continue
        paths = [c.path for c in initiative.communes.all()]
        single = initiative.level == "commune" and len(paths) == 1
        add("initiatives_active_end", paths[0] if single else initiative.province_path)
        for path in paths:
            out["communes_with_initiative_end"][path] = 1
    for path in AdminUnit.objects.filter(kind="commune").values_list("path", flat=True):
        add("communes_total", path)
    return {code: {k: v for k, v in places.items() if v} for code, places in out.items()}


def _move_some_people_in_march() -> None:
    """The demo's own transfers happen today; move a few people on 01/03/2026 so that the
    periods see events on both sides of a move."""
    from reentry.accounts.models import User
    from reentry.persons.services import person_transfer

    movers = Person.objects.filter(
        status="managed", residences__started_on__lt=D(2026, 1, 1), commune__code="15865"
    ).distinct()[:6]
    officer = User.objects.get(username="ca.hoanghoa")
    for person in movers:
        person_transfer(
            actor=officer,
            person=person,
            to_commune_code="15880",
            moved_on=D(2026, 3, 1),
            reason="Chuyển nhà",
            expected_version=person.version,
        )
    assert len(movers) >= 3


PERIODS = [
    period_of("year", 2025),
    period_of("half", 2026, 1),
    period_of("quarter", 2026, 3),
    period_of("custom", start=D(2019, 1, 1), end=D(2026, 11, 1)),
    period_of("custom", start=D(2026, 1, 1), end=D(2026, 3, 1)),  # ends on the day of a move
    period_of("custom", start=D(2026, 3, 1), end=D(2026, 3, 31)),  # starts on it
]


def test_the_report_equals_a_recount_and_adds_up_on_the_demo_data():
    call_command("seed_demo", "--persons", "90")  # once: seeding is the slow part
    _move_some_people_in_march()
    nation = AdminUnit.objects.current().get(code="VN")
    for period in PERIODS:
        counted = {
            code: {k: v for k, v in places.items() if v}
            for code, places in base_values(nation, period).items()
        }
        expected = _recount(period)
        for code in INDICATORS:
            if INDICATORS[code].derive is None:
                assert counted.get(code, {}) == expected.get(code, {}), (period, code)
        assert counted["persons_managed"], "the demo has people under management"
    for code in ("VN", "38"):
        report = compute(AdminUnit.objects.current().get(code=code), PERIODS[1], children=True)
        for indicator_code, indicator in INDICATORS.items():
            if indicator.additive:
                parts = sum(c.values[indicator_code] for c in report.children)
                assert report.total.values[indicator_code] == parts, (code, indicator_code)
    # a commune's column in its province's report is the commune's own report (its own,
    # narrower queries): the roll-up and the prefix filters agree
    province = compute(AdminUnit.objects.current().get(code="38"), PERIODS[1], children=True)
    busy = [c for c in province.children if not c.exact and c.values["persons_managed"]]
    assert len(busy) >= 3
    for column in busy:
        own = compute(AdminUnit.objects.current().get(code=column.code), PERIODS[1])
        assert own.total.values == column.values, column.code
    # every figure opens the records it counted: the drill-down lists add up to the cell
    for period in (PERIODS[1], PERIODS[3]):
        province = compute(AdminUnit.objects.current().get(code="38"), period, children=True)
        busy = [c for c in province.children if c.values["persons_managed"]][:4]
        own = [c for c in province.children if c.exact]
        for column in [province.total, *busy, *own]:
            for code in INDICATORS:
                if not drillable(code):
                    continue
                records = records_for(code, period, column.path, exact=column.exact)
                counted = column.values[NUMERATOR.get(code, code)]
                assert records_value(records) == counted, (period, column.code, code)
