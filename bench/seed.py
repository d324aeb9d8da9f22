"""Benchmark of the generator: ``seed_demo --persons N`` into an empty database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reentry_seed \\
        .venv/bin/python bench/seed.py --persons 100000

The database must hold no case file (a new one; the units and demo users are made here).
Times each phase of the generator — the initiatives of every commune, the files (planned
with their expungement clock, then written), what became of them (classifications,
reoffences, expungement records, assignments), their support (acts of help, loans, jobs);
COPY on PostgreSQL — counts the rows written per table, and reports rows per second, the
CPU time and the peak memory of the process, and the load of the machine (shared: a
loaded machine gives fewer rows per second for the same CPU time). The clock is computed by
the generator; ``--verify-clock N`` refreshes N files afterwards with
``expungement_refresh_all`` and counts those it would change (0 expected). Writes
``bench/results/seed-<vendor>-<N>.json``. Not a test: docs/performance.md carries the figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402

from reentry.demo.bulk import ACTIVITIES_PER_FILE, seed_persons_bulk  # noqa: E402
from reentry.geography.selectors import units_loaded  # noqa: E402
from reentry.initiatives.models import Assignment, Initiative, InitiativeMember  # noqa: E402
from reentry.outcomes.expungement import expungement_refresh_all  # noqa: E402
from reentry.outcomes.models import Classification, ExpungementRecord, Reoffence  # noqa: E402
from reentry.persons.models import (  # noqa: E402
    Offence,
    Person,
    ReleaseNotice,
    Residence,
    Sentence,
)
from reentry.support.models import Employment, Loan, SupportActivity  # noqa: E402

TABLES: list[type[models.Model]] = [
    Person,
    Residence,
    Sentence,
    Offence,
    ReleaseNotice,
    SupportActivity,
    Loan,
    Employment,
    Classification,
    Reoffence,
    ExpungementRecord,
    Initiative,
    Initiative.communes.through,
    InitiativeMember,
    Assignment,
]


def counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in TABLES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=ACTIVITIES_PER_FILE)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--verify-clock",
        type=int,
        default=0,
        metavar="N",
        help="refresh the clock of N files afterwards and count those that change",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not units_loaded():
        call_command("load_admin_units", verbosity=0)
    if Person.objects.exists():
        raise SystemExit("the database already holds case files: give bench/seed.py a new one")
    call_command("seed_demo", persons=0, verbosity=0)  # the demo users (a recorder)
    before = counts()
    load_before = os.getloadavg()
    cpu_before, server_before = _cpu(), _server_cpu()
    started = time.monotonic()
    result = seed_persons_bulk(
        seed=args.seed, count=args.persons, activities=args.activities, progress=True
    )
    bulk_seconds = time.monotonic() - started
    cpu_seconds = _cpu() - cpu_before
    server_after = _server_cpu()
    load_after = os.getloadavg()
    written = {name: count - before[name] for name, count in counts().items()}
    rows = sum(written.values())
    out: dict[str, object] = {
        "measured_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "load_average_1min_before_after": [round(load_before[0], 1), round(load_after[0], 1)],
        "database": connection.vendor,
        "persons": args.persons,
        "activities_per_file": args.activities,
        "rows": written,
        "rows_total": rows,
        "bulk_seconds": round(bulk_seconds, 1),
        "rows_per_second": round(rows / bulk_seconds),
        "phases_seconds": {name: round(s, 1) for name, s in result.phases.items()},
        "generator_cpu_seconds": round(cpu_seconds, 1),
        "rows_per_cpu_second": round(rows / cpu_seconds),
        # the database server's process for this connection (same machine; PostgreSQL only)
        "database_cpu_seconds": (
            round(server_after - server_before, 1)
            if server_before is not None and server_after is not None
            else None
        ),
        "peak_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    if args.verify_clock:
        sample = Person.objects.order_by("?").values_list("pk", flat=True)[: args.verify_clock]
        ids = list(sample)
        stored = dict(_clocks(ids))
        started = time.monotonic()
        expungement_refresh_all(Person.objects.filter(pk__in=ids))
        out["verify_clock"] = {
            "files": len(ids),
            "seconds": round(time.monotonic() - started, 1),
            "changed": sum(stored[pk] != clock for pk, clock in _clocks(ids)),
        }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    target = ROOT / "bench" / "results" / f"seed-{connection.vendor}-{args.persons}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu() -> float | None:
    """CPU seconds of the PostgreSQL backend serving this connection, read from /proc when
    the server runs on this machine (None otherwise)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def _clocks(ids: list[int]) -> list[tuple[int, tuple[str, datetime.date | None]]]:
    return [
        (pk, (status, due))
        for pk, status, due in Person.objects.filter(pk__in=ids).values_list(
            "pk", "expungement_status", "expungement_due_on"
        )
    ]


if __name__ == "__main__":
    main()
