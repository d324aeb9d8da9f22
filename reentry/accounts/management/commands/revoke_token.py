"""``manage.py revoke_token USERNAME [--prefix P]``: revoke API tokens at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reentry.accounts.services import api_token_revoke
from reentry.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Revoke the active API tokens of USERNAME (only the one whose key starts with "
        "--prefix, as listed on the account page). A revoked token is refused with 401."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--prefix", default="", help="The first 8 characters of the key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            revoked = api_token_revoke(
                actor=None,
                username=options["username"],
                prefix=options["prefix"],
                via="revoke_token",
            )
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        prefixes = ", ".join(f"{t.prefix}…" for t in revoked)
        self.stdout.write(f"Đã thu hồi {len(revoked)} mã truy cập: {prefixes}")
