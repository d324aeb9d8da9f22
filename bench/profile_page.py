"""Where a page's Python time goes: one page requested many times in this process, under the
load benchmark's settings (``config.settings.bench``: production middleware, DEBUG off), with
cProfile around the requests.

    .venv/bin/python bench/profile_page.py --path /persons/ --requests 300
    .venv/bin/python bench/profile_page.py --path /persons/ --sort tottime --top 40

It prepares the database the way ``bench/load.py`` does (``createdb reentry_load`` first; the
files are seeded once), logs a bench officer in with a verified second factor, warms up, then
prints the wall and CPU time per request and the functions that cost most. The figures are
for finding the cost, not for the table in docs/performance.md: the load benchmark is the
measure.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import bench_environment, prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reentry_load"
        ),
    )
    parser.add_argument("--persons", type=int, default=100_000, help="files seeded if missing")
    parser.add_argument("--path", default="/persons/", help="the page requested")
    parser.add_argument("--user", default="bench.xa.001", help="a bench account")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--queries", action="store_true", help="print one request's SQL too")
    parser.add_argument("--dump", default="", help="also save the profile here (pstats, snakeviz)")
    args = parser.parse_args()

    env = bench_environment(args.database)
    prepare(env, persons=args.persons, accounts=1)
    os.environ.update(env)

    import django

    django.setup()
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reentry.accounts.models import User

    user = User.objects.get(username=args.user)
    client = Client(SERVER_NAME="127.0.0.1")  # the bench settings allow loopback hosts only
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()

    def get() -> None:
        response = client.get(args.path)
        if response.status_code != 200:
            sys.exit(f"{args.path} answered {response.status_code}")

    for _ in range(args.warmup):
        get()
    if args.queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            get()
        for number, query in enumerate(captured.captured_queries, 1):
            print(f"{number:3d}. {query['sql'][:300]}")
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        get()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{args.path}: {args.requests} requests, {1000 * wall / args.requests:.1f} ms wall and "
        f"{1000 * cpu / args.requests:.1f} ms CPU each in this process, without the profiler"
    )
    profile = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    profile.enable()
    for _ in range(args.requests):
        get()
    profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{args.path}: {args.requests} requests, {1000 * wall / args.requests:.1f} ms wall and "
        f"{1000 * cpu / args.requests:.1f} ms CPU each with the profiler, which adds to both"
    )
    if args.dump:
        profile.dump_stats(args.dump)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
