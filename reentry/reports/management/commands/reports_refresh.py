"""``manage.py reports_refresh [--years N]``: recount and store the figures of every standard
period (year, halves, quarters, months) of the last N years that no longer stand, then
drop what no stored figures need. For the night, so that the morning's reports are read,
not recounted; reports are right without it (a report recounts what does not stand)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from reentry.geography.models import AdminUnit
from reentry.reports import stored
from reentry.reports.periods import period_of


class Command(BaseCommand):
    help = "Tính sẵn số liệu báo cáo các kỳ chuẩn / recount the stored report figures"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=2, help="số năm gần nhất / last N years")

    def handle(self, *args: object, **options: int) -> None:
        today = timezone.localdate()
        provinces = list(AdminUnit.objects.filter(kind="province").order_by("path"))
        began, periods = time.perf_counter(), 0
        for year in range(today.year - max(options["years"], 1) + 1, today.year + 1):
            for kind, count in (("year", 1), ("half", 2), ("quarter", 4), ("month", 12)):
                for number in range(1, count + 1):
                    period = period_of(kind, year, number)
                    if period.start > today:
                        continue
                    stored.province_values(provinces, period)
                    periods += 1
        figures, marks = stored.prune()
        self.stdout.write(
            f"Số liệu báo cáo: {periods} kỳ, {time.perf_counter() - began:.1f} giây; "
            f"bỏ {figures} bản không còn đúng, {marks} dấu thay đổi."
        )
