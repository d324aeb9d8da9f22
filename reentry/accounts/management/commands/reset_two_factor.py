"""``manage.py reset_two_factor USERNAME``: the user enrols an authenticator again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.accounts.two_factor import two_factor_reset
from reentry.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Remove USERNAME's authenticator app and backup codes (audited); at the next login "
        "they enrol again. The page for administrators: /accounts/locked/."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = two_factor_reset(
                actor=None, username=options["username"], via="reset_two_factor"
            )
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            f"Đã đặt lại xác thực hai lớp của {user.username}: lần đăng nhập tới sẽ đăng ký lại."
        )
