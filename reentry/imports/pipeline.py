"""From a table to records: match the header, read every cell, then write each row through
the kind's service in its own savepoint, all inside one transaction.

A preview is the same run rolled back, so it applies exactly the rules a commit will: the
forms', the API's, the scope's. A commit keeps everything, or nothing when any row failed,
unless the user chose to import only the valid rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from reentry.core.errors import DomainError, ValidationFailed
from reentry.core.locks import identity_lock
from reentry.core.text import fold_key

from . import cells
from .addresses import CHOSEN_COMMUNE, Ambiguous
from .cells import CellError
from .kinds import CREATED, DUPLICATE, UPDATED, Kind
from .kinds.base import BatchResult, Column
from .readers import ReadError, Table

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

HEADER_SEARCH = 10  # rows looked at for a header that is not on the first line
BATCH_ROWS = 500  # rows a kind's batch service writes at once


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # the header, as in the template ("" for the whole row)
    message: str


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    # line → (the address as written, [(code, name), ...] of the 2025 communes it may be)
    ambiguities: dict[int, tuple[str, list[tuple[str, str]]]] = field(default_factory=dict)
    committed: bool = False
    batch_id: int | None = None  # the upload this run was of

    @property
    def error_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})

    @property
    def valid(self) -> int:
        return self.rows - len(self.error_lines)


def match_header(kind: Kind, table: Table) -> dict[str, int]:
    """Each column of ``kind`` → its position in the file; ``ReadError`` naming what is
    missing or unknown, or where the header really is."""
    # the header of the template, in Vietnamese or in English whatever language is active
    # (the background worker has none), or the column's key (the JSON of the API)
    wanted: dict[str, Column] = {}
    for language in cells.languages():
        with translation.override(language):
            for c in kind.columns:
                wanted.setdefault(fold_key(str(c.header)), c)
    wanted.update({fold_key(c.key): c for c in kind.columns})
    _line, header = table.rows[0]
    positions: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(header):
        key = fold_key(str(cell or ""))
        if not key:
            continue
        if key in wanted:
            positions[wanted[key].key] = index
        else:
            unknown.append(str(cell))
    missing = [str(c.header) for c in kind.columns if c.required and c.key not in positions]
    if not missing:
        return positions
    for later, row in table.rows[1:HEADER_SEARCH]:
        keys = {fold_key(str(cell or "")) for cell in row}
        if sum(1 for key in wanted if key in keys) >= len(missing) + len(positions):
            raise ReadError(
                _(
                    "Dòng tiêu đề phải là dòng đầu tiên của bảng; tệp có tiêu đề ở dòng "
                    "%(line)s: xóa các dòng phía trên rồi tải lên lại."
                )
                % {"line": later}
            )
    message = _("Thiếu cột: %(missing)s.") % {"missing": ", ".join(missing)}
    if unknown:
        message += " " + _("Cột không nhận ra: %(unknown)s.") % {"unknown": ", ".join(unknown)}
    message += " " + _("Dùng tiêu đề đúng như tệp mẫu.")
    raise ReadError(message)


def is_example(kind: Kind, positions: dict[str, int], values: list[Any]) -> bool:
    """Whether a row is the template's example row, left in by mistake."""
    given = [
        (str(values[positions[c.key]] or "").strip(), str(c.example))
        for c in kind.columns
        if str(c.example) and c.key in positions and positions[c.key] < len(values)
    ]
    return len(given) >= 3 and all(cell == example for cell, example in given)


