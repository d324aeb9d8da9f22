"""``manage.py rotate_keys [--check] [--generate]``: re-encrypt identity numbers and offence
details under the first key of FIELD_ENCRYPTION_KEYS and recompute their blind indexes under
FIELD_HASH_KEY (docs/encryption.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reentry.audit.models import AuditAction
from reentry.audit.services import audit_record
from reentry.core import crypto
from reentry.core.rotation import encrypted_models, rotate, stale_tokens


class Command(BaseCommand):
    help = (
        "Mã hóa lại số định danh và thông tin tội danh bằng khóa đầu tiên của "
        "FIELD_ENCRYPTION_KEYS và tính lại mã băm tra cứu bằng FIELD_HASH_KEY."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="chỉ đếm các giá trị chưa mã hóa bằng khóa đầu tiên (mã thoát 1 nếu còn)",
        )
        parser.add_argument(
            "--generate", action="store_true", help="in ra một cặp khóa mới rồi dừng"
        )
        parser.add_argument("--batch", type=int, default=1000, help="số dòng mỗi lượt")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate"]:
            self.stdout.write(f"FIELD_ENCRYPTION_KEYS={crypto.new_key()}")
            self.stdout.write(f"FIELD_HASH_KEY={crypto.new_key()}")
            return
        models = encrypted_models()
        if options["check"]:
            stale = {item.label: stale_tokens(item) for item in models}
            for label, count in stale.items():
                self.stdout.write(f"{label}: {count}")
            if any(stale.values()):
                raise CommandError(
                    _("Còn %(n)s giá trị chưa mã hóa bằng khóa đầu tiên: chạy rotate_keys.")
                    % {"n": sum(stale.values())},
                    returncode=1,
                )
            self.stdout.write(_("Mọi giá trị đã mã hóa bằng khóa đầu tiên."))
            return
        counts = {}
        for item in models:
            counts[item.label] = rotate(item, batch=options["batch"])
            self.stdout.write(
                _("%(model)s: đã mã hóa lại %(rows)s dòng.")
                % {"model": item.label, "rows": counts[item.label]}
            )
        audit_record(
            actor=None,
            action=AuditAction.KEYS_ROTATED,
            object_type="core.encryption",
            object_repr="FIELD_ENCRYPTION_KEYS",
            changes={"rows": counts, "keys": crypto.key_count()},
            summary="manage.py rotate_keys",
        )
