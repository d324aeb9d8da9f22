"""``manage.py indicators_doc``: write ``docs/indicators.md`` from the registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from reentry.reports.docs import indicators_markdown


class Command(BaseCommand):
    help = "Write docs/indicators.md from the indicator registry."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.BASE_DIR) / "docs" / "indicators.md"
        path.write_text(indicators_markdown(), encoding="utf-8")
        self.stdout.write(f"Đã ghi {path}.")
