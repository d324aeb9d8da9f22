"""Benchmark of the case file at scale: list and detail pages, server time and queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reentry_bench \\
        .venv/bin/python bench/persons.py --persons 100000

Creates the data when missing (units, demo users, ``seed_demo --persons N``), then times
each page in-process through Django's test client (server time: view, queries, template),
N runs each, and writes ``bench/results/persons-<vendor>-<N>.json``. Not a test: nothing
here asserts a time; docs/performance.md carries the figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django  # noqa: E402
import django.utils.timezone  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from signin import signed_in  # noqa: E402  (bench/signin.py, beside this script)

from reentry.accounts.models import User  # noqa: E402
from reentry.geography.selectors import units_loaded  # noqa: E402
from reentry.persons.models import Person, Sentence  # noqa: E402
from reentry.persons.selectors import _encode, persons_for  # noqa: E402


def ensure_data(persons: int) -> None:
    call_command("migrate", verbosity=0)
    if not units_loaded():
        call_command("load_admin_units", verbosity=0)
    if Person.objects.count() < persons:
        call_command("seed_demo", persons=persons, verbosity=1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def long_history_person(officer: User) -> Person:
    """A file of Xã Hoằng Hóa with 100 sentences: 200 timeline entries."""
    person = persons_for(officer).order_by("id").first()
    if person is None:
        raise SystemExit("no file in the officer's commune: seed the demo first")
    have = Sentence.objects.filter(person=person).count()
    rows = [
        Sentence(
            person=person,
            judgment_number=f"{i}/2010/HS-ST",
            judgment_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=60 * i),
            court="Tòa án nhân dân huyện",
            main_penalty="prison",
            prison_months=1,
            release_date=datetime.date(2000, 2, 1) + datetime.timedelta(days=60 * i),
            release_type="completed",
        )
        for i in range(have, 100)
    ]
    Sentence.objects.bulk_create(rows)
    return person


def busy_person(officer: User) -> Person:
    """A second file of Xã Hoằng Hóa with 500 acts of help (the issue's size)."""
    from reentry.support.models import SupportActivity

    person = persons_for(officer).order_by("id")[1]
    have = SupportActivity.objects.filter(person=person).count()
    SupportActivity.objects.bulk_create(
        SupportActivity(
            person=person,
            kind="encouragement_visit",
            occurred_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=3 * i),
            provider_kind="member",
            provider_name="Tổ 3/1",
            outcome="Đã gặp gỡ, động viên",
            recorded_by=officer,
        )
        for i in range(have, 500)
    )
    return person


def measure(client: Client, url: str, runs: int) -> dict[str, float | int | str]:
    client.get(url)  # warm caches
    times, queries, status = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    times.sort()
    return {
        "url": url,
        "status": status,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "queries": queries,
    }


def page_cursor(officer: User, page: int | None = None) -> tuple[int, str]:
    """The page number and cursor of page ``page`` of the officer's list (newest first),
    or of its deepest page when it has fewer (or ``page`` is None)."""
    ids = persons_for(officer).order_by("-id").values_list("id", flat=True)
    last = max(1, (ids.count() + 24) // 25)
    page = last if page is None else min(page, last)
    if page == 1:
        return 1, ""
    return page, _encode([ids[(page - 1) * 25 - 1]])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    ensure_data(args.persons)
    commune = User.objects.get(username="ca.hoanghoa")
    province = User.objects.get(username="tinh.thanhhoa")
    analyst = User.objects.get(username="phantich.quocgia")
    year = django.utils.timezone.localdate().year
    person = long_history_person(commune)
    busy = busy_person(commune)
    province_total = persons_for(province).count()
    deepest, deepest_cursor = page_cursor(province)
    thousandth, thousandth_cursor = page_cursor(province, 1000)
    cases = {
        "commune list, page 1": (commune, "/persons/"),
        "province list, page 1": (province, "/persons/"),
        "province list, status filter": (province, "/persons/?status=managed"),
        "province list, name search": (province, "/persons/?q=nguyen+van"),
        "province list, release year": (province, "/persons/?release_year=2020"),
        "province list, conditional": (province, "/persons/?release_type=conditional"),
        "province list, sorted by name": (province, "/persons/?sort=name"),
        f"province list, page {thousandth:,}": (province, f"/persons/?after={thousandth_cursor}"),
        f"province list, last page ({deepest:,})": (province, f"/persons/?after={deepest_cursor}"),
        "person detail, 200 timeline entries": (commune, f"/persons/{person.pk}/"),
        "person detail, 500 acts of help": (commune, f"/persons/{busy.pk}/"),
        "commune worklist": (commune, "/worklist/"),
        "API person list, search": (province, "/api/v1/persons/?search=nguyen"),
        "province worklist": (province, "/worklist/"),
        "province report, year, commune columns": (
            province,
            f"/reports/?unit=38&kind=year&year={year}",
        ),
        "national report, year, province columns": (
            analyst,
            f"/reports/?unit=VN&kind=year&year={year}",
        ),
    }
    results = []
    for label, (user, url) in cases.items():
        client = signed_in(user.username)
        row = measure(client, url, args.runs)
        row["case"] = label
        results.append(row)
        print(
            f"{label:<45} {row['median_ms']:>8} ms  p95 {row['p95_ms']:>8} ms  "
            f"{row['queries']:>3} queries  ({row['status']})"
        )
    out = {
        "date": django.utils.timezone.localdate().isoformat(),
        "database": connection.vendor,
        "persons": Person.objects.count(),
        "province_persons": province_total,
        "runs": args.runs,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "results": results,
    }
    target = ROOT / "bench" / "results" / f"persons-{connection.vendor}-{args.persons}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"→ {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
