"""``manage.py reset_password USERNAME``: a temporary password, to be changed at next login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.accounts.services import password_reset
from reentry.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Give USERNAME a temporary password (printed once, audited); at the next login they "
        "must choose their own. The page for administrators: /accounts/locked/."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            password = password_reset(
                actor=None, username=options["username"], via="reset_password"
            )
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stderr.write(
            f"Mật khẩu tạm thời của {options['username']} (chỉ hiện một lần; "
            "lần đăng nhập tới phải đổi):"
        )
        self.stdout.write(password)
