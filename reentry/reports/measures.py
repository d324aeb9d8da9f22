"""How each base figure is counted from the records, grouped by the place it belongs to.

Every measure returns ``{code: {place: value}}`` where a place is the materialized path of a
commune (``VN/38/15865/``) or, for what a province runs itself (an outreach event or an
initiative spanning several communes), of the province (``VN/38/``). A unit's figure is then
the sum over the places under its path, so a province's total is always the sum of its
communes and its own column: the figures add up by construction.

Where a record belongs:
- an event (a notice received, an act of help, a loan disbursed, a job started) belongs to
  the commune where the person lived on the day it happened (their residence history);
- a count of people belongs to the commune where each person lived at the end of the period
  (one place per person, so no one is counted twice when they moved);
- a stock at the end of the period belongs to the residence open on that day.

Sealed files count like every other: reports read the records, never the scoped lists.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from reentry.geography.models import AdminUnit
from reentry.initiatives.models import Initiative, InitiativeStatus
from reentry.outcomes.models import Classification, ExpungementRecord, Reoffence
from reentry.outreach.models import OutreachEvent
from reentry.persons.models import Person, ReleaseNotice, Residence, Sentence
from reentry.support.models import Employment, Loan, SupportActivity

from .periods import Period

Values = dict[str, dict[str, int]]
EXPUNGING_KINDS = ("certificate", "court_granted")


def place_at(day: Any, person: str = "person_id") -> Coalesce:
    """The commune where the person (``person``, a column of the outer query) lived on
    ``day`` (a date, or a column of the outer query): their latest residence begun by then,
    or their first one when the day comes before it."""
    latest = (
        Residence.objects.filter(person_id=OuterRef(person), started_on__lte=day)
        .order_by("-started_on", "-id")
        .values("commune_path")[:1]
    )
    first = (
        Residence.objects.filter(person_id=OuterRef(person))
        .order_by("started_on", "id")
        .values("commune_path")[:1]
    )
    # a file without any residence row (data loaded from elsewhere): its current commune
    own = Person.objects.filter(pk=OuterRef(person)).values("commune_path")[:1]
    return Coalesce(Subquery(latest), Subquery(first), Subquery(own))


def lived_under(prefix: str) -> Q:
    """Only records of people who ever lived under ``prefix`` (a residence there, or the
    file's commune): their place is then worked out row by row, so a commune's report
    reads its own people's records, not the country's. The nation needs no filter."""
    if prefix.count("/") <= 1:
        return Q()
    ever = Residence.objects.filter(commune_path__startswith=prefix).values("person_id").order_by()
    files = Person.objects.filter(commune_path__startswith=prefix).values("id").order_by()
    # one set (a UNION), so that the planner starts from these people's rows
    return Q(person_id__in=ever.union(files))


def _by_place(rows: QuerySet[Any], value: Any, *keys: str) -> dict[tuple[str, ...], int]:
    grouped = rows.values("place", *keys).annotate(n=value).order_by()
    return {(row["place"], *(row[k] for k in keys)): int(row["n"] or 0) for row in grouped}


def _plain(counts: dict[tuple[str, ...], int]) -> dict[str, int]:
    return {key[0]: value for key, value in counts.items()}


def reported_by(day: datetime.date) -> Q:
    """Under management by ``day``: reported (trình diện) on a notice, or a file without
    any notice (registered directly, as the registers kept before this system)."""
    notices = ReleaseNotice.objects.filter(person_id=OuterRef("person_id"))
    return Q(Exists(notices.filter(reported_on__lte=day))) | ~Q(Exists(notices))


def _open_on(end: datetime.date) -> Q:
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))


def managed_at_end(period: Period, prefix: str) -> QuerySet[Residence]:
    """The residence of each person under management at the end of the period: the one
    begun last of those open that day (a merged file can hold two open on a past day, the
    duplicate's until the merge; the person counts once, where they moved last)."""
    end = period.end
    later_open = Residence.objects.filter(_open_on(end), person_id=OuterRef("person_id")).filter(
        Q(started_on__gt=OuterRef("started_on"))
        | Q(started_on=OuterRef("started_on"), id__gt=OuterRef("id"))
    )
    return (
        Residence.objects.filter(
            _open_on(end), commune_path__startswith=prefix, person__merged_into__isnull=True
        )
        .filter(reported_by(end))
        .filter(~Exists(later_open))
        .annotate(place=F("commune_path"))
    )


def managed_during(period: Period, prefix: str) -> QuerySet[Residence]:
    """The last residence within the period of each person under management at any time in
    it (a person who moved counts once, where they lived last). A residence runs from its
    first day up to, not including, its end: one closed on the period's first day, or
    closed the day it began, is not in the period."""
    later = Residence.objects.filter(
        Q(started_on__gt=OuterRef("started_on"))
        | Q(started_on=OuterRef("started_on"), id__gt=OuterRef("id")),  # moved the same day
        person_id=OuterRef("person_id"),
        started_on__lte=period.end,
    )
    return (
        Residence.objects.filter(
            commune_path__startswith=prefix,
            started_on__lte=period.end,
            person__merged_into__isnull=True,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.start))
        .exclude(ended_on=F("started_on"))
        .filter(reported_by(period.end))
        .filter(~Exists(later))
        .annotate(place=F("commune_path"))
    )


# One residence row per person in ``managed_during`` and ``managed_at_end`` (by their
# construction): counting rows counts people, and needs no sort for DISTINCT.
PERSON_ROWS = Count("id")


def m_managed(period: Period, prefix: str) -> Values:
    """People managed in the period and at its end; of those managed in the period, the
    ones who committed a new offence in it, so that the recidivism rate is a share of the
    same people."""
    persons = PERSON_ROWS
    during = managed_during(period, prefix)
    return {
        "persons_managed": _plain(_by_place(during, persons)),
        "persons_managed_end": _plain(_by_place(managed_at_end(period, prefix), persons)),
        "reoffenders": _plain(_by_place(during.filter(reoffended_in(period)), persons)),
    }


def probation_on(end: datetime.date) -> Exists:
    return Exists(
        Sentence.objects.filter(
            person_id=OuterRef("person_id"),
            release_type="conditional",
            release_date__lte=end,
            conditional_probation_end__gte=end,
        )
    )


def expunged_by(end: datetime.date) -> Exists:
    return Exists(
        ExpungementRecord.objects.filter(
            person_id=OuterRef("person_id"), kind__in=EXPUNGING_KINDS, issued_on__lte=end
        )
    )


def working_on(end: datetime.date) -> Exists:
    return Exists(
        Employment.objects.filter(person_id=OuterRef("person_id"), started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=end)
        )
    )


