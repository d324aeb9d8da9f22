"""``manage.py import_file PATH --kind KIND --unit CODE --user USERNAME [--commit]``: the
same import as the upload page, with its report on the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.accounts.selectors import user_get_by_username
from reentry.core.errors import DomainError
from reentry.imports.kinds import KINDS
from reentry.imports.readers import ReadError
from reentry.imports.services import import_file


class Command(BaseCommand):
    help = "Kiểm tra (mặc định) hoặc nhập một tệp XLSX/CSV qua cùng các quy tắc như trang nhập."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--unit", required=True, help="mã đơn vị nhận dữ liệu")
        parser.add_argument("--user", required=True, help="tài khoản thực hiện (phạm vi, nhật ký)")
        parser.add_argument("--commit", action="store_true", help="ghi vào cơ sở dữ liệu")
        parser.add_argument(
            "--only-valid", action="store_true", help="khi có dòng lỗi: chỉ nhập các dòng hợp lệ"
        )
        parser.add_argument("--encoding", default="", choices=["", "utf-8", "cp1258"])

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            actor = user_get_by_username(options["user"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        def progress(done: int, total: int) -> None:
            if done == total or done % max(total // 50, 1) == 0:
                bar = "#" * (30 * done // total)
                sys.stderr.write(f"\r[{bar:<30}] {done}/{total}")
                if done == total:
                    sys.stderr.write("\n")

        try:
            outcome = import_file(
                actor=actor,
                kind_code=options["kind"],
                unit_code=options["unit"],
                data=path.read_bytes(),
                filename=path.name,
                commit=options["commit"],
                only_valid=options["only_valid"],
                encoding=options["encoding"],
                progress=progress,
            )
        except (ReadError, DomainError) as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{outcome.rows} dòng: tạo mới {outcome.created}, cập nhật {outcome.updated}, "
            f"đã có (bỏ qua) {outcome.duplicates}, lỗi {len(outcome.error_lines)} dòng."
        )
        for problem in outcome.problems:
            where = f" · {problem.column}" if problem.column else ""
            self.stdout.write(f"  Dòng {problem.line}{where}: {problem.message}")
        if outcome.committed:
            self.stdout.write(
                self.style.SUCCESS(f"Đã ghi vào cơ sở dữ liệu (lần nhập số {outcome.batch_id}).")
            )
        elif options["commit"]:
            raise CommandError(
                "Không ghi gì vì có dòng lỗi: sửa tệp, hoặc chạy lại với --only-valid."
            )
        else:
            self.stdout.write(
                f"Chỉ kiểm tra, chưa ghi (lần nhập số {outcome.batch_id}). Thêm --commit để "
                "nhập, hoặc mở trang Nhập dữ liệu để xem và nhập lần kiểm tra này."
            )
