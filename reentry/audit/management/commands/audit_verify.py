"""``manage.py audit_verify [--since-id N]``: prove the audit trail has not been edited."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reentry.audit.verify import verify_chain


class Command(BaseCommand):
    help = _("Kiểm tra chuỗi mã băm của nhật ký: phát hiện sự kiện bị sửa, xóa hoặc chèn.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--since-id",
            type=int,
            default=None,
            help=_("Bắt đầu từ sự kiện này (một mốc đã kiểm tra trước đó)."),
        )

    def handle(self, *args: Any, since_id: int | None, **options: Any) -> None:
        verdict = verify_chain(since_id=since_id)
        if verdict.ok:
            self.stdout.write(
                _("Nhật ký nguyên vẹn: đã kiểm tra %(n)s sự kiện; mã băm cuối %(head)s.")
                % {"n": f"{verdict.checked:,}".replace(",", "."), "head": verdict.head}
            )
            return
        if verdict.problem == "edited":
            what = _("sự kiện #%(id)s đã bị sửa sau khi ghi (mã băm không khớp nội dung).")
        else:
            what = _(
                "liên kết đứt trước sự kiện #%(id)s: có sự kiện bị xóa hoặc chèn vào ngay trước nó."
            )
        raise CommandError(
            _("Nhật ký KHÔNG nguyên vẹn: %(what)s Đã kiểm tra %(n)s sự kiện đúng trước đó.")
            % {"what": what % {"id": verdict.broken_at}, "n": verdict.checked}
        )
