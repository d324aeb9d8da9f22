"""Benchmark of the generator: ``seed_demo --persons N`` into an empty database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reentry_seed \\
        .venv/bin/python bench/seed.py --persons 100000

The database must hold no case file (a new one; the units and demo users are made here).
Times each phase — the files written in bulk with their support records (COPY on
PostgreSQL), the expungement clock of each — counts the rows written per table, and reports
rows per second and the peak memory of the process. Writes
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
from django.db import connection  # noqa: E402

from reentry.demo.bulk import ACTIVITIES_PER_FILE, seed_persons_bulk  # noqa: E402
from reentry.geography.selectors import units_loaded  # noqa: E402
from reentry.outcomes.expungement import expungement_refresh_all  # noqa: E402
from reentry.persons.models import (  # noqa: E402
    Offence,
    Person,
    ReleaseNotice,
    Residence,
    Sentence,
)
from reentry.support.models import Employment, Loan, SupportActivity  # noqa: E402

TABLES = [Person, Residence, Sentence, Offence, ReleaseNotice, SupportActivity, Loan, Employment]


def counts() -> dict[str, int]:
    return {model._meta.label_lower: model.objects.count() for model in TABLES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=ACTIVITIES_PER_FILE)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not units_loaded():
        call_command("load_admin_units", verbosity=0)
    if Person.objects.exists():
        raise SystemExit("the database already holds case files: give bench/seed.py a new one")
    call_command("seed_demo", persons=0, verbosity=0)  # the demo users (a recorder)
    before = counts()
    started = time.monotonic()
    seed_persons_bulk(seed=args.seed, count=args.persons, activities=args.activities)
    bulk_seconds = time.monotonic() - started
    written = {name: count - before[name] for name, count in counts().items()}
    started = time.monotonic()
    expungement_refresh_all(Person.objects.filter(expungement_status="", merged_into__isnull=True))
    clock_seconds = time.monotonic() - started
    rows = sum(written.values())
    out = {
        "measured_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "database": connection.vendor,
        "persons": args.persons,
        "activities_per_file": args.activities,
        "rows": written,
        "rows_total": rows,
        "bulk_seconds": round(bulk_seconds, 1),
        "rows_per_second": round(rows / bulk_seconds),
        "expungement_seconds": round(clock_seconds, 1),
        "files_per_second_expungement": round(args.persons / clock_seconds),
        "peak_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    target = ROOT / "bench" / "results" / f"seed-{connection.vendor}-{args.persons}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
