"""Two things at once, for real: each in its own thread with its own database connection.

``collide(a, b)`` starts both, holds them at a barrier until both are ready, lets them go
together and returns what each returned or raised. ``widen(module, name, seconds)`` makes a
read the services do pause after it returns, so that both threads have read before either
writes: the window a race needs is then there on every run, not on one run in a hundred.
A fix that locks before the read keeps the second thread waiting at the lock, so the pause
does not hide a race, it only makes it certain.

Only PostgreSQL runs the two at once (SQLite takes its write lock at BEGIN, so writers
queue by construction): ``on_postgresql`` skips the test elsewhere. The tests need
``transaction=True`` (each thread must see what the other committed), which empties every
table at the end: ``units_back_after_flush`` loads the administrative units again for the
tests that follow.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrent writers need PostgreSQL (SQLite serialises every write at BEGIN)",
)

BARRIER_SECONDS = 10
JOIN_SECONDS = 60


@dataclass
class Ran:
    """What one side of a collision did: its return value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def collide(*sides: Callable[[], Any]) -> list[Ran]:
    """Run every callable in a thread of its own, released together; each thread closes its
    database connection when done. Returns, in order, what each did."""
    barrier = threading.Barrier(len(sides), timeout=BARRIER_SECONDS)
    results = [Ran() for _ in sides]

    def run(index: int, side: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index].value = side()
        except BaseException as exc:  # reported to the test, which asserts on it
            results[index].error = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, side), daemon=True)
        for index, side in enumerate(sides)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
        assert not thread.is_alive(), "a side of the collision did not finish (deadlock?)"
    return results


def widen(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, seconds: float = 0.3) -> None:
    """Make ``owner.name`` (a function a service looks up at call time) sleep after it
    returns: whatever it read is then stale by the time the caller writes, unless a lock
    kept the other side out meanwhile."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def slow(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(owner, name, slow)
