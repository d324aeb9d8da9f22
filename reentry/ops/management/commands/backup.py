"""``manage.py backup [--output DIR]``: the database, the uploaded files and a manifest of
row counts and checksums, in a new directory (docs/operations.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reentry.ops.services import MANIFEST, BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên, kèm bản kê số dòng và mã kiểm tra."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output", default="", help="thư mục chứa bản sao lưu (mặc định BACKUP_ROOT)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            target = backup_create(output=Path(options["output"]) if options["output"] else None)
        except BackupError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        tables = manifest["tables"]
        self.stdout.write(
            _("Đã sao lưu %(vendor)s: %(tables)s bảng, %(rows)s dòng, %(files)s tệp tải lên.")
            % {
                "vendor": manifest["database"]["vendor"],
                "tables": len(tables),
                "rows": sum(t["rows"] for t in tables.values()),
                "files": manifest["media"]["files"],
            }
        )
        self.stdout.write(str(target))
