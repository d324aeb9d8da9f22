"""``manage.py add_user USERNAME --role ROLE --unit CODE [--password P]``."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.accounts.roles import Role
from reentry.accounts.services import user_create
from reentry.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create a user with one role and one scope unit (statistics-office code: 38 for a "
        "province, 15865 for a commune, VN for the nation). Roles: " + ", ".join(Role.values)
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--unit", required=True, help="Unit code, e.g. 38, 15865 or VN")
        parser.add_argument("--password", help="Prompted for when omitted")
        parser.add_argument("--full-name", default="", help="Họ và tên")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        if password is None:
            password = self._prompt_password()
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                role=options["role"],
                unit_code=options["unit"],
                password=password,
                full_name=options["full_name"],
                email=options["email"],
                via="add_user",
            )
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo tài khoản {user.username}: {user.get_role_display()}, "
                f"{user.scope.name} ({user.scope.code})."
            )
        )

    def _prompt_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                "Chưa có mật khẩu: dùng --password hoặc chạy lệnh trong terminal để nhập.",
                returncode=2,
            )
        first = getpass.getpass("Mật khẩu: ")
        second = getpass.getpass("Nhập lại mật khẩu: ")
        if first != second:
            raise CommandError("Hai lần nhập mật khẩu không khớp.", returncode=2)
        return first
