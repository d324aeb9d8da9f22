"""``manage.py expungement_refresh [--unit CODE]``: recompute every file's expungement clock."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.geography.models import AdminUnit
from reentry.outcomes.expungement import STATUS_LABELS, expungement_refresh_all
from reentry.persons.models import Person


class Command(BaseCommand):
    help = (
        "Recompute the cached expungement status and date of every file (or of one unit), "
        "as the worklist reads them: after a bulk load, or nightly so that 'waiting' turns "
        "'due'. The services keep it current otherwise. Running it again changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", help="Only the files of this province or commune (code).")

    def handle(self, *args: Any, **options: Any) -> None:
        persons = Person.objects.filter(merged_into__isnull=True)
        if options["unit"]:
            unit = AdminUnit.objects.filter(code=options["unit"], kind__in=["province", "commune"])
            found = unit.first()
            if found is None:
                raise CommandError(f"Không có tỉnh hoặc xã mã {options['unit']}.", returncode=2)
            persons = persons.filter(commune_path__startswith=found.path)
        counts = expungement_refresh_all(persons)
        total = sum(counts.values())
        self.stdout.write(f"Đã tính lại xóa án tích cho {total:,} hồ sơ:".replace(",", "."))
        labels = {str(status.value): label for status, label in STATUS_LABELS.items()}
        for status, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {labels.get(status, status)}: {count:,}".replace(",", "."))
