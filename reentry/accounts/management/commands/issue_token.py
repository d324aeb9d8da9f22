"""``manage.py issue_token USERNAME [--name N] [--days D] [--rotate]``: a new API token."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reentry.accounts.services import api_token_issue
from reentry.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Issue a new API token for USERNAME and print its key, once (only a hash is kept). "
        "Use it as 'Authorization: Token <key>'. It expires after --days (default "
        "API_TOKEN_DAYS); --rotate revokes the user's other tokens. The expiry goes to stderr."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for")
        parser.add_argument(
            "--days", type=int, default=None, help=f"Days valid (default {settings.API_TOKEN_DAYS})"
        )
        parser.add_argument("--rotate", action="store_true", help="Revoke the user's other tokens")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token, key = api_token_issue(
                actor=None,
                username=options["username"],
                name=options["name"],
                days=options["days"],
                rotate=options["rotate"],
                via="issue_token",
            )
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(key)
        self.stderr.write(
            f"Mã {token.prefix}… hết hạn {timezone.localtime(token.expires_at):%d/%m/%Y %H:%M}. "
            "Mã chỉ hiện một lần này."
        )
