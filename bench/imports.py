"""Benchmark of the importer: a 10,000-row register checked, then committed, through
``services.import_file``, as XLSX and as CSV; rows per second for each phase and the
process's peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reentry_bench_imports \\
        .venv/bin/python bench/imports.py --rows 10000

The people are distinct and plausible (Vietnamese names, CCCD numbers that match their
gender and year of birth, real offences), all in one real commune: Xã Hoằng Hóa (15865) for
the XLSX file, Xã Hoằng Giang (15880) for the CSV one, each imported by that commune's
officer. Phases: build the file in memory, preview (the check, rolled back), commit, and the
same file again (all "already there"). A run starts by deleting the files an earlier run
left in those two communes. Writes ``bench/results/imports-<vendor>-<rows>.json``. Not a
test: nothing here asserts a time; docs/performance.md carries the figures (target of
issue 7: 10,000 rows checked and committed in under 30 s, memory under 500 MB).

The benchmark needs a database of its own (it deletes its earlier runs' files and refuses a
database with other files). ``--profile N`` instead commits an N-row file under cProfile and
prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime
import io
import json
import os
import platform
import pstats
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["DEBUG"] = "0"  # with DEBUG every query is kept in memory: not what is measured

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from faker import Faker  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from reentry.accounts.models import User  # noqa: E402
from reentry.accounts.roles import Role  # noqa: E402
from reentry.core.text import fold_key  # noqa: E402
from reentry.demo.names import full_name  # noqa: E402
from reentry.geography.models import AdminUnit  # noqa: E402
from reentry.geography.selectors import units_loaded  # noqa: E402
from reentry.imports import services  # noqa: E402
from reentry.imports.kinds import REGISTER  # noqa: E402
from reentry.imports.models import ImportBatch  # noqa: E402
from reentry.persons.models import Person  # noqa: E402

# the uploaded originals go to a scratch directory, not to var/media
settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-imports-")

COMMUNES = {"xlsx": "15865", "csv": "15880"}  # Xã Hoằng Hóa, Xã Hoằng Giang (Thanh Hóa)
OFFENCES = [  # article, name, category, months (low, high)
    (173, "Trộm cắp tài sản", "Nghiêm trọng", (9, 48)),
    (173, "Trộm cắp tài sản", "Ít nghiêm trọng", (6, 30)),
    (249, "Tàng trữ trái phép chất ma túy", "Nghiêm trọng", (24, 84)),
    (251, "Mua bán trái phép chất ma túy", "Rất nghiêm trọng", (60, 180)),
    (321, "Đánh bạc", "Ít nghiêm trọng", (6, 36)),
    (134, "Cố ý gây thương tích", "Nghiêm trọng", (12, 60)),
    (174, "Lừa đảo chiếm đoạt tài sản", "Nghiêm trọng", (24, 84)),
    (168, "Cướp tài sản", "Rất nghiêm trọng", (84, 156)),
]
FACILITIES = ["Trại giam Thanh Phong", "Trại giam số 5", "Trại tạm giam Công an tỉnh Thanh Hóa"]
COURTS = ["TAND tỉnh Thanh Hóa", "TAND huyện Hoằng Hóa", "TAND khu vực 4 - Thanh Hóa"]


def peak_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def ensure_setup() -> dict[str, User]:
    call_command("migrate", verbosity=0)
    if not units_loaded():
        call_command("load_admin_units", verbosity=0)
    officers = {}
    for fmt, code in COMMUNES.items():
        unit = AdminUnit.objects.current().get(code=code)
        officers[fmt], _ = User.objects.get_or_create(
            username=f"bench.import.{code}",
            defaults={"role": Role.COMMUNE_OFFICER, "scope_unit": unit, "full_name": "Bench"},
        )
    return officers


def clear() -> None:
    """What an earlier run wrote in the bench communes (deleted: a benchmark's own data). The
    bench needs a database of its own: it refuses one that holds other files (the demo's
    would also collide with its people, and the check would rightly refuse them)."""
    paths = [AdminUnit.objects.current().get(code=code).path for code in COMMUNES.values()]
    if Person.objects.exclude(commune_path__in=paths).exists():
        raise SystemExit(
            "This database holds other case files: give the import benchmark a database of "
            "its own (DATABASE_URL)."
        )
    Person.objects.filter(commune_path__in=paths).delete()
    ImportBatch.objects.filter(unit_path__in=paths).delete()


def people(count: int, seed: int) -> list[list[Any]]:
    """``count`` register rows of distinct people, as a commune's sheet holds them."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    today = timezone.localdate()
    seen: set[tuple[str, int]] = set()
    serials = rng.sample(range(1, 1_000_000), count)
    rows: list[list[Any]] = []
    while len(rows) < count:
        male = rng.random() < 0.88
        given = fake.first_name_male() if male else fake.first_name_female()
        middle = "Văn" if male and rng.random() < 0.5 else fake.middle_name()
        name = full_name(fake.last_name(), middle, given, male=male)
        born = datetime.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
        if (fold_key(name), born.year) in seen:  # the service would ask "the same person?"
            continue
        seen.add((fold_key(name), born.year))
        article, offence, category, (low, high) = rng.choice(OFFENCES)
        months = rng.randint(low, high)
        judged = born + datetime.timedelta(days=365 * rng.randint(19, 35))
        released = judged + datetime.timedelta(days=int(months * 30.4))
        if released >= today:
            released = today - datetime.timedelta(days=rng.randint(1, 3000))
            judged = released - datetime.timedelta(days=int(months * 30.4))
        kind = rng.choices(
            ["Chấp hành xong án phạt tù", "Được đặc xá", "Tha tù trước thời hạn có điều kiện"],
            [85, 5, 10],
        )[0]
        probation_end = (
            (released + datetime.timedelta(days=rng.randint(90, 700))).strftime("%d/%m/%Y")
            if kind.startswith("Tha tù")
            else ""
        )
        digit = (0 if male else 1) + (2 if born.year >= 2000 else 0)
        cccd = f"038{digit}{born.year % 100:02d}{serials[len(rows)]:06d}"
        case = rng.random()
        typed_name = name.upper() if case < 0.1 else name.lower() if case < 0.15 else name
        values = {
            "full_name": typed_name,
            "gender": "Nam" if male else "Nữ",
            "date_of_birth": born.strftime("%d/%m/%Y") if rng.random() < 0.7 else born,
            "national_id": cccd,
            "address_text": f"Thôn {rng.randint(1, 14)}",
            "judgment_number": f"{rng.randint(1, 250)}/{judged.year}/HS-ST",
            "judgment_date": judged.strftime("%d/%m/%Y"),
            "court": rng.choice(COURTS),
            "main_penalty": "Tù có thời hạn",
            "prison_months": months,
            "article": article,
            "offence": offence,
            "category": category,
            "prison_facility": rng.choice(FACILITIES),
            "release_date": released.strftime("%d/%m/%Y") if rng.random() < 0.7 else released,
            "release_type": kind,
            "conditional_probation_end": probation_end,
        }
        rows.append([values.get(c.key, "") for c in REGISTER.columns])
    return rows


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """As Excel saves it: a sheet that states its dimension (openpyxl's write-only mode
    leaves it out, which makes every reader scan the sheet once more)."""
    book = Workbook()
    sheet = book.active
    sheet.append([str(c.header) for c in REGISTER.columns])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.header) for c in REGISTER.columns])
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v for v in row]
        )
    return out.getvalue().encode("utf-8-sig")  # "CSV UTF-8" as Excel saves it


