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
    from django.db.utils import DatabaseError, OperationalError, ProgrammingError

    if "--traceback" in argv:
        execute_from_command_line(argv)
        return 0
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"Lỗi cấu hình / configuration error: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        detail = _first_line(exc)
        if _is_missing_table(exc):
            print(
                "Cơ sở dữ liệu chưa được khởi tạo / the database has no tables yet: "
                f"chạy / run `python manage.py migrate` ({detail})",
                file=sys.stderr,
            )
        elif isinstance(exc, OperationalError | ProgrammingError):
            print(
                "Không kết nối được cơ sở dữ liệu / cannot reach the database "
                f"{_masked_database_url()}: {detail}",
                file=sys.stderr,
            )
        else:
            print(f"Lỗi cơ sở dữ liệu / database error: {detail}", file=sys.stderr)
        return 2
    return 0


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _is_missing_table(exc: Exception) -> bool:
    text = str(exc).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)
