"""Which figures a role sees as "<5": one rule for the page, the XLSX and the API.

A count of 1 to 4 people (or of events that each concern one person: a notice, a loan, a
job, an act of help) can point at someone. Roles without personal data (the national
analyst) never see such a count; roles without offence data (labour officers) never see a
small count of an offence-related figure. A figure computed from hidden ones is hidden too
(unemployed = managed - employed would give employed back), and so is a loan total whose
count is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reentry.access.policies import hides_small_counts, hides_small_offence_counts

from .registry import INDICATORS, SUPPORT_KINDS, Number

SMALL = 5
HIDDEN = "<5"

# What a labour officer may not learn about a few people: custody, reoffending, the record
SENSITIVE = frozenset(
    {
        "on_probation_end",
        "not_expunged_end",
        "expungements",
        "class_a_end",
        "class_b_end",
        "class_c_end",
        "class_d_end",
        "reoffenders",
        "recidivism_rate_pct",
    }
)
# Events that each concern one person: a small count of them is a small count of people
ABOUT_PEOPLE = frozenset(
    {
        "notices_received",
        "job_placements",
        "loans_count",
        "training_referrals",
        *(f"activities_{kind}" for kind in SUPPORT_KINDS),
    }
)
# Figures computed from others: hidden when one of those is
DEPENDS: dict[str, tuple[str, ...]] = {
    "unemployed_end": ("persons_managed_end", "employed_end"),
    "recidivism_rate_pct": ("reoffenders", "persons_managed"),
    "loans_amount_vnd": ("loans_count",),
}


@dataclass(frozen=True)
class Suppression:
    everything_small: bool = False  # no personal data
    offences_small: bool = False  # no offence data

    @classmethod
    def for_actor(cls, actor: Any) -> Suppression:
        return cls(
            everything_small=hides_small_counts(actor),
            offences_small=hides_small_offence_counts(actor),
        )

    @property
    def active(self) -> bool:
        return self.everything_small or self.offences_small

    def hidden(self, code: str, values: dict[str, Number]) -> bool:
        if not self.active:
            return False
        if any(self.hidden(source, values) for source in DEPENDS.get(code, ())):
            return True
        indicator = INDICATORS[code]
        if not (indicator.persons or code in ABOUT_PEOPLE):
            return False
        value = values.get(code)
        if not value or not 0 < value < SMALL:
            return False
        return self.everything_small or (self.offences_small and code in SENSITIVE)

    def small(self, value: int) -> bool:
        """A count of 1 to 4 people that this role does not see (offence-related figures:
        cohort recidivism)."""
        return self.active and 0 < value < SMALL

    def shown(self, code: str, values: dict[str, Number]) -> Number | str:
        """The value as the role may see it: the number, or "<5"."""
        return HIDDEN if self.hidden(code, values) else values.get(code)

    def json(self, code: str, values: dict[str, Number]) -> int | float | str | None:
        value = self.shown(code, values)
        return float(value) if isinstance(value, Decimal) else value
