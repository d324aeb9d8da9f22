"""``manage.py demo_totp USERNAME``: the current 6-digit code of a demo account.

Only for accounts created by ``seed_demo`` (the audit trail says which) that still have
the demo's deterministic authenticator: their secret follows from the public source code
anyway, so this reveals nothing new, and it never prints a code for any other account.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from reentry.accounts.selectors import user_find, user_is_demo
from reentry.accounts.two_factor import DEMO_DEVICE, current_code, demo_key


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (made by seed_demo), for `make demo`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_find(options["username"])
        if user is None or not user_is_demo(user):
            raise CommandError(
                f"“{options['username']}” không phải tài khoản mẫu do seed_demo tạo: "
                "lệnh này chỉ dùng cho tài khoản mẫu.",
                returncode=2,
            )
        device = TOTPDevice.objects.filter(
            user=user, name=DEMO_DEVICE, confirmed=True, key=demo_key(user.username)
        ).first()
        if device is None:
            raise CommandError(
                f"{user.username} không còn dùng khóa xác thực mẫu (đã đăng ký lại): "
                "dùng ứng dụng xác thực của mình.",
                returncode=2,
            )
        self.stdout.write(current_code(device))
