"""``manage.py restore PATH [--force]``: check the backup against its manifest, restore it
into the configured database and ``MEDIA_ROOT``, and compare every table afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reentry.ops.services import BackupError, backup_restore


class Command(BaseCommand):
    help = "Phục hồi một bản sao lưu vào cơ sở dữ liệu đang cấu hình, rồi đối chiếu bản kê."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="thư mục bản sao lưu (chứa manifest.json)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="thay toàn bộ dữ liệu của cơ sở dữ liệu đích (mặc định: chỉ vào nơi trống)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(path=Path(options["path"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if report.moved_media_to:
            self.stdout.write(
                _("Tệp tải lên cũ đã chuyển sang %(path)s.") % {"path": report.moved_media_to}
            )
        if not report.ok:
            for problem in report.mismatches:
                self.stderr.write(f"  ✗ {problem}")
            raise CommandError(
                _("Phục hồi KHÔNG khớp bản kê: %(count)s sai khác (liệt kê ở trên).")
                % {"count": len(report.mismatches)},
                returncode=3,
            )
        self.stdout.write(
            _(
                "Đã phục hồi và đối chiếu: %(tables)s bảng, %(rows)s dòng, %(files)s tệp tải lên "
                "khớp bản kê (số dòng và mã kiểm tra từng bảng)."
            )
            % {"tables": report.tables, "rows": report.rows, "files": report.media_files}
        )
