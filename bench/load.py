"""Load benchmark: the app under gunicorn on loopback, driven by locust (bench/locustfile.py).

    .venv/bin/python bench/load.py \\
        --database-url postgres://postgres@127.0.0.1:5432/reentry_load --users 50 --duration 2m

1. Prepares the database when it lacks data: ``migrate``, ``load_admin_units``,
   ``seed_demo --persons N --activities 0``, then one account per simulated user
   (``bench.xa.NNN`` commune officers of Xã Hoằng Hóa, ``bench.tinh.NNN`` province officers
   of Thanh Hóa, with the demo's deterministic TOTP key) and ``collectstatic``.
2. Starts ``gunicorn config.wsgi`` on 127.0.0.1 with ``config.settings.bench`` (production
   settings, plain HTTP on loopback): DEBUG off, the bench's own keys (below).
3. Runs locust headless (``-u``, ``-r``, ``-t``), stops gunicorn, and writes
   ``bench/results/load-<vendor>-<persons>[-list].json``: requests/s, p50/p95/p99 per
   request name, in total and without the login steps, and the errors.

The database must be seeded by this script (or with the same keys): identity numbers are
encrypted with ``FIELD_ENCRYPTION_KEYS``, which the bench derives from a fixed, public
secret (``BENCH_SECRET``) unless the environment gives its own. Never point it at a
database with real data. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_SECRET = "bench-load-only-not-a-secret"  # noqa: S105 - a benchmark database only
OFFICER_UNIT = "15865"  # Xã Hoằng Hóa
ANALYST_UNIT = "38"  # Tỉnh Thanh Hóa


def bench_environment(database_url: str) -> dict[str, str]:
    """The environment of every step: the bench settings, its keys, loopback hosts only."""
    sys.path.insert(0, str(ROOT))
    from reentry.core.crypto import derived_key

    secret = os.environ.get("SECRET_KEY") or BENCH_SECRET
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=database_url,
        SECRET_KEY=secret,
        FIELD_ENCRYPTION_KEYS=os.environ.get("FIELD_ENCRYPTION_KEYS")
        or derived_key(secret, "field-encryption"),
        FIELD_HASH_KEY=os.environ.get("FIELD_HASH_KEY") or derived_key(secret, "field-hash"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="0",
    )
    return env


def prepare(env: dict[str, str], *, persons: int, accounts: int) -> dict[str, Any]:
    """Data, accounts and static files (idempotent): runs in a child process of its own so
    this one holds no database connection while the server runs."""
    script = f"""
import django, json
django.setup()
from django.core.management import call_command
from django.db import connection
from reentry.accounts.roles import Role
from reentry.accounts.selectors import user_exists
from reentry.accounts.services import user_create
from reentry.accounts.two_factor import demo_device_ensure
from reentry.demo.generator import DEMO_PASSWORD
from reentry.geography.selectors import units_loaded
from reentry.persons.models import Person

call_command("migrate", verbosity=0)
if not units_loaded():
    call_command("load_admin_units", verbosity=0)
if Person.objects.count() < {persons}:
    call_command("seed_demo", persons={persons}, activities=0, verbosity=1)
# planner statistics: a database just seeded has none until autovacuum comes by
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
made = 0
for prefix, role, unit in (("bench.xa.", Role.COMMUNE_OFFICER, "{OFFICER_UNIT}"),
                           ("bench.tinh.", Role.PROVINCE_OFFICER, "{ANALYST_UNIT}")):
    for i in range(1, {accounts} + 1):
        username = f"{{prefix}}{{i:03d}}"
        if not user_exists(username):
            user = user_create(actor=None, username=username, role=role, unit_code=unit,
                               password=DEMO_PASSWORD, via="bench/load.py")
            demo_device_ensure(user=user)
            made += 1
from django.conf import settings
from pathlib import Path
manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
sources = [p for d in settings.STATICFILES_DIRS for p in Path(d).rglob("*") if p.is_file()]
if not manifest.exists() or max(p.stat().st_mtime for p in sources) > manifest.stat().st_mtime:
    call_command("collectstatic", interactive=False, verbosity=0)
print(json.dumps({{"persons": Person.objects.count(), "accounts_made": made,
                   "vendor": connection.vendor}}))
