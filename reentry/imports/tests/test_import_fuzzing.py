"""Random cells through the whole import (hypothesis, docs/fuzzing.md): reader, cells, kind,
pipeline, for every kind.

Each example is a file of one to four rows, as XLSX (typed cells: numbers, dates, text),
CSV (any text, separators and line breaks included) or JSON (the bulk API's shape: text,
numbers, booleans, null). A row starts as the template's example row (a good row about the
file on record) and a share of its cells is replaced by hostile content: random text,
huge, negative, fractional and non-finite numbers, impossible dates, control and
zero-width characters, HTML. The file is previewed, then committed (with or without "only
the valid rows"), each time in a transaction undone after the example.

What must hold (docs/imports.md, "Decide" and "Write through the services"):
- nothing raises but a refusal of the whole file (``DomainError``, with a message);
- every problem names a line of the file, a column header and a message, all strings;
- the preview writes nothing, and the commit reports what the preview said;
- a commit with rows in error and without ``only_valid`` writes nothing; with it, exactly
  the rows counted as created are written (the kind's records grow by that much).
"""

from __future__ import annotations

import datetime
import io
import json
import math
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reentry.accounts.roles import Role
from reentry.core.errors import DomainError
from reentry.core.tests.fuzzing import RUN, examples
from reentry.core.tests.test_form_fuzzing import NASTY
from reentry.imports.kinds import KINDS
from reentry.imports.services import import_file
from reentry.outcomes.models import Classification
from reentry.outreach.models import OutreachEvent
from reentry.persons.models import Person, ReleaseNotice, Sentence
from reentry.support.models import Employment, Loan, SupportActivity

from .sheets import headers, person

# the records a row of each kind creates
RECORDS: dict[str, Any] = {
    "register": Person,
    "notices": ReleaseNotice,
    "activities": SupportActivity,
    "loans": Loan,
    "employment": Employment,
    "classifications": Classification,
    "outreach": OutreachEvent,
}
WATCHED = (*RECORDS.values(), Sentence)

cell = st.one_of(
    st.none(),
    st.sampled_from([n for n in NASTY if len(n) < 1000]),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
    st.sampled_from(["=1+1", '=HYPERLINK("http://x")', "45000", "45000.75", "1.5 tỷ", "-2"]),
)


def example_row(code: str) -> dict[str, Any]:
    row = {c.key: c.example for c in KINDS[code].columns}
    # typed a little differently, or the pipeline takes it for the template's own example
    if code == "outreach":
        row["participants"] = "120 lượt"
    else:
        row["full_name"] = "NGUYỄN VĂN AN"
    return row


def as_xlsx(code: str, rows: list[list[Any]]) -> bytes:
    def typed(value: Any) -> Any:
        if isinstance(value, str):
            return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
            return str(value)  # beyond what a spreadsheet number holds
        return value

    book = Workbook()
    sheet = book.active
    sheet.append(headers(code))
    for row in rows:
        sheet.append([typed(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(code: str, rows: list[list[Any]]) -> bytes:
    lines = [";".join(headers(code))]
    lines += [";".join("" if v is None else str(v) for v in row) for row in rows]
    return "\r\n".join(lines).encode()


def as_json(code: str, rows: list[list[Any]]) -> bytes:
    keys = [c.key for c in KINDS[code].columns]

    def plain(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return value

    return json.dumps([dict(zip(keys, map(plain, row), strict=True)) for row in rows]).encode()


FORMATS = {"so.xlsx": as_xlsx, "so.csv": as_csv, "so.json": as_json}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WATCHED}


def written(code: str, outcome: Any) -> int:
    """How many records of ``RECORDS[code]`` the commit wrote, by its counts."""
    if code == "notices":  # updated: a notice on a file on record; created: a new file too
        return int(outcome.created + outcome.updated)
    return int(outcome.created)  # updated: a new sentence, a loan's new status


def summary(outcome: Any) -> tuple[Any, ...]:
    problems = [(p.line, p.column, p.message) for p in outcome.problems]
    return (outcome.created, outcome.updated, outcome.duplicates, problems)


@pytest.mark.parametrize("code", list(KINDS))
def test_import_never_raises_and_writes_all_or_only_valid_rows(code, make_user):  # type: ignore[no-untyped-def]
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    if code != "register":
        person(officer)  # the example rows' file, on record
    columns = [c.key for c in KINDS[code].columns]
    good = example_row(code)

    @settings(
        max_examples=examples(15),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def fuzz(data: Any) -> None:
        RUN["importer"] += 1
        share = data.draw(st.integers(0, 10), label="hostile cells in 10")
        rows = []
        for _ in range(data.draw(st.integers(1, 4), label="rows")):
            rows.append(
                [
                    data.draw(cell) if data.draw(st.integers(1, 10)) <= share else good[key]
                    for key in columns
                ]
            )
        filename = data.draw(st.sampled_from(sorted(FORMATS)), label="format")
        content = FORMATS[filename](code, rows)
        only_valid = data.draw(st.booleans(), label="only_valid")
        with transaction.atomic():
            check(code, officer, content, filename, only_valid)
            transaction.set_rollback(True)

    fuzz()


def check(code: str, officer: Any, content: bytes, filename: str, only_valid: bool) -> None:
    def load(commit: bool) -> Any:
        return import_file(
            actor=officer,
            kind_code=code,
            unit_code="15865",
            data=content,
            filename=filename,
            commit=commit,
            only_valid=only_valid,
        )

    before = counts()
    try:
        preview = load(commit=False)
    except DomainError as exc:  # the whole file refused (unreadable, no header row)
        refused = exc
    else:
        refused = None
    if refused is not None:
        assert isinstance(refused.message, str)
        assert refused.message
        assert counts() == before
        RUN["importer files refused"] += 1
        return
    assert counts() == before, "the preview wrote"
    for problem in preview.problems:
        assert isinstance(problem.line, int)
        assert problem.line >= 1
        assert isinstance(problem.column, str)
        assert isinstance(problem.message, str)
        assert problem.message
    committed = load(commit=True)
    assert summary(committed) == summary(preview), "the commit did not do what the preview said"
    after = counts()
    name = RECORDS[code].__name__
    if committed.problems and not only_valid:
        assert not committed.committed
        assert after == before, "rows in error, and something was written"
    else:
        grown = after[name] - before[name]
        assert grown == written(code, committed), (code, summary(committed), after, before)
        if code == "register":  # a new file, or a new sentence on a file on record
            assert after["Sentence"] - before["Sentence"] == committed.created + committed.updated
    if committed.problems:
        RUN["importer files with row errors"] += 1
