"""The register is written in batches (``persons_register_many``) for speed; a batch must do
exactly what the rows would do one at a time through ``person_register`` and
``sentence_add``: the same counts, the same problems on the same lines and columns, and the
same files, sentences, residences, clocks and audit events. The rows below are the cases
where that is hardest: a file already there (the same release, a new one), a CCCD with a file
in another commune, namesakes in the file and in the database, two files that match one
row, a row that fails followed by the same person again, old communes, bad cells."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reentry.accounts.roles import Role
from reentry.audit.models import AuditEvent
from reentry.geography.models import AdminUnit
from reentry.imports import pipeline
from reentry.imports.kinds import REGISTER
from reentry.imports.readers import Table
from reentry.persons.models import Offence, Person, Residence, Sentence
from reentry.persons.services import (
    OffenceData,
    PersonData,
    SentenceData,
    person_register,
    sentence_add,
)

pytestmark = pytest.mark.django_db


def cells(**changes: Any) -> dict[str, Any]:
    values = {
        "full_name": "Hoàng Văn Em",
        "gender": "Nam",
        "date_of_birth": "10/10/1992",
        "national_id": "038092000001",
        "address_text": "Thôn 5",
        "judgment_number": "12/2020/HS-ST",
        "judgment_date": "01/07/2020",
        "court": "TAND huyện Hoằng Hóa",
        "main_penalty": "Tù có thời hạn",
        "prison_months": 24,
        "article": 173,
        "offence": "Trộm cắp tài sản",
        "category": "Nghiêm trọng",
        "prison_facility": "Trại giam Thanh Phong",
        "release_date": "01/07/2022",
        "release_type": "Chấp hành xong án phạt tù",
    }
    values.update(changes)
    return values


LATER = {"judgment_date": "01/03/2023", "release_date": "01/09/2024"}
ROWS = {
    "an, the release on file": cells(
        full_name="Nguyễn Văn An",
        national_id="038090001234",
        date_of_birth="15/03/1990",
        release_date="12/06/2022",
    ),
    "an, a new release": cells(
        full_name="nguyễn văn an", national_id="038090001234", date_of_birth="15/03/1990", **LATER
    ),
    "em, new": cells(),
    "em, a second release": cells(**LATER, judgment_number="3/2023/HS-ST"),
    "em's namesake with another CCCD": cells(national_id="038092000002", **LATER),
    "binh of Hoằng Giang": cells(
        full_name="Trần Văn Bình", national_id="038085001111", date_of_birth="01/01/1985"
    ),
    "ba, with Bình's CCCD": cells(
        full_name="Trần Văn Ba", national_id="038085001111", date_of_birth="01/01/1985"
    ),
    "cuong, found by name": cells(
        full_name="Lê Văn Cường", national_id="", date_of_birth="05/05/1988", **LATER
    ),
    "cuong's namesake with a CCCD": cells(
        full_name="Lê Văn Cường", national_id="038088000009", date_of_birth="05/05/1988"
    ),
    "dung, two files match": cells(
        full_name="Phạm Văn Dũng", national_id="", date_of_birth="01/01/1979"
    ),
    "giang, released before judged": cells(
        full_name="Vũ Văn Giang", national_id="038092000004", release_date="01/01/2019"
    ),
    "hoa, CCCD of a man": cells(full_name="Đỗ Thị Hoa", gender="Nữ", national_id="038092000005"),
    "hung, only the year": cells(
        full_name="Mai Văn Hùng", national_id="", date_of_birth="", birth_year=1980
    ),
    "hung, only the year, again": cells(
        full_name="Mai Văn Hùng", national_id="", date_of_birth="", birth_year=1980, **LATER
    ),
    "khanh, conditional without its end": cells(
        full_name="Lý Văn Khánh",
        national_id="038093000006",
        date_of_birth="02/02/1993",
        release_type="Tha tù trước thời hạn có điều kiện",
    ),
    "long, failing first": cells(
        full_name="Trịnh Văn Long",
        national_id="038094000003",
        date_of_birth="03/03/1994",
        main_penalty="Tù có thời hạn",
        prison_months="",
    ),
    "long, then right": cells(
        full_name="Trịnh Văn Long", national_id="038094000003", date_of_birth="03/03/1994", **LATER
    ),
    "minh, old commune code": cells(
        full_name="Đặng Văn Minh",
        national_id="038095000007",
        date_of_birth="04/04/1995",
        legacy_commune_code="15952",
    ),
    "nam, old address": cells(
        full_name="Bùi Văn Nam",
        national_id="038096000008",
        date_of_birth="05/05/1996",
        legacy_address_text="thôn 2, xã Hoằng Đạt, huyện Hoằng Hóa, Thanh Hóa",
    ),
    "oanh, unknown old code": cells(
        full_name="Cao Thị Oanh",
        gender="Nữ",
        national_id="038197000010",
        date_of_birth="06/06/1997",
        legacy_commune_code="99999",
    ),
    "phuc, a commune out of scope": cells(
        full_name="Hà Văn Phúc",
        national_id="038098000011",
        date_of_birth="07/07/1998",
        commune_code="15880",
    ),
}


def sentence(release: datetime.date) -> SentenceData:
    return SentenceData(
        judgment_number="7/2019/HS-ST",
        judgment_date=datetime.date(2019, 1, 10),
        court="TAND tỉnh Thanh Hóa",
        main_penalty="prison",
        prison_months=30,
        offences=[OffenceData(article=173, name="Trộm cắp tài sản", category="serious")],
        release_date=release,
        release_type="completed",
    )


@pytest.fixture
def world(make_user):
    """Xã Hoằng Hóa's officer; An (with a release of 12/06/2022), Cường (no CCCD) and two
    files of Phạm Văn Dũng born the same day in Hoằng Hóa; Bình in Hoằng Giang."""
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    other = make_user(Role.COMMUNE_OFFICER, "15880")

    def person(actor, name, born, cccd="", commune="15865", **kwargs):
        data = PersonData(
            full_name=name,
            gender="male",
            commune_code=commune,
            address_text="Thôn 1",
            date_of_birth=born,
            national_id=cccd,
        )
        found = person_register(actor=actor, data=data, **kwargs)
        sentence_add(actor=actor, person=found, data=sentence(datetime.date(2022, 6, 12)))

    person(officer, "Nguyễn Văn An", datetime.date(1990, 3, 15), "038090001234")
    person(officer, "Lê Văn Cường", datetime.date(1988, 5, 5))
    person(officer, "Phạm Văn Dũng", datetime.date(1979, 1, 1))
    person(officer, "Phạm Văn Dũng", datetime.date(1979, 1, 1), confirm_possible_duplicate=True)
    person(other, "Trần Văn Bình", datetime.date(1985, 1, 1), "038085001111", commune="15880")
    return officer


def table(names: list[str]) -> Table:
    header = [str(c.header) for c in REGISTER.columns]
    rows = [[ROWS[name].get(c.key, "") for c in REGISTER.columns] for name in names]
    return Table([(1, header)] + [(line, row) for line, row in enumerate(rows, start=2)], "xlsx")


def state() -> dict[str, Any]:
    """What the database holds, without the ids (which differ between two runs)."""

    def person_of(row: Any) -> tuple[Any, ...]:
        return (row.person.full_name, row.person.national_id, row.person.date_of_birth)

    return {
        "persons": sorted(
            (
                p.full_name,
                p.name_key,
                p.national_id,
                str(p.date_of_birth),
                p.birth_year,
                p.gender,
                p.address_text,
                p.commune_path,
                p.status,
                p.legacy_unit.code if p.legacy_unit else "",
                p.legacy_address_text,
                p.expungement_status,
                str(p.expungement_due_on),
            )
            for p in Person.objects.select_related("legacy_unit")
        ),
        "sentences": sorted(
            (*person_of(s), s.judgment_number, str(s.release_date), s.release_type, s.version)
            for s in Sentence.objects.select_related("person")
        ),
        "offences": sorted(
            (s.sentence.judgment_number, s.article, s.name, s.chapter, s.category)
            for s in Offence.objects.select_related("sentence")
        ),
        "residences": sorted(
            (*person_of(r), r.commune_path, str(r.started_on), str(r.ended_on), r.reason)
            for r in Residence.objects.select_related("person")
        ),
        "audit": Counter(
            (e.action, e.object_type, e.object_repr, e.unit_path, e.summary, e.actor_username)
            for e in AuditEvent.objects.all()
        ),
    }


def attempt(officer, names: list[str], *, batch: bool) -> tuple[Any, ...]:
    """Import the rows (the valid ones kept), note what happened, and undo it."""
    unit = AdminUnit.objects.current().get(code="15865")
    with transaction.atomic():
        outcome = pipeline.run(
            actor=officer,
            kind=REGISTER,
            unit=unit,
            table=table(names),
            commit=True,
            only_valid=True,
            batch=batch,
        )
        held = state()
        transaction.set_rollback(True)
    said = (outcome.rows, outcome.created, outcome.updated, outcome.duplicates)
    return said, outcome.problems, outcome.ambiguities, held


def test_a_batch_writes_what_the_rows_one_by_one_write(world, monkeypatch):
    """Every case above in one file, in batches of 4 so that cases fall on both sides of a
    batch's edge; then the outcome, row by row, that an officer would see."""
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 4)
    names = list(ROWS)
    one_by_one = attempt(world, names, batch=False)
    assert attempt(world, names, batch=True) == one_by_one
    (rows, created, updated, duplicates), problems, _ambiguities, _held = one_by_one
    assert (rows, created, updated, duplicates) == (len(ROWS), 5, 4, 1)
    lines = {name: line for line, name in enumerate(ROWS, start=2)}
    wrong = {(p.line, p.column) for p in problems}
    assert wrong == {
        (lines["em's namesake with another CCCD"], "Họ và tên"),
        (lines["binh of Hoằng Giang"], "Số CCCD"),
        (lines["ba, with Bình's CCCD"], ""),  # the same CCCD and release as Bình's row
        (lines["cuong's namesake with a CCCD"], "Họ và tên"),
        (lines["giang, released before judged"], "Ngày ra trại"),
        (lines["hoa, CCCD of a man"], "Số CCCD"),
        (lines["hung, only the year, again"], "Họ và tên"),
        (lines["khanh, conditional without its end"], "Ngày hết thử thách"),
        (lines["long, failing first"], "Thời hạn tù (tháng)"),
        (lines["oanh, unknown old code"], "Mã xã cũ"),
        (lines["phuc, a commune out of scope"], "Mã xã"),
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=st.lists(st.sampled_from(sorted(ROWS)), min_size=1, max_size=10))
def test_any_file_of_these_rows_gives_the_same_in_batches(world, monkeypatch, names):
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 3)
    assert attempt(world, names, batch=True) == attempt(world, names, batch=False)


def test_a_file_written_meanwhile_sends_the_batch_row_by_row(world, monkeypatch):
    """Someone opens a file with a row's CCCD after the batch looked (here: the batch does
    not see it): the database refuses the batch, nothing of it stays, and the rows one by
    one name the row at fault while the others are written."""
    from reentry.persons import bulk

    monkeypatch.setattr(bulk, "_national_ids_with_a_file", lambda numbers: set())
    names = ["em, new", "ba, with Bình's CCCD", "minh, old commune code"]
    (rows, created, updated, duplicates), problems, _ambiguities, held = attempt(
        world, names, batch=True
    )
    assert (rows, created, updated, duplicates) == (3, 2, 0, 0)
    assert [(p.line, p.column) for p in problems] == [(3, "Số CCCD")]
    assert "đã có hồ sơ" in problems[0].message
    assert sum(1 for p in held["persons"] if p[2] == "038085001111") == 1