def grade_on(end: datetime.date) -> Subquery:
    return Subquery(
        Classification.objects.filter(person_id=OuterRef("person_id"), assessed_on__lte=end)
        .order_by("-assessed_on", "-id")
        .values("grade")[:1]
    )


def reoffended_in(period: Period) -> Exists:
    """A new offence committed in the period (a case dropped is not one)."""
    return Exists(
        Reoffence.objects.filter(
            person_id=OuterRef("person_id"), committed_on__range=(period.start, period.end)
        ).exclude(status="dropped")
    )


def m_stock_end(period: Period, prefix: str) -> Values:
    """Of those managed at the end: on probation, not expunged, employed, and by grade."""
    end = period.end
    rows = managed_at_end(period, prefix)
    persons = PERSON_ROWS
    values: Values = {
        "on_probation_end": _plain(_by_place(rows.filter(probation_on(end)), persons)),
        "not_expunged_end": _plain(_by_place(rows.filter(~expunged_by(end)), persons)),
        "employed_end": _plain(_by_place(rows.filter(working_on(end)), persons)),
    }
    for grade_code in "ABCD":
        values[f"class_{grade_code.lower()}_end"] = {}
    graded = _by_place(
        rows.annotate(grade=grade_on(end)).filter(grade__isnull=False), persons, "grade"
    )
    for (place, grade_code), count in graded.items():
        values[f"class_{grade_code.lower()}_end"][place] = count
    return values


