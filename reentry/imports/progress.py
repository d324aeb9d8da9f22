"""How far a running import has got, shared between the worker and the page that polls it.

It lives in the ``progress`` cache, not the database: the rows are written inside one long
transaction, which no other connection can see into until it ends.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import caches

TIMEOUT = 60 * 60  # seconds a stale figure may linger after a worker died


def _key(batch_id: int) -> str:
    return f"import-progress:{batch_id}"


def reporter(
    batch_id: int, also: Callable[[int, int], None] | None = None
) -> Callable[[int, int], None]:
    """A progress callback for the pipeline that records every 1 % of the rows."""

    def report(done: int, total: int) -> None:
        if done == total or done % max(total // 100, 1) == 0:
            caches["progress"].set(_key(batch_id), (done, total), TIMEOUT)
        if also is not None:
            also(done, total)

    return report


def progress_of(batch_id: int) -> tuple[int, int] | None:
    """(rows done, rows to do), or None before the first row or after the end."""
    value = caches["progress"].get(_key(batch_id))
    return tuple(value) if value else None  # type: ignore[return-value]


def clear(batch_id: int) -> None:
    caches["progress"].delete(_key(batch_id))
