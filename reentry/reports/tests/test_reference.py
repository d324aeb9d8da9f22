"""An independent recount: the records exported to Parquet and counted again with DuckDB
SQL (``bench/reference.py``, written from docs/indicators.md, sharing no code with the
measures) give every base indicator of every column of the national and a province report,
for several periods, exactly as ``engine.compute`` does.

The demo data is given the cases the rules are about: moves (one of them twice on the same
day), a file without any residence row, an act of help before the first residence, a
residence closed the day it began, a merged file, a rejected loan with a disbursement
date, a dropped case, a refused expungement, a province-wide initiative and outreach for
several communes."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from reentry.accounts.models import User
from reentry.geography.models import AdminUnit
from reentry.initiatives.models import Initiative
from reentry.outcomes.models import ExpungementRecord, Reoffence
from reentry.outreach.models import OutreachEvent
from reentry.persons.models import Person, Residence
from reentry.persons.services import person_transfer
from reentry.reports.engine import compute
from reentry.reports.periods import period_of
from reentry.support.models import Loan, SupportActivity

pytestmark = pytest.mark.django_db
D = datetime.date
HOANG_HOA, HOANG_GIANG, HOANG_PHU = "15865", "15880", "15889"


def _reference() -> Any:
    path = Path(__file__).resolve().parents[3] / "bench" / "reference.py"
    spec = importlib.util.spec_from_file_location("bench_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _copy(row: Any, **changes: Any) -> Any:
    """Another row like ``row`` with ``changes`` (a case the demo lacks)."""
    row.pk = None
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()
    return row


def _hard_cases() -> None:
    officer = User.objects.get(username="ca.hoanghoa")
    movers = list(
        Person.objects.filter(
            status="managed", residences__started_on__lt=D(2026, 1, 1), commune__code=HOANG_HOA
        ).distinct()[:4]
    )
    assert len(movers) == 4
    for person in movers:
        person_transfer(
            actor=officer,
            person=person,
            to_commune_code=HOANG_GIANG,
            moved_on=D(2026, 3, 1),
            reason="Chuyển nhà",
            expected_version=person.version,
        )
    twice = Person.objects.get(pk=movers[0].pk)  # and on again the same day
    person_transfer(
        actor=User.objects.get(username="ca.hoanggiang"),
        person=twice,
        to_commune_code=HOANG_PHU,
        moved_on=D(2026, 3, 1),
        reason="Chuyển tiếp",
        expected_version=twice.version,
    )
    act = SupportActivity.objects.filter(occurred_on__year=2026).first()
    assert act is not None
    for day in (D(2026, 3, 1), D(2026, 3, 15)):  # helped where the second move took them
        _copy(act, person=twice, occurred_on=day)
    bulk = list(Person.objects.exclude(commune__code__in=[HOANG_HOA, HOANG_GIANG]).order_by("id"))
    with_acts = [p for p in bulk if p.activities.filter(occurred_on__year=2026).exists()]
    no_home, early, merged, short = with_acts[:4]
    Residence.objects.filter(person=no_home).delete()  # loaded from elsewhere
    first = early.residences.order_by("started_on").first()
    assert first is not None
    act = early.activities.first()
    assert act is not None
    _copy(act, occurred_on=first.started_on - datetime.timedelta(days=40))
    Person.objects.filter(pk=merged.pk).update(merged_into=bulk[-1])
    home = short.residences.order_by("-started_on").first()
    assert home is not None
    _copy(home, commune_path=no_home.commune_path, started_on=D(2026, 5, 1), ended_on=D(2026, 5, 1))
    loan = Loan.objects.filter(disbursed_on__year=2026).first()
    assert loan is not None
    _copy(loan, status="rejected")
    offence = Reoffence.objects.first()
    assert offence is not None
    _copy(offence, status="dropped", committed_on=D(2026, 6, 1), sentence=None)
    _copy(offence, status="pending", committed_on=D(2026, 2, 1), sentence=None)
    record = ExpungementRecord.objects.first()
    assert record is not None
    _copy(record, kind="court_refused", issued_on=D(2026, 4, 1))
    _copy(record, kind="court_granted", issued_on=D(2026, 4, 2), person=movers[1])
    initiative = Initiative.objects.filter(province_path="VN/38/").first()
    assert initiative is not None
    communes = list(AdminUnit.objects.filter(code__in=[HOANG_HOA, HOANG_GIANG]))
    wide = _copy(initiative, level="province", name="Mô hình cấp tỉnh")
    wide.communes.set(communes)
    several = _copy(initiative, name="Mô hình hai xã")
    several.communes.set(communes)
    event = OutreachEvent.objects.first()
    assert event is not None
    for held_on in (D(2026, 3, 1), D(2025, 11, 20)):
        _copy(event, held_on=held_on, participants=70, materials=15).communes.set(communes)
    assert SupportActivity.objects.filter(occurred_on__year=2026).count() > 1000


PERIODS = [
    period_of("year", 2026),
    period_of("year", 2025),
    period_of("quarter", 2026, 1),
    period_of("custom", start=D(2026, 1, 1), end=D(2026, 3, 1)),  # ends on the day of the moves
    period_of("custom", start=D(2026, 3, 1), end=D(2026, 5, 1)),  # starts on it
    period_of("custom", start=D(2015, 1, 1), end=D(2026, 12, 31)),
]


def test_duckdb_recounts_every_base_indicator_of_every_column(tmp_path):
    call_command("seed_demo", "--persons", "400", verbosity=0)  # 150 by the services, 250 bulk
    _hard_cases()
    reference = _reference()
    tables = reference.export(tmp_path, batch=500)  # several batches for the big tables
    assert tables["activity"]["rows"] > 1000
    duck = reference.Reference(tmp_path)
    compared = 0
    try:
        for code in ("VN", "38"):
            unit = AdminUnit.objects.current().get(code=code)
            for period in PERIODS:
                ours = reference.engine_columns(compute(unit, period, children=True))
                theirs = duck.columns(code, period.start, period.end)
                assert reference.disagreements(ours, theirs) == [], (code, period)
                compared += sum(len(values) for values in ours.values())
        # the check can fail: a figure off by one anywhere is found
        wrong = duck.columns("38", PERIODS[0].start, PERIODS[0].end)
        wrong[HOANG_GIANG]["persons_managed"] += 1
        province = AdminUnit.objects.current().get(code="38")
        ours = reference.engine_columns(compute(province, PERIODS[0], children=True))
        assert [d["indicator"] for d in reference.disagreements(ours, wrong)] == ["persons_managed"]
    finally:
        duck.close()
    assert compared > 2000


def test_a_merged_file_counts_once_at_the_end_of_a_past_period(make_user, tmp_path):
    """Two files of one person in one commune, merged today: for 2025 the person was
    managed once, and is one person at its end too (found by this recount in issue 9:
    the end-of-period measures counted residence rows, and a merge leaves the kept file two
    residences open on past days)."""
    from reentry.persons.services import person_merge
    from reentry.persons.tests.factories import registered

    officer = make_user("commune_officer", HOANG_HOA)
    keep = registered(officer, "Nguyễn Văn Hùng")
    twin = registered(officer, "NGUYEN VAN HUNG")
    Residence.objects.filter(person__in=[keep, twin]).update(started_on=D(2024, 1, 1))
    person_merge(actor=officer, keep=keep, duplicate=twin, expected_version=keep.version)
    commune = AdminUnit.objects.current().get(code=HOANG_HOA)
    values = compute(commune, period_of("year", 2025)).total.values
    reference = _reference()
    reference.export(tmp_path)
    duck = reference.Reference(tmp_path)
    try:
        counted = duck.columns("38", D(2025, 1, 1), D(2025, 12, 31))[HOANG_HOA]
    finally:
        duck.close()
    assert (counted["persons_managed"], counted["persons_managed_end"]) == (1, 1)
    assert (values["persons_managed"], values["persons_managed_end"]) == (1, 1)
