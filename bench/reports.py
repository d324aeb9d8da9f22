"""Benchmark of the reports at scale, with an independent recount in DuckDB as reference.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reentry_bench \\
        .venv/bin/python bench/reports.py --persons 100000

Uses the database as seeded (creates the data when it holds fewer files: units, demo users,
``seed_demo --persons N``, as bench/persons.py does). For the year with the most acts of
help (or ``--year``) and its busiest quarter, times, as median and p95 of ``--runs`` runs
after one warm-up, with the number of queries:

- the national report, one column per province: ``engine.compute`` and the page
  ``/reports/`` as the national analyst (``phantich.quocgia``);
- the report of Tỉnh Thanh Hóa (38), one column per commune and the province's own: the
  engine and the page as the province officer (``tinh.thanhhoa``);
- the same two for the quarter, engine only;
- one pass of each measure of ``measures.MEASURES``: where the engine's time goes.

Reference (skip with ``--skip-reference``): the rows the measures read are exported to
Parquet (bench/reference.py: plain columns only, fetched in chunks, written in batches),
then DuckDB recounts every base indicator of every column of each report. The export is
timed once; the DuckDB query as the median of ``--runs``. "ratio" is our median divided by
DuckDB's. Every base indicator of every column must agree: disagreements are printed and
stored, and make the script exit with status 1.

Writes ``bench/results/reports-<vendor>-<N>.json`` (a partial run: ``…-duckdb-only.json``,
``…-no-reference.json``). Not a test: nothing here asserts a time; docs/performance.md
carries the figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from django.db.models import Count  # noqa: E402
from django.db.models.functions import ExtractQuarter, ExtractYear  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from signin import signed_in  # noqa: E402  (bench/signin.py, beside this script)

from reentry.accounts.models import User  # noqa: E402
from reentry.geography.models import AdminUnit  # noqa: E402
from reentry.geography.selectors import units_loaded  # noqa: E402
from reentry.persons.models import Person  # noqa: E402
from reentry.reports.engine import compute  # noqa: E402
from reentry.reports.periods import Period, period_of  # noqa: E402
from reentry.support.models import SupportActivity  # noqa: E402

PROVINCE = "38"  # Tỉnh Thanh Hóa: the demo's province, about 5 % of the files
ANALYST, PROVINCE_OFFICER = "phantich.quocgia", "tinh.thanhhoa"


def ensure_data(persons: int) -> None:
    call_command("migrate", verbosity=0)
    if not units_loaded():
        call_command("load_admin_units", verbosity=0)
    if Person.objects.count() < persons:
        call_command("seed_demo", persons=persons, verbosity=1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def busiest(year: int | None) -> tuple[int, int]:
    """The year with the most acts of help (or the one given) and its busiest quarter."""
    acts = SupportActivity.objects.order_by()
    if year is None:
        by_year = acts.annotate(y=ExtractYear("occurred_on")).values("y").annotate(n=Count("id"))
        top = max(by_year, key=lambda row: row["n"], default=None)
        year = top["y"] if top else django.utils.timezone.localdate().year
    in_year = acts.filter(occurred_on__year=year)
    by_quarter = (
        in_year.annotate(q=ExtractQuarter("occurred_on")).values("q").annotate(n=Count("id"))
    )
    top_quarter = max(by_quarter, key=lambda row: row["n"], default={"q": 1})
    return int(year), int(top_quarter["q"])


def timed(run: Callable[[], Any], runs: int) -> tuple[dict[str, Any], Any]:
    """Median and p95 of ``runs`` calls after one warm-up, the queries of the last, and
    its result; ``first_ms`` is the warm-up's time (what a cold cache costs, where the
    engine keeps one)."""
    started = time.perf_counter()
    result = run()  # warm-up: caches, the planner, the first connection
    first = (time.perf_counter() - started) * 1000
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = run()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return stats(times) | {"queries": queries, "first_ms": round(first, 1)}, result


def after_write(unit: AdminUnit, period: Period, runs: int) -> dict[str, Any]:
    """The report right after an act of help is recorded in one of the unit's communes
    (each run records one, then times the report): what an open period costs while the
    communes work. The stored figures of that commune's province are mended (the commune
    recounted). The acts are deleted at the end and the report asked once more."""
    from reentry.accounts.roles import Role

    where = unit.path if unit.kind != "nation" else "VN/38/"
    person = Person.objects.filter(commune_path__startswith=where, status="managed").first()
    recorder = User.objects.filter(role=Role.COMMUNE_OFFICER).order_by("id").first()
    if person is None or recorder is None:
        return {}
    made, times = [], []
    for _ in range(runs):
        made.append(
            SupportActivity.objects.create(
                person=person,
                kind="counselling",
                occurred_on=period.start,
                provider_name="bench",
                recorded_by=recorder,
            ).pk
        )
        started = time.perf_counter()
        compute(unit, period, children=True)
        times.append((time.perf_counter() - started) * 1000)
    SupportActivity.objects.filter(pk__in=made).delete()
    compute(unit, period, children=True)
    return stats(times) | {"commune": person.commune_path}


def stats(times: list[float]) -> dict[str, Any]:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95 + 0.5) - 1)], 1),
        "runs_ms": [round(t, 1) for t in times],
    }


def by_measure(unit: AdminUnit, period: Period) -> dict[str, float]:
    """Where the engine's time goes: one pass of each measure (``measures.MEASURES``, what
    ``engine.base_values`` runs for the unit), in milliseconds."""
    from reentry.reports import measures

    out = {}
    for measure in getattr(measures, "MEASURES", ()):
        started = time.perf_counter()
        measure(period, unit.path)
        out[measure.__name__] = round((time.perf_counter() - started) * 1000, 1)
    return out


def page(username: str, unit: str, period: Period) -> Callable[[], Any]:
    client = signed_in(username)
    query = "&".join(f"{k}={v}" for k, v in period.query(unit).items())
    url = f"/reports/?{query}"

    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {username}: HTTP {response.status_code}")
        return response

    get.url = url  # type: ignore[attr-defined]
    return get


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--persons", type=int, default=10_000, help="files wanted (seeded if fewer)"
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs of each case, after a warm-up"
    )
    parser.add_argument("--year", type=int, help="the report year (default: most acts of help)")
    parser.add_argument("--skip-reference", action="store_true", help="no Parquet, no DuckDB")
    parser.add_argument(
        "--duckdb-only",
        action="store_true",
        help="no timing of the engine or pages: export, DuckDB and the agreement check",
    )
    parser.add_argument("--skip-pages", action="store_true", help="time the engine, not the pages")
    parser.add_argument(
        "--export-dir",
        type=Path,
        help="where the Parquet files go (default var/reference-<vendor>-<N>/)",
    )
    parser.add_argument("--batch", type=int, default=100_000, help="rows per fetch and write")
    args = parser.parse_args()
    if args.duckdb_only and args.skip_reference:
        parser.error("--duckdb-only and --skip-reference leave nothing to do")
    ensure_data(args.persons)
    year, quarter = busiest(args.year)
    nation = AdminUnit.objects.get(code="VN", kind="nation")
    province = AdminUnit.objects.get(code=PROVINCE, kind="province")
    yearly, quarterly = period_of("year", year), period_of("quarter", year, quarter)
    cases = [
        ("national report, year, province columns", nation, yearly, ANALYST),
        ("province report, year, commune columns", province, yearly, PROVINCE_OFFICER),
        ("national report, quarter, province columns", nation, quarterly, None),
        ("province report, quarter, commune columns", province, quarterly, None),
    ]
    print(
        f"{connection.vendor}, {Person.objects.count():,} files, "
        f"{SupportActivity.objects.count():,} acts of help; year {year}, quarter {quarter}"
    )
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} cores: timings will be noisy")
    out: dict[str, Any] = {
        "measured_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "load_average_at_start": round(load, 2),
        "database": connection.vendor,
        "database_version": str(
            connection.pg_version  # type: ignore[attr-defined]
            if connection.vendor == "postgresql"
            else connection.Database.sqlite_version
        ),
        "persons": Person.objects.count(),
        "activities": SupportActivity.objects.count(),
        "year": year,
        "quarter": quarter,
        "runs": args.runs,
        "cases": [],
    }
    reference = None
    if not args.skip_reference:
        from reference import Reference, disagreements, engine_columns, export

        directory = (
            args.export_dir or ROOT / "var" / f"reference-{connection.vendor}-{args.persons}"
        )
        started = time.perf_counter()
        tables = export(directory, batch=args.batch)
        seconds = time.perf_counter() - started
        out["export"] = {
            "directory": str(directory),
            "seconds": round(seconds, 2),
            "rows": sum(int(t["rows"]) for t in tables.values()),
            "bytes": sum(int(t["bytes"]) for t in tables.values()),
            "tables": {
                name: {
                    "rows": int(t["rows"]),
                    "bytes": int(t["bytes"]),
                    "seconds": round(t["seconds"], 2),
                }
                for name, t in tables.items()
            },
        }
        print(
            f"export to Parquet: {out['export']['rows']:,} rows, "
            f"{out['export']['bytes'] / 2**20:.1f} MiB in {seconds:.1f} s"
        )
        import duckdb

        out["duckdb_version"] = duckdb.__version__
        reference = Reference(directory)
        threads = reference.connection.execute("SELECT current_setting('threads')").fetchone()
        out["duckdb_threads"] = threads[0] if threads else None
    failed = 0
    for label, unit, period, username in cases:
        row: dict[str, Any] = {"case": label, "unit": unit.code, "period": period.label}
        if args.duckdb_only:
            report = compute(unit, period, children=True)
        else:
            row["engine"], report = timed(
                lambda u=unit, p=period: compute(u, p, children=True), args.runs
            )
            if username and not args.skip_pages:
                get = page(username, unit.code, period)
                row["page"], _response = timed(get, args.runs)
                row["page"]["url"] = get.url  # type: ignore[attr-defined]
                row["page"]["user"] = username
        row["columns"] = 1 + len(report.children)
        if not args.duckdb_only:
            row["by_measure_ms"] = by_measure(unit, period)
        if reference is not None:
            times = []
            counted: dict[str, dict[str, int]] = {}
            reference.columns(unit.code, period.start, period.end)  # warm-up
            for _ in range(args.runs):
                started = time.perf_counter()
                counted = reference.columns(unit.code, period.start, period.end)
                times.append((time.perf_counter() - started) * 1000)
            row["duckdb"] = stats(times)
            duck = row["duckdb"]["median_ms"]
            for side in ("engine", "page"):
                if side in row and duck:
                    row[side]["ratio"] = round(row[side]["median_ms"] / duck, 1)
            found = disagreements(engine_columns(report), counted)
            row["cells_compared"] = sum(len(v) for v in engine_columns(report).values())
            row["disagreements"] = found
            failed += len(found)
        if not args.duckdb_only:
            row["after_write"] = after_write(unit, period, args.runs)
        out["cases"].append(row)
        print_row(row)
    out["load_average_at_end"] = round(os.getloadavg()[0], 2)
    out["peak_memory_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    if reference is not None:
        out["agreement"] = (
            "every base indicator of every column equal"
            if not failed
            else f"{failed} disagreements"
        )
        print(f"agreement: {out['agreement']}")
    # a partial run does not overwrite the full one
    partial = "-duckdb-only" if args.duckdb_only else "-no-reference" if args.skip_reference else ""
    name = f"reports-{connection.vendor}-{args.persons}{partial}.json"
    target = ROOT / "bench" / "results" / name
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"→ {target.relative_to(ROOT)}")
    if failed:
        sys.exit(1)


def print_row(row: dict[str, Any]) -> None:
    print(f"{row['case']} ({row['period']}, {row['columns']} columns)")
    for side in ("engine", "page", "duckdb", "after_write"):
        if row.get(side):
            r = row[side]
            extra = f"  {r['queries']:>3} queries" if "queries" in r else ""
            extra += f"  first {r['first_ms']:.0f} ms" if "first_ms" in r else ""
            ratio = f"  ratio {r['ratio']}x" if "ratio" in r else ""
            print(
                f"  {side:<7} median {r['median_ms']:>9} ms  p95 {r['p95_ms']:>9} ms{extra}{ratio}"
            )
    if row.get("by_measure_ms"):
        parts = sorted(row["by_measure_ms"].items(), key=lambda item: -item[1])
        print("  by measure: " + ", ".join(f"{name} {ms:.0f}" for name, ms in parts[:5]) + " ms")
    for d in row.get("disagreements", [])[:20]:
        print(
            f"  DISAGREE {d['column']:<10} {d['indicator']:<32} "
            f"engine {d['engine']}  duckdb {d['duckdb']}"
        )
    if len(row.get("disagreements", [])) > 20:
        print(f"  … {len(row['disagreements']) - 20} more in the JSON")


if __name__ == "__main__":
    main()
