"""Following a release cohort: fixed windows and the Kaplan-Meier curve. Pure functions.

Each person is followed from their own release until the first of: the event looked for
(a re-arrest, a reconviction, a reimprisonment), leaving follow-up (death, settling abroad,
expungement: after it a new offence is not, in law, a reoffence), or the day of the count.

A window of N years counts, among the people followed for all N years or who had the event
within them, those who had it: a person who left follow-up before the window closed is
neither a failure nor a success, and leaves the denominator. A window is published only
once it has closed for everyone in the cohort.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

DAYS_PER_MONTH = 365.25 / 12


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class FollowUp:
    released_on: datetime.date
    ends_on: datetime.date  # the last day followed: left follow-up, or the day of the count
    left_early: bool = False  # died, settled abroad or expunged (not merely the count's day)
    events: dict[str, datetime.date] = field(default_factory=dict)  # first date of each kind

    def event(self, kind: str) -> datetime.date | None:
        """The first event of ``kind`` while followed."""
        day = self.events.get(kind)
        return day if day is not None and self.released_on <= day <= self.ends_on else None


@dataclass(frozen=True)
class WindowCount:
    events: int  # people with the event within the window
    followed: int  # people followed for the whole window, or with the event within it
    left: int  # people who left follow-up before the window closed, without the event

    @property
    def rate(self) -> float | None:
        return round(100 * self.events / self.followed, 1) if self.followed else None


def window_count(people: list[FollowUp], years: int, kind: str) -> WindowCount:
    events = left = 0
    for person in people:
        closes = add_years(person.released_on, years)
        day = person.event(kind)
        if day is not None and day <= closes:
            events += 1
        elif person.ends_on < closes:
            left += 1
    return WindowCount(events=events, followed=len(people) - left, left=left)


def window_closes(cohort_year: int, years: int) -> datetime.date:
    """The day the window has closed for everyone released in ``cohort_year``."""
    return add_years(datetime.date(cohort_year, 12, 31), years)


@dataclass(frozen=True)
class CurvePoint:
    month: int
    survival: float  # share still without the event, in per cent
    at_risk: int  # people still followed and without the event at that month


def kaplan_meier(people: list[FollowUp], kind: str, months: list[int]) -> list[CurvePoint]:
    """The product-limit estimate of the share without the event, at each of ``months``
    after release; a point is left out once no one is at risk any more."""
    times: list[tuple[int, bool]] = []
    for person in people:
        day = person.event(kind)
        end = day if day is not None else person.ends_on
        times.append(((end - person.released_on).days, day is not None))
    times.sort()
    points: list[CurvePoint] = []
    survival = 1.0
    i = 0
    for month in sorted(months):
        limit = round(month * DAYS_PER_MONTH)
        while i < len(times) and times[i][0] <= limit:
            moment = times[i][0]
            at_risk = len(times) - i
            failed = 0
            while i < len(times) and times[i][0] == moment:
                failed += times[i][1]
                i += 1
            if failed:
                survival *= 1 - failed / at_risk
        at_risk_now = len(times) - i
        if month and at_risk_now == 0:
            break
        points.append(CurvePoint(month, round(100 * survival, 1), at_risk_now))
    return points
