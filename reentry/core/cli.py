"""Run a management command; configuration and connection faults become one sentence.

A wrong or unreachable ``DATABASE_URL`` must not print a traceback: the user gets one line
saying what is wrong and the exit code 2, and nothing is written.
"""

from __future__ import annotations

import os
import re
import sys

_PASSWORD_IN_URL = re.compile(r"(://[^:/@]+:)[^@]+@")


def _masked_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return _PASSWORD_IN_URL.sub(r"\1***@", url) if url else "(SQLite, var/)"


def run_management_command(argv: list[str]) -> int:
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"Lỗi cấu hình / configuration error: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(
            "Không kết nối được cơ sở dữ liệu / cannot reach the database "
            f"{_masked_database_url()}: {first_line}",
            file=sys.stderr,
        )
        return 2
    return 0
