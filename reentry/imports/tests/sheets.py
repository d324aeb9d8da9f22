"""Sheets as localities send them, and the people they are about, for the import tests."""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook

from reentry.accounts.models import User
from reentry.imports.kinds import KINDS
from reentry.imports.pipeline import Outcome
from reentry.imports.services import import_file
from reentry.persons.models import Person
from reentry.persons.services import (
    OffenceData,
    PersonData,
    SentenceData,
    person_register,
    sentence_add,
)

# the example person of every template: Nguyễn Văn An of Xã Hoằng Hóa, Thanh Hóa
AN_CCCD = "038090001234"


def headers(kind_code: str) -> list[str]:
    return [str(c.header) for c in KINDS[kind_code].columns]


def values(kind_code: str, row: dict[str, Any]) -> list[Any]:
    unknown = set(row) - {c.key for c in KINDS[kind_code].columns}
    assert not unknown, unknown
    return [row.get(c.key, "") for c in KINDS[kind_code].columns]


def xlsx(kind_code: str, rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers(kind_code))
    for row in rows:
        sheet.append(values(kind_code, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(kind_code: str, rows: list[dict[str, Any]], delimiter: str = ";") -> bytes:
    lines = [delimiter.join(headers(kind_code))]
    lines += [delimiter.join(str(v) for v in values(kind_code, row)) for row in rows]
    return "\r\n".join(lines).encode()


def run(
    actor: User,
    kind_code: str,
    data: bytes,
    *,
    commit: bool,
    filename: str = "danh-sach.xlsx",
    unit_code: str = "15865",
    **kwargs: Any,
) -> Outcome:
    return import_file(
        actor=actor,
        kind_code=kind_code,
        unit_code=unit_code,
        data=data,
        filename=filename,
        commit=commit,
        **kwargs,
    )


def where(outcome: Outcome) -> set[tuple[int, str]]:
    """Each problem as (line, column header)."""
    return {(p.line, p.column) for p in outcome.problems}


def message_at(outcome: Outcome, line: int) -> str:
    return " ".join(p.message for p in outcome.problems if p.line == line)


def person(
    officer: User,
    *,
    full_name: str = "Nguyễn Văn An",
    gender: str = "male",
    commune_code: str = "15865",
    date_of_birth: datetime.date | None = datetime.date(1990, 3, 15),
    national_id: str = AN_CCCD,
    released: datetime.date | None = datetime.date(2022, 6, 12),
) -> Person:
    """A file registered through the services, with a prison sentence served to
    ``released`` (the register's example row)."""
    registered = person_register(
        actor=officer,
        data=PersonData(
            full_name=full_name,
            gender=gender,
            commune_code=commune_code,
            address_text="Thôn 3",
            date_of_birth=date_of_birth,
            national_id=national_id,
        ),
        confirm_possible_duplicate=True,
    )
    if released is not None:
        sentence_add(
            actor=officer,
            person=registered,
            data=SentenceData(
                judgment_number="25/2019/HS-ST",
                judgment_date=datetime.date(2019, 6, 12),
                court="TAND huyện Hoằng Hóa",
                main_penalty="prison",
                prison_months=36,
                offences=[OffenceData(article=173, name="Trộm cắp tài sản", category="serious")],
                release_date=released,
                release_type="completed",
            ),
        )
    return registered
