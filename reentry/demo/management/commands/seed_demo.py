"""``manage.py seed_demo [--seed N]``: demo users of every role in the seed articles' places."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.accounts.two_factor import demo_secret_of
from reentry.core.errors import DomainError
from reentry.demo.bulk import ACTIVITIES_PER_FILE, seed_persons_bulk
from reentry.demo.generator import DEMO_PASSWORD, seed_demo
from reentry.demo.initiatives import seed_initiatives, seed_outreach
from reentry.demo.oversight import seed_oversight
from reentry.demo.persons import persons_total, seed_persons
from reentry.demo.reports import seed_report_signoff
from reentry.geography.selectors import units_loaded
from reentry.outcomes.expungement import expungement_refresh_all
from reentry.persons.models import Person

DEFAULT_PERSONS = 150


class Command(BaseCommand):
    help = "Create the deterministic demo data (run load_admin_units first). Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--persons",
            type=int,
            default=DEFAULT_PERSONS,
            help=f"Case files in the demo communes (default {DEFAULT_PERSONS}).",
        )
        parser.add_argument(
            "--activities",
            type=int,
            default=ACTIVITIES_PER_FILE,
            help="Acts of help per file written in bulk, on average "
            f"(default {ACTIVITIES_PER_FILE}; 0 for files only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not units_loaded():
            raise CommandError(
                "Chưa có đơn vị hành chính: chạy `python manage.py load_admin_units` trước.",
                returncode=2,
            )
        try:
            result = seed_demo(seed=options["seed"])
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"Dữ liệu mẫu: tạo mới {len(result.created)} tài khoản, "
            f"giữ nguyên {len(result.existing)} tài khoản đã có."
        )
        self.stdout.write(
            f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}; khóa xác thực hai lớp TOTP để "
            "thêm vào ứng dụng xác thực, hoặc lấy mã hiện tại bằng "
            "`python manage.py demo_totp TÊN`):"
        )
        for user in sorted(result.created + result.existing, key=lambda u: u.username):
            secret = demo_secret_of(user)
            self.stdout.write(
                f"  {user.username:<18} {secret or '(đã tự đăng ký)':<34} "
                f"{user.get_role_display()} — {user.scope.name}"
            )
        if options["persons"] < 0:
            raise CommandError("--persons phải là số không âm.", returncode=2)
        if options["activities"] < 0:
            raise CommandError("--activities phải là số không âm.", returncode=2)
        wanted = options["persons"]
        persons = seed_persons(seed=options["seed"], total=min(wanted, DEFAULT_PERSONS))
        self.stdout.write(
            f"Hồ sơ mẫu: tạo mới {persons.created}, đã có {persons.existing}, "
            f"chuyển xã {persons.transfers}."
        )
        initiatives = seed_initiatives(seed=options["seed"])
        self.stdout.write(f"Mô hình mẫu: tạo mới {initiatives}.")
        outreach = seed_outreach(seed=options["seed"])
        self.stdout.write(f"Hoạt động tuyên truyền mẫu: tạo mới {outreach}.")
        inspections = seed_oversight()
        self.stdout.write(f"Kiểm tra, khen thưởng mẫu: tạo mới {inspections} cuộc kiểm tra.")
        extra = wanted - persons_total()
        if wanted > DEFAULT_PERSONS and extra > 0:
            self.stdout.write(f"Tạo thêm {extra:,} hồ sơ trên cả nước (ghi hàng loạt)…")
            bulk = seed_persons_bulk(
                seed=options["seed"],
                count=extra,
                activities=options["activities"],
                progress=True,
            )
            self.stdout.write(f"Đã tạo {bulk.created:,} hồ sơ trong {bulk.seconds:.0f} giây.")
        # files written in bulk carry their clock already; files an older generator wrote
        # without one get it here (nothing to do otherwise)
        started = time.monotonic()
        counts = expungement_refresh_all(
            Person.objects.filter(expungement_status="", merged_into__isnull=True)
        )
        if counts:
            self.stdout.write(
                f"Đã tính xóa án tích cho {sum(counts.values()):,} hồ sơ trong "
                f"{time.monotonic() - started:.0f} giây."
            )
        # last: the figures sent are those of the finished demo
        submissions = seed_report_signoff()
        self.stdout.write(f"Báo cáo quý gửi tỉnh mẫu: tạo mới {submissions}.")