def notices_received(period: Period, prefix: str) -> QuerySet[ReleaseNotice]:
    """Notices received in the period, where the person lived on the day."""
    return (
        ReleaseNotice.objects.filter(
            received_on__range=(period.start, period.end), person__merged_into__isnull=True
        )
        .filter(lived_under(prefix))
        .annotate(place=place_at(OuterRef("received_on")))
        .filter(place__startswith=prefix)
    )


def notices_reported(period: Period, prefix: str) -> QuerySet[ReleaseNotice]:
    """Notices the person reported on in the period, where they lived at its end."""
    return (
        ReleaseNotice.objects.filter(
            reported_on__range=(period.start, period.end), person__merged_into__isnull=True
        )
        .filter(lived_under(prefix))
        .annotate(place=place_at(period.end))
        .filter(place__startswith=prefix)
    )


def m_notices(period: Period, prefix: str) -> Values:
    return {
        "notices_received": _plain(_by_place(notices_received(period, prefix), Count("id"))),
        "persons_reported": _plain(
            _by_place(notices_reported(period, prefix), Count("person_id", distinct=True))
        ),
    }


def _activities(period: Period, prefix: str) -> QuerySet[SupportActivity]:
    return SupportActivity.objects.filter(
        occurred_on__range=(period.start, period.end), person__merged_into__isnull=True
    ).filter(lived_under(prefix))


def activities_done(period: Period, prefix: str) -> QuerySet[SupportActivity]:
    """Acts of help in the period, where the person lived on the day."""
    return (
        _activities(period, prefix)
        .annotate(place=place_at(OuterRef("occurred_on")))
        .filter(place__startswith=prefix)
    )


def activities_received(period: Period, prefix: str) -> QuerySet[SupportActivity]:
    """Acts of help in the period, where the person lived at its end."""
    return (
        _activities(period, prefix)
        .annotate(place=place_at(period.end))
        .filter(place__startswith=prefix)
    )


def m_support(period: Period, prefix: str) -> Values:
    """Acts of help by kind (events, where they happened) and the people helped (persons,
    where they lived at the end)."""
    acts = _by_place(activities_done(period, prefix), Count("id"), "kind")
    people = _by_place(
        activities_received(period, prefix), Count("person_id", distinct=True), "kind"
    )
    from .registry import SUPPORT_KINDS

    values: Values = {}
    for kind in SUPPORT_KINDS:
        values[f"activities_{kind}"] = {}
        values[f"persons_{kind}"] = {}
    for (place, kind), count in acts.items():
        values[f"activities_{kind}"][place] = count
    for (place, kind), count in people.items():
        values[f"persons_{kind}"][place] = count
    values["training_referrals"] = dict(values["activities_training_referral"])
    return values


def loans_disbursed(period: Period, prefix: str) -> QuerySet[Loan]:
    """Loans disbursed in the period (not rejected), where the person lived on the day."""
    return (
        Loan.objects.filter(
            disbursed_on__range=(period.start, period.end), person__merged_into__isnull=True
        )
        .exclude(status="rejected")
        .filter(lived_under(prefix))
        .annotate(place=place_at(OuterRef("disbursed_on")))
        .filter(place__startswith=prefix)
    )


def m_loans(period: Period, prefix: str) -> Values:
    loans = loans_disbursed(period, prefix)
    return {
        "loans_count": _plain(_by_place(loans, Count("id"))),
        "loans_amount_vnd": _plain(_by_place(loans, Sum("amount_vnd"))),
    }


def jobs_started(period: Period, prefix: str) -> QuerySet[Employment]:
    """Jobs begun in the period, where the person lived on the day."""
    return (
        Employment.objects.filter(
            started_on__range=(period.start, period.end), person__merged_into__isnull=True
        )
        .filter(lived_under(prefix))
        .annotate(place=place_at(OuterRef("started_on")))
        .filter(place__startswith=prefix)
    )


def m_jobs(period: Period, prefix: str) -> Values:
    return {"job_placements": _plain(_by_place(jobs_started(period, prefix), Count("id")))}


