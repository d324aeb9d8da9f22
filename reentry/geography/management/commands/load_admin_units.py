"""``manage.py load_admin_units``: load the 2025 and legacy administrative units."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reentry.geography.loaders import load_admin_units
from reentry.geography.models import AdminUnitKind


class Command(BaseCommand):
    help = (
        "Load the 34 provinces and 3,321 communes in force since 01/07/2025, the 63-province "
        "legacy units and the legacy→2025 mapping. Running it again changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-legacy",
            action="store_true",
            help="Load only the 2025 structure (no legacy units, no mapping).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_admin_units(include_legacy=not options["no_legacy"])
        counts = result.counts
        summary = (
            f"{counts.get(AdminUnitKind.PROVINCE, 0)} tỉnh/thành phố, "
            f"{counts.get(AdminUnitKind.COMMUNE, 0)} xã/phường/đặc khu"
        )
        if counts.get(AdminUnitKind.LEGACY_PROVINCE):
            summary += (
                f"; trước 01/07/2025: {counts[AdminUnitKind.LEGACY_PROVINCE]} tỉnh, "
                f"{counts.get(AdminUnitKind.LEGACY_DISTRICT, 0)} huyện, "
                f"{counts.get(AdminUnitKind.LEGACY_COMMUNE, 0)} xã"
            )
        if not result.changed:
            self.stdout.write(f"Đơn vị hành chính đã đầy đủ, không có gì thay đổi ({summary}).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nạp đơn vị hành chính ({summary}): thêm {result.created}, "
                    f"cập nhật {result.updated}, giữ nguyên {result.unchanged}; "
                    f"sáp nhập: thêm {result.successions_created}, "
                    f"cập nhật {result.successions_updated}, bỏ {result.successions_removed}."
                )
            )
        if result.unmatched:
            self.stderr.write(
                f"{len(result.unmatched)} mapping rows of the source could not be matched "
                f"(first: {result.unmatched[0]})."
            )
