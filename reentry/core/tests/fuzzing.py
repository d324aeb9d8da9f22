"""What the fuzzers share (docs/fuzzing.md): how many examples to run, and how many ran.

``FUZZ_SCALE`` multiplies the examples of every fuzzer (unset: 1, the defaults, sized so
the fuzzers add about a minute to a run of the suite; ``FUZZ_SCALE=20`` for a long run).
``RUN`` counts the examples each fuzzer ran; the summary at the end of the run prints it
(``pytest_terminal_summary`` in ``reentry/conftest.py``).
"""

from __future__ import annotations

import os
from collections import Counter

RUN: Counter[str] = Counter()


def examples(default: int) -> int:
    """``default`` examples, times ``FUZZ_SCALE``."""
    return max(1, default * int(os.environ.get("FUZZ_SCALE", "") or 1))
