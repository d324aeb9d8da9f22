"""``manage.py issue_token USERNAME [--rotate]``: print the user's API token."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.accounts.services import user_token_issue
from reentry.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Print the API token of USERNAME (created if needed). Use it as "
        "'Authorization: Token <token>'. --rotate replaces the old token."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Replace the existing token")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = user_token_issue(
                actor=None,
                username=options["username"],
                rotate=options["rotate"],
                via="issue_token",
            )
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(key)