def timed(label: str, rows: int, work: Any) -> tuple[dict[str, Any], Any]:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    row = {
        "phase": label,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "peak_rss_mb": peak_mb(),
    }
    if result is not None and hasattr(result, "created"):
        row["outcome"] = {
            "created": result.created,
            "updated": result.updated,
            "duplicates": result.duplicates,
            "errors": len(result.error_lines),
        }
        if result.problems:
            row["first_problems"] = [
                f"{p.line} {p.column}: {p.message}" for p in result.problems[:5]
            ]
    print(
        f"{label:<28} {row['seconds']:>8.2f} s  {row['rows_per_s'] or 0:>7} rows/s  "
        f"peak {row['peak_rss_mb']:>7.1f} MB" + (f"  {row['outcome']}" if "outcome" in row else "")
    )
    return row, result


def one_format(fmt: str, officer: User, rows: list[list[Any]]) -> list[dict[str, Any]]:
    code = COMMUNES[fmt]
    filename = f"so-theo-doi-{code}.{fmt}"
    count = len(rows)

    def build() -> bytes:
        return xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)

    def run(commit: bool) -> Any:
        return services.import_file(
            actor=officer,
            kind_code="register",
            unit_code=code,
            data=data,
            filename=filename,
            commit=commit,
        )

    results = []
    row, data = timed(f"{fmt}: build file", count, build)
    row["bytes"] = len(data)
    results.append(row)
    for label, commit in (("preview", False), ("commit", True), ("same file again", True)):
        row, _ = timed(f"{fmt}: {label}", count, lambda commit=commit: run(commit))
        results.append(row)
    return results


def profile(count: int) -> None:
    officers = ensure_setup()
    clear()
    data = xlsx_bytes(people(count, seed=7))
    profiler = cProfile.Profile()
    profiler.enable()
    services.import_file(
        actor=officers["xlsx"],
        kind_code="register",
        unit_code=COMMUNES["xlsx"],
        data=data,
        filename="profile.xlsx",
        commit=True,
    )
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    target = ROOT / "bench" / "results" / f"imports-profile-{connection.vendor}-{count}.txt"
    target.write_text(out.getvalue(), encoding="utf-8")
    print(out.getvalue())
    print(f"→ {target.relative_to(ROOT)}")
    clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--formats", default="xlsx,csv")
    parser.add_argument("--profile", type=int, default=0, help="profile a commit of N rows")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    officers = ensure_setup()
    clear()
    started_mb = peak_mb()
    print(f"{connection.vendor}, {args.rows} rows; peak memory before: {started_mb} MB")
    formats = args.formats.split(",")
    # one pool, so that no two files hold the same person (the check would refuse the second)
    pool = people(args.rows * len(formats), seed=1)
    results = []
    for index, fmt in enumerate(formats):
        results += one_format(fmt, officers[fmt], pool[index * args.rows : (index + 1) * args.rows])
    out = {
        "date": timezone.localdate().isoformat(),
        "database": connection.vendor,
        "rows": args.rows,
        "peak_rss_mb_at_start": started_mb,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "results": results,
    }
    target = ROOT / "bench" / "results" / f"imports-{connection.vendor}-{args.rows}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"→ {target.relative_to(ROOT)}")
    clear()


if __name__ == "__main__":
    main()
