"""The records behind a figure: what a number on the report counts, row by row.

Each base indicator is built from a queryset in ``measures``; the drill-down uses the same
querysets, limited to one column's place (everything under a unit, or exactly the province
for what it runs itself), so the list a figure opens is the list it counted (a test holds
every indicator to that). People are listed once each; events (notices, acts of help,
loans, jobs) one row each; outreach events, initiatives and communes as themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from reentry.persons.models import Person
from reentry.support.models import SupportActivity

from . import measures as m
from .periods import Period
from .registry import INDICATORS, SUPPORT_KINDS

# What a list of records holds, and so how the page shows it
PERSONS = "persons"
NOTICES = "notices"
ACTIVITIES = "activities"
LOANS = "loans"
JOBS = "jobs"
OUTREACH = "outreach"
INITIATIVES = "initiatives"
COMMUNES = "communes"

# A rate opens the people or communes it is a share of (its numerator)
NUMERATOR = {
    "recidivism_rate_pct": "reoffenders",
    "initiative_coverage_pct": "communes_with_initiative_end",
}


@dataclass
class Records:
    code: str
    kind: str
    rows: QuerySet[Any] | list[Any]  # a list for what is placed in Python (outreach, initiatives)

    @property
    def about_people(self) -> bool:
        return self.kind in (PERSONS, NOTICES, ACTIVITIES, LOANS, JOBS)


def _place(rows: QuerySet[Any], path: str, exact: bool) -> QuerySet[Any]:
    return rows.filter(place=path) if exact else rows


def _people(rows: QuerySet[Any], end: Any) -> QuerySet[Person]:
    """The distinct people of ``rows`` (which carry ``person_id``), each with the commune
    they lived in at ``end``."""
    return (
        Person.objects.filter(pk__in=rows.values("person_id"))
        .annotate(place=m.place_at(end, person="pk"))
        .order_by("full_name", "id")
    )


def _events(rows: QuerySet[Any], date_field: str) -> QuerySet[Any]:
    return rows.select_related("person").order_by(date_field, "id")


def _hosted(pairs: list[tuple[Any, str]], path: str, exact: bool) -> list[Any]:
    rows = []
    for item, place in pairs:
        if place == path or (not exact and place.startswith(path)):
            item.place = place
            rows.append(item)
    return rows


def drillable(code: str) -> bool:
    """Whether a figure opens a list (every count does; a rate opens its numerator)."""
    return code in NUMERATOR or INDICATORS[code].unit != "percent"


def records_for(code: str, period: Period, path: str, *, exact: bool = False) -> Records:
    """The records counted by indicator ``code`` for the place ``path`` (every place under
    it, or ``exact``: that place alone) over ``period``."""
    code = NUMERATOR.get(code, code)
    end = period.end
    during = m.managed_during(period, path)
    at_end = m.managed_at_end(period, path)
    people = {
        "persons_managed": during,
        "persons_managed_end": at_end,
        "reoffenders": during.filter(m.reoffended_in(period)),
        "on_probation_end": at_end.filter(m.probation_on(end)),
        "not_expunged_end": at_end.filter(~m.expunged_by(end)),
        "employed_end": at_end.filter(m.working_on(end)),
        "unemployed_end": at_end.exclude(m.working_on(end)),
        "persons_reported": m.notices_reported(period, path),
        "expungements": m.expungements_issued(period, path),
        **{
            f"class_{grade.lower()}_end": at_end.annotate(grade=m.grade_on(end)).filter(grade=grade)
            for grade in "ABCD"
        },
        **{
            f"persons_{kind}": m.activities_received(period, path).filter(kind=kind)
            for kind in SUPPORT_KINDS
        },
    }
    if code in people:
        return Records(code, PERSONS, _people(_place(people[code], path, exact), end))
    if code == "notices_received":
        rows = _place(m.notices_received(period, path), path, exact)
        return Records(code, NOTICES, _events(rows, "received_on"))
    if code.startswith("activities_") or code == "training_referrals":
        kind = "training_referral" if code == "training_referrals" else code[len("activities_") :]
        acts: QuerySet[SupportActivity] = m.activities_done(period, path).filter(kind=kind)
        return Records(code, ACTIVITIES, _events(_place(acts, path, exact), "occurred_on"))
    if code in ("loans_count", "loans_amount_vnd"):
        rows = _place(m.loans_disbursed(period, path), path, exact)
        return Records(code, LOANS, _events(rows, "disbursed_on"))
    if code == "job_placements":
        rows = _place(m.jobs_started(period, path), path, exact)
        return Records(code, JOBS, _events(rows, "started_on"))
    if code.startswith("outreach_"):
        return Records(code, OUTREACH, _hosted(m.outreach_hosted(period, path), path, exact))
    if code == "initiatives_active_end":
        hosted = m.initiatives_hosted(period, path)
        return Records(code, INITIATIVES, _hosted(hosted, path, exact))
    if code in ("communes_with_initiative_end", "communes_total"):
        units = m.communes_covered(period, path) if code.startswith("communes_with") else None
        units = units if units is not None else m.communes_under(path)
        return Records(code, COMMUNES, _place(units, path, exact).order_by("name"))
    raise KeyError(code)


def records_value(records: Records) -> int:
    """What the records add up to, as the figure counts them (for the check in the tests
    and the sum shown above the list)."""
    rows = records.rows
    if records.code == "loans_amount_vnd":
        return sum(loan.amount_vnd for loan in rows)
    if records.code == "outreach_participants":
        return sum(event.participants for event in rows)
    if records.code == "outreach_materials":
        return sum(event.materials for event in rows)
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


def visible_filter(records: Records, people: QuerySet[Person]) -> Q:
    """Rows of a list about people limited to the files in ``people`` (the actor's)."""
    if records.kind == PERSONS:
        return Q(pk__in=people.values("pk"))
    return Q(person_id__in=people.values("pk"))
