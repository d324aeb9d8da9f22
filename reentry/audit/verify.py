"""Walking the hash chain of the audit trail: what ``manage.py audit_verify`` reports."""

from __future__ import annotations

from dataclasses import dataclass

from .chain import FIELDS, GENESIS, event_hash


@dataclass
class Verdict:
    checked: int = 0
    head: str = GENESIS
    broken_at: int | None = None  # the id of the first event that does not hold
    problem: str = ""  # "edited" or "link"
    last_good: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(*, since_id: int | None = None, chunk: int = 2000) -> Verdict:
    """Recompute every event's hash in id order and check each links to the one before.

    ``since_id``: start at that event, trusting its ``prev_hash`` (a checkpoint)."""
    from .models import AuditEvent

    rows = AuditEvent.objects.order_by("id")
    if since_id is not None:
        rows = rows.filter(id__gte=since_id)
    verdict = Verdict()
    previous: str | None = None if since_id is not None else GENESIS
    for row in rows.values("id", "prev_hash", "hash", *FIELDS).iterator(chunk_size=chunk):
        if previous is not None and row["prev_hash"] != previous:
            verdict.broken_at, verdict.problem = row["id"], "link"
            return verdict
        if event_hash(row, row["prev_hash"]) != row["hash"]:
            verdict.broken_at, verdict.problem = row["id"], "edited"
            return verdict
        previous = row["hash"]
        verdict.checked += 1
        verdict.head = row["hash"]
        verdict.last_good = row["id"]
    return verdict