def expungements_issued(period: Period, prefix: str) -> QuerySet[ExpungementRecord]:
    """Certificates and granting decisions of the period, where the person lived at its end."""
    return (
        ExpungementRecord.objects.filter(
            kind__in=EXPUNGING_KINDS,
            issued_on__range=(period.start, period.end),
            person__merged_into__isnull=True,
        )
        .filter(lived_under(prefix))
        .annotate(place=place_at(period.end))
        .filter(place__startswith=prefix)
    )


def m_outcomes(period: Period, prefix: str) -> Values:
    expunged = expungements_issued(period, prefix)
    return {"expungements": _plain(_by_place(expunged, Count("person_id", distinct=True)))}


def _host(province_path: str, commune_paths: list[str]) -> str:
    """Where something run for one commune belongs; the province hosts the rest."""
    return commune_paths[0] if len(commune_paths) == 1 else province_path


def outreach_hosted(period: Period, prefix: str) -> list[tuple[OutreachEvent, str]]:
    """Outreach events held in the period with the place each belongs to."""
    events = (
        OutreachEvent.objects.filter(held_on__range=(period.start, period.end))
        .filter(Q(province_path__startswith=prefix) | Q(communes__path__startswith=prefix))
        .distinct()
        .prefetch_related("communes")
        .order_by("held_on", "id")
    )
    hosted = []
    for event in events:
        place = _host(event.province_path, sorted(c.path for c in event.communes.all()))
        if place.startswith(prefix):
            hosted.append((event, place))
    return hosted


def m_outreach(period: Period, prefix: str) -> Values:
    values: Values = {"outreach_events": {}, "outreach_participants": {}, "outreach_materials": {}}
    for event, place in outreach_hosted(period, prefix):
        for code, amount in (
            ("outreach_events", 1),
            ("outreach_participants", event.participants),
            ("outreach_materials", event.materials),
        ):
            values[code][place] = values[code].get(place, 0) + amount
    return values


def _active_initiatives(period: Period) -> QuerySet[Initiative]:
    """Active at the end of the period: launched by then and active now (the status has
    no history yet: a dissolved initiative drops out of past periods too)."""
    return Initiative.objects.filter(status=InitiativeStatus.ACTIVE).filter(
        Q(launched_on__lte=period.end)
        | Q(launched_on__isnull=True, created_at__date__lte=period.end)
    )


def initiatives_hosted(period: Period, prefix: str) -> list[tuple[Initiative, str]]:
    """Initiatives active at the end of the period with the place each belongs to."""
    active = (
        _active_initiatives(period)
        .filter(Q(province_path__startswith=prefix) | Q(communes__path__startswith=prefix))
        .distinct()
        .prefetch_related("communes")
        .order_by("name", "id")
    )
    hosted = []
    for initiative in active:
        paths = sorted(c.path for c in initiative.communes.all())
        place = _host(initiative.province_path, paths if initiative.level == "commune" else [])
        if place.startswith(prefix):
            hosted.append((initiative, place))
    return hosted


def communes_under(prefix: str) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(kind="commune", path__startswith=prefix).annotate(
        place=F("path")
    )


def communes_covered(period: Period, prefix: str) -> QuerySet[AdminUnit]:
    """Communes with an initiative active at the end of the period."""
    return communes_under(prefix).filter(
        Exists(_active_initiatives(period).filter(communes=OuterRef("pk")))
    )


def m_initiatives(period: Period, prefix: str) -> Values:
    hosted: dict[str, int] = defaultdict(int)
    for _initiative, place in initiatives_hosted(period, prefix):
        hosted[place] += 1
    covered = communes_covered(period, prefix).values_list("path", flat=True)
    return {
        "initiatives_active_end": dict(hosted),
        "communes_with_initiative_end": dict.fromkeys(covered, 1),
        "communes_total": dict.fromkeys(communes_under(prefix).values_list("path", flat=True), 1),
    }


MEASURES: tuple[Callable[[Period, str], Values], ...] = (
    m_notices,
    m_managed,
    m_stock_end,
    m_outcomes,
    m_support,
    m_loans,
    m_jobs,
    m_outreach,
    m_initiatives,
)