"""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(result.stderr)
    if result.returncode:
        sys.exit(f"Preparing the bench database failed (exit {result.returncode}); see above.")
    return json.loads(result.stdout.strip().splitlines()[-1])


def cpu_seconds(server_pid: int, database: str) -> dict[str, dict[int, float]]:
    """CPU time used so far by the gunicorn workers and by the PostgreSQL backends of the
    bench database, per process: on a shared machine, CPU per request is steadier than
    requests per second."""
    import psutil

    def used(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    found: dict[str, dict[int, float]] = {"gunicorn": {}, "postgresql": {}}
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(server_pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                found["gunicorn"][child.pid] = used(child)
    for process in psutil.process_iter(["cmdline"]):
        with contextlib.suppress(psutil.Error):
            line = " ".join(process.info["cmdline"] or [])
            if line.startswith("postgres:") and f" {database} " in line:
                found["postgresql"][process.pid] = used(process)
    return found


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict:
    return {
        side: round(sum(t - before[side].get(pid, 0.0) for pid, t in after[side].items()), 2)
        for side in after
    }


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"gunicorn did not answer {url} in {timeout:.0f} s")
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_LOAD_DATABASE_URL") or os.environ.get("DATABASE_URL"),
        help="PostgreSQL database for the bench (BENCH_LOAD_DATABASE_URL)",
    )
    parser.add_argument("--persons", type=int, default=100_000, help="files seeded if missing")
    parser.add_argument("--users", type=int, default=50, help="simulated users (locust -u)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--duration", default="2m", help="locust -t: 2m, 90s, ...")
    parser.add_argument("--scenario", choices=["mixed", "list"], default="mixed")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn -w")
    parser.add_argument(
        "--worker-class", default="sync", help="gunicorn -k: sync (docs/operations.md) or gthread"
    )
    parser.add_argument("--threads", type=int, default=6, help="gunicorn --threads (gthread)")
    parser.add_argument("--label", default="", help="suffix of the result file (a variant)")
    parser.add_argument(
        "--without-reports", action="store_true", help="leave out the report tasks (locust tags)"
    )
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgres"):
        raise SystemExit("--database-url (or BENCH_LOAD_DATABASE_URL): a PostgreSQL database")

    env = bench_environment(args.database_url)
    print("Preparing the database (migrate, units, seed, accounts, static) ...", flush=True)
    started = time.monotonic()
    data = prepare(env, persons=args.persons, accounts=args.users)
    print(f"  ready in {time.monotonic() - started:.0f} s: {data}", flush=True)

    host = f"http://127.0.0.1:{args.port}"
    gunicorn = [
        str(BIN / "gunicorn"),
        "config.wsgi",
        "-b",
        f"127.0.0.1:{args.port}",
        "-w",
        str(args.workers),
        "-k",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--worker-tmp-dir",
        "/dev/shm",  # noqa: S108 - gunicorn's heartbeat files, the documented place
        "--log-level",
        "warning",
    ]
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    suffix = "-list" if args.scenario == "list" else ""
    suffix += f"-{args.label}" if args.label else ""
    name = f"load-{data['vendor']}-{data['persons']}{suffix}"
    summary_path = results / f".{name}-locust.json"
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)  # noqa: S603
    try:
        wait_until_up(f"{host}/health/")
        locust = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "-H",
            host,
            "-u",
            str(args.users),
            "-r",
            str(args.spawn_rate),
            "-t",
            args.duration,
            "--only-summary",
            "--stop-timeout",
            "10",
            *(["--exclude-tags", "reports"] if args.without_reports else []),
        ]
        locust_env = {**env, "LOAD_SCENARIO": args.scenario, "LOAD_SUMMARY": str(summary_path)}
        print("Running: " + " ".join(locust[3:]), flush=True)
        database = urlsplit(args.database_url).path.lstrip("/")
        cpu_before = cpu_seconds(server.pid, database)
        subprocess.run(locust, cwd=ROOT, env=locust_env, check=False)  # noqa: S603
        cpu = cpu_used(cpu_before, cpu_seconds(server.pid, database))
        load_average = [round(x, 2) for x in os.getloadavg()]  # 1, 5, 15 min: the others' work
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    figures = json.loads(summary_path.read_text(encoding="utf-8"))
    summary_path.unlink()
    result = {
        "benchmark": "load",
        "scenario": args.scenario,
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "note": "locust, gunicorn and PostgreSQL on the same machine, shared with other work",
            "load_average_at_end": load_average,
        },
        "database": data["vendor"],
        "persons": data["persons"],
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "duration": args.duration,
        "without_reports": args.without_reports,
        "gunicorn": {
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
        },
        "cpu_seconds": cpu,
        "cpu_ms_per_request": {
            side: round(1000 * seconds / max(figures["total"]["requests"], 1), 1)
            for side, seconds in cpu.items()
        },
        **figures,
    }
    out = results / f"{name}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total, pages, casework = figures["total"], figures["pages"], figures["casework"]
    print(
        f"\n{out.relative_to(ROOT)}\n"
        f"  all:   {total['requests']} requests, {total['rps']} req/s, p50 {total['p50_ms']} ms, "
        f"p95 {total['p95_ms']} ms, p99 {total['p99_ms']} ms, {total['failures']} failures\n"
        f"  pages: {pages['rps']} req/s, p50 {pages['p50_ms']} ms, p95 {pages['p95_ms']} ms, "
        f"p99 {pages['p99_ms']} ms, {pages['failures']} failures\n"
        f"  casework (no reports): {casework['rps']} req/s, p50 {casework['p50_ms']} ms, "
        f"p95 {casework['p95_ms']} ms, p99 {casework['p99_ms']} ms\n"
        f"  CPU per request: {result['cpu_ms_per_request']} ms"
    )
    for row_name, row in figures["by_name"].items():
        print(
            f"  {row_name:<34} {row['requests']:>6} {row['rps']:>7} req/s  p50 {row['p50_ms']:>5}"
            f"  p95 {row['p95_ms']:>5}  p99 {row['p99_ms']:>5}  failures {row['failures']}"
        )


if __name__ == "__main__":
    main()
