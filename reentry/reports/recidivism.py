"""Cohort recidivism: of the people released in a year, how many were re-arrested,
reconvicted and reimprisoned within 1, 3 and 5 years of their own release, and the
Kaplan-Meier curve of staying out of trouble by the kind of initiative that helped them.

The cohort of a unit is everyone whose first release in the year came while they lived
under that unit (their residence on the day of release). Events come from the reoffences
on the file: a re-arrest or prosecution on its arrest date (the offence date when no
arrest date is recorded); a reconviction on the date of the new judgment; a
reimprisonment when that judgment is a prison term. Sealed files count like any other.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reentry.geography.models import AdminUnit
from reentry.initiatives.models import Assignment, Template
from reentry.outcomes.models import ExpungementRecord, Reoffence, ReoffenceStatus
from reentry.persons.models import ClosureReason, MainPenalty, Person, Sentence

from .measures import EXPUNGING_KINDS, place_at
from .suppression import HIDDEN, Suppression
from .survival import (
    CurvePoint,
    FollowUp,
    WindowCount,
    kaplan_meier,
    window_closes,
    window_count,
)

WINDOWS = (1, 3, 5)
CURVE_MONTHS = list(range(0, 61, 6))
REARREST, RECONVICTION, REIMPRISONMENT = "rearrest", "reconviction", "reimprisonment"
MEASURES = {
    REARREST: gettext_lazy("Bị bắt, khởi tố lại"),
    RECONVICTION: gettext_lazy("Bị kết án lại"),
    REIMPRISONMENT: gettext_lazy("Bị phạt tù lại"),
}
CUSTODIAL = (MainPenalty.PRISON, MainPenalty.LIFE, MainPenalty.DEATH_COMMUTED)
LEAVING = (ClosureReason.DIED, ClosureReason.MOVED_ABROAD)
NO_INITIATIVE = "none"
CHUNK = 5000


@dataclass
class Window:
    years: int
    closes_on: datetime.date
    published: bool
    counts: dict[str, WindowCount]  # empty until published


@dataclass
class Curve:
    group: str  # an initiative template, or "none"
    label: str
    size: int
    points: list[CurvePoint]


@dataclass
class CohortReport:
    unit: AdminUnit
    year: int
    as_of: datetime.date
    size: int
    left_early: int  # died, settled abroad or expunged by the day of the count
    windows: list[Window]
    curves: list[Curve]  # re-arrest, by the template of the first initiative that helped


def cohort_people(unit: AdminUnit, year: int, as_of: datetime.date) -> dict[int, FollowUp]:
    """Every person of the cohort with what happened to them after release."""
    in_year = Sentence.objects.filter(
        release_date__year=year, release_date__lte=as_of, person__merged_into__isnull=True
    )
    # releases of the year that happened while the person lived under the unit
    placed = in_year.annotate(place=place_at(OuterRef("release_date"))).filter(
        place__startswith=unit.path
    )
    members = placed.values("person_id")  # a subquery, not a list: any cohort size
    first = dict(
        in_year.filter(person_id__in=members)
        .values("person_id")
        .annotate(released_on=Min("release_date"))
        .order_by()
        .values_list("person_id", "released_on")
    )
    cohort: dict[int, datetime.date] = {
        person: day
        for person, day in placed.values_list("person_id", "release_date")
        if day is not None and first.get(person) == day  # their first release that year
    }
    if not cohort:
        return {}
    leaving: dict[int, datetime.date] = {}

    def leave(person: int, day: datetime.date | None) -> None:
        """Follow-up ends on the first leaving after this release (an expungement of an
        earlier sentence, before it, does not end it)."""
        if day is not None and person in cohort and day >= cohort[person]:
            leaving[person] = min(day, leaving.get(person, day))

    for person, closed_on in Person.objects.filter(
        pk__in=members, closure_reason__in=LEAVING, closed_on__isnull=False
    ).values_list("pk", "closed_on"):
        leave(person, closed_on)
    for person, issued_on in ExpungementRecord.objects.filter(
        person_id__in=members, kind__in=EXPUNGING_KINDS
    ).values_list("person_id", "issued_on"):
        leave(person, issued_on)
    events: dict[int, dict[str, datetime.date]] = defaultdict(dict)

    def note(person: int, kind: str, day: datetime.date | None) -> None:
        if day is not None and (kind not in events[person] or day < events[person][kind]):
            events[person][kind] = day

    for reoffence in (
        Reoffence.objects.filter(person_id__in=members)
        .select_related("sentence")
        .only(
            "person_id",
            "committed_on",
            "arrested_on",
            "status",
            "concluded_on",
            "sentence__judgment_date",
            "sentence__main_penalty",
        )
    ):
        person = reoffence.person_id
        if person not in cohort or reoffence.committed_on < cohort[person]:
            continue  # before this release: not a new offence after it
        note(person, REARREST, reoffence.arrested_on or reoffence.committed_on)
        if reoffence.status == ReoffenceStatus.CONVICTED:
            sentence = reoffence.sentence
            convicted = sentence.judgment_date if sentence else reoffence.concluded_on
            note(person, RECONVICTION, convicted)
            if sentence is not None and sentence.main_penalty in CUSTODIAL:
                note(person, REIMPRISONMENT, convicted)
    people: dict[int, FollowUp] = {}
    for person, released_on in cohort.items():
        left = leaving.get(person)
        left_early = left is not None and left < as_of
        people[person] = FollowUp(
            released_on=released_on,
            ends_on=max(released_on, left) if left_early and left else as_of,
            left_early=left_early,
            events=events.get(person, {}),
        )
    return people


def initiative_groups(people: dict[int, FollowUp]) -> dict[int, str]:
    """The template of the first initiative that began helping each person after their
    release and before they were re-arrested (help begun later cannot explain staying out,
    and would flatter the initiatives that take on those who already did)."""
    groups: dict[int, str] = {}
    ids = sorted(people)
    rows = (
        row
        for i in range(0, len(ids), CHUNK)  # bounded lists of ids, for SQLite's limit
        for row in Assignment.objects.filter(person_id__in=ids[i : i + CHUNK])
        .order_by("person_id", "started_on", "id")
        .values_list("person_id", "started_on", "initiative__template")
    )
    for person, started_on, template in rows:
        follow_up = people.get(person)
        if follow_up is None or person in groups or started_on < follow_up.released_on:
            continue
        until = follow_up.event(REARREST) or follow_up.ends_on
        if started_on <= until:
            groups[person] = template
    return groups


def cohort_report(unit: AdminUnit, year: int, as_of: datetime.date) -> CohortReport:
    people = cohort_people(unit, year, as_of)
    followed = list(people.values())
    windows = []
    for years in WINDOWS:
        closes_on = window_closes(year, years)
        published = closes_on < as_of  # the closing day's events are in
        counts = (
            {kind: window_count(followed, years, kind) for kind in MEASURES} if published else {}
        )
        windows.append(Window(years, closes_on, published, counts))
    groups = initiative_groups(people)
    by_group: dict[str, list[FollowUp]] = defaultdict(list)
    for person, follow_up in people.items():
        by_group[groups.get(person, NO_INITIATIVE)].append(follow_up)
    labels = {**dict(Template.choices), NO_INITIATIVE: _("Không tham gia mô hình")}
    curves = [
        Curve(
            group,
            str(labels[group]),
            len(by_group[group]),
            kaplan_meier(by_group[group], REARREST, CURVE_MONTHS),
        )
        for group in [*Template.values, NO_INITIATIVE]
        if by_group.get(group)
    ]
    if len(curves) > 1:
        curves.insert(
            0,
            Curve(
                "all", _("Cả nhóm"), len(followed), kaplan_meier(followed, REARREST, CURVE_MONTHS)
            ),
        )
    return CohortReport(
        unit=unit,
        year=year,
        as_of=as_of,
        size=len(followed),
        left_early=sum(1 for f in followed if f.left_early),
        windows=windows,
        curves=curves,
    )


def cohort_json(report: CohortReport, suppression: Suppression) -> dict[str, Any]:
    """The report as the role may see it, for the API and the page alike: a count of 1 to 4
    people is "<5", a rate built on one is null, an initiative group of fewer than 5
    people is left out, and a curve stops where fewer than 5 remain at risk."""

    # the size minus those who left gives those who stayed: both or neither
    small_cohort = suppression.small(report.size) or suppression.small(report.left_early)

    def window(w: Window) -> dict[str, Any]:
        measures = {}
        for kind, c in w.counts.items():
            # followed = size - left: hiding one of the three hides the other two
            hidden = any(suppression.small(v) for v in (c.events, c.followed, c.left))
            measures[kind] = {
                "events": HIDDEN if hidden else c.events,
                "followed": HIDDEN if hidden else c.followed,
                "left": HIDDEN if hidden else c.left,
                "rate": None if hidden else c.rate,
            }
        return {
            "years": w.years,
            "closes_on": w.closes_on.isoformat(),
            "published": w.published,
            "measures": measures,
        }

    curves = [c for c in report.curves if not suppression.small(c.size)]
    groups_hidden = len(report.curves) - len(curves)
    if groups_hidden:
        # the whole cohort minus the groups shown would give the hidden group back
        curves = [c for c in curves if c.group != "all"]
    return {
        "unit": report.unit.code,
        "name": report.unit.name,
        "cohort": report.year,
        "as_of": report.as_of.isoformat(),
        "size": HIDDEN if small_cohort else report.size,
        "left_follow_up": HIDDEN if small_cohort else report.left_early,
        "windows": [window(w) for w in report.windows],
        "survival": [
            {
                "group": c.group,
                "label": c.label,
                "size": c.size,
                "points": [
                    {"month": p.month, "survival": p.survival, "at_risk": p.at_risk}
                    for p in c.points
                    if not suppression.small(p.at_risk)
                ],
            }
            for c in curves
        ],
        "groups_hidden": groups_hidden,
    }