def read_rows(kind: Kind, table: Table, outcome: Outcome) -> list[tuple[int, dict[str, Any]]]:
    """Every data row's cells read, and the rows whose cells are all right."""
    positions = match_header(kind, table)
    good = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, values in table.rows[1:]:
        outcome.rows += 1
        if is_example(kind, positions, values):
            message = _("Đây là dòng ví dụ của tệp mẫu: ghi đè hoặc xóa dòng này.")
            outcome.problems.append(Problem(line, "", message))
            continue
        row: dict[str, Any] = {}
        problems = []
        for column in kind.columns:
            index = positions.get(column.key)
            raw = values[index] if index is not None and index < len(values) else None
            try:
                row[column.key] = column.read(raw)
            except (CellError, ValueError, ArithmeticError, TypeError) as exc:
                message = (
                    exc.message
                    if isinstance(exc, CellError)
                    else _("Không đọc được giá trị “%(value)s”.") % {"value": str(raw)[:50]}
                )
                problems.append(Problem(line, str(column.header), message))
                row[column.key] = None
                continue
            if column.required and row[column.key] in (None, ""):
                problems.append(Problem(line, str(column.header), _("Chưa có giá trị.")))
        if not problems:
            key = kind.key(row)
            if key in seen:
                problems.append(
                    Problem(line, "", _("Trùng với dòng %(line)s của tệp.") % {"line": seen[key]})
                )
            else:
                seen[key] = line
        outcome.problems.extend(problems)
        if not problems:
            good.append((line, row))
    return good


def _batch(
    apply_many: Callable[[User, AdminUnit, list[dict[str, Any]]], list[BatchResult]],
    actor: User,
    unit: AdminUnit,
    rows: list[dict[str, Any]],
) -> list[BatchResult]:
    """The kind's batch service on ``rows``, in a savepoint. If the database refuses the
    batch (a file written meanwhile by someone else breaks a constraint), nothing of it
    stays and every row is applied on its own, which names the row at fault."""
    try:
        with transaction.atomic():
            return apply_many(actor, unit, rows)
    except IntegrityError:
        return []


def run(
    *,
    actor: User,
    kind: Kind,
    unit: AdminUnit,
    table: Table,
    commit: bool,
    only_valid: bool = False,
    choices: Mapping[int, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch: bool = True,
) -> Outcome:
    """Preview (``commit=False``) or import ``table``. With any row in error a commit writes
    nothing, unless ``only_valid``: then the valid rows are written and the others are
    listed to be fixed. ``choices`` gives, by line, the 2025 commune the user chose for a
    row whose old address became several. A kind with a batch service (``apply_many``)
    writes ``BATCH_ROWS`` rows at a time, with the same outcome row for row as one at a
    time (``batch=False``, which the tests compare it with)."""
    outcome = Outcome()
    rows = read_rows(kind, table, outcome)
    headers = {c.key: str(c.header) for c in kind.columns}

    def column_of(name: str | None) -> str:
        return headers.get(kind.fields.get(name or "", name or ""), "")

    def record(line: int, result: BatchResult) -> None:
        if isinstance(result, ValidationFailed):
            for name, messages in result.errors.items():
                outcome.problems.extend(Problem(line, column_of(name), m) for m in messages)
        elif isinstance(result, Ambiguous):
            outcome.ambiguities[line] = (result.text, result.options)
            outcome.problems.append(Problem(line, column_of(result.field), result.message))
        elif isinstance(result, DomainError):
            outcome.problems.append(Problem(line, column_of(result.field), result.message))
        elif result == CREATED:
            outcome.created += 1
        elif result == UPDATED:
            outcome.updated += 1
        elif result == DUPLICATE:
            outcome.duplicates += 1

    def alone(row: dict[str, Any]) -> BatchResult:
        try:
            with transaction.atomic():
                return kind.apply(actor, unit, row)
        except DomainError as exc:
            return exc

    if choices:
        rows = [
            (line, {**row, CHOSEN_COMMUNE: choices[line]} if line in choices else row)
            for line, row in rows
        ]
    apply_many = kind.apply_many if batch else None
    size = BATCH_ROWS if apply_many is not None else 1
    with transaction.atomic():
        if kind.locks is not None:
            # before any row: an import of the same people waits here (core.locks)
            identity_lock(kind.locks([row for _line, row in rows]))
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            results = (
                _batch(apply_many, actor, unit, [row for _line, row in chunk])
                if apply_many is not None
                else []
            )
            for position, (line, row) in enumerate(chunk):
                result = results[position] if results else None
                record(line, alone(row) if result is None else result)
            if progress is not None:
                progress(start + len(chunk), len(rows))
        outcome.problems.sort(key=lambda p: p.line)
        keep = commit and (only_valid or not outcome.problems)
        if keep:
            outcome.committed = True
        else:
            transaction.set_rollback(True)
    return outcome
