"""What each kind of import holds: its columns (the Vietnamese headers of the template),
how each cell is read, the key that makes a row the same as another, and how a row is
written — always through the services the forms and the API use.

A kind's ``apply`` returns what happened to the row: "created", "updated" (a new record
on a file that was already there) or "duplicate" (nothing new: the row is already in).
"""

from __future__ import annotations

from .activities import ACTIVITIES
from .base import CREATED, DUPLICATE, UPDATED, Column, Kind
from .classifications import CLASSIFICATIONS
from .employment import EMPLOYMENT
from .loans import LOANS
from .notices import NOTICES
from .outreach import OUTREACH
from .register import REGISTER

KINDS = {
    kind.code: kind
    for kind in (REGISTER, NOTICES, ACTIVITIES, LOANS, EMPLOYMENT, CLASSIFICATIONS, OUTREACH)
}

__all__ = [
    "ACTIVITIES",
    "CLASSIFICATIONS",
    "CREATED",
    "DUPLICATE",
    "EMPLOYMENT",
    "KINDS",
    "LOANS",
    "NOTICES",
    "OUTREACH",
    "REGISTER",
    "UPDATED",
    "Column",
    "Kind",
]
