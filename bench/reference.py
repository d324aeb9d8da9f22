"""The reports counted again, independently: the rows the measures read, exported to
Parquet, then every base indicator of every column recounted with DuckDB SQL.

    export(directory)                     → Parquet files, one per table (pyarrow, in batches)
    Reference(directory).columns(unit_code, start, end)
                                          → {column key: {indicator code: value}}

Only the plain columns the indicators need are exported, never an encrypted one (no name,
no identity number, no offence). Rows are fetched in chunks (a server-side cursor on
PostgreSQL, ``QuerySet.iterator``) and written a batch at a time, so memory stays bounded
whatever the number of acts of help.

The SQL below is written from the definitions of ``docs/indicators.md`` and
``reentry/reports/measures.py``, not from the engine's code: a window function and an ASOF
join where the engine has correlated subqueries. It shares no code with the engine, so
agreement is an independent check of every figure (``bench/reports.py`` at scale,
``reentry/reports/tests/test_reference.py`` on the demo data).

Columns follow the report page: the unit's total, one column per child unit (``parent``),
and, for a province, its own column (what it runs across several communes), keyed
``"<code>"`` and ``"<code>/own"``.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.utils import timezone

from reentry.geography.models import AdminUnit
from reentry.initiatives.models import Initiative
from reentry.outcomes.models import Classification, ExpungementRecord, Reoffence
from reentry.outreach.models import OutreachEvent
from reentry.persons.models import Person, ReleaseNotice, Residence, Sentence
from reentry.support.models import Employment, Loan, SupportActivity

BATCH = 100_000

I64, TXT, DAY, BOOL = pa.int64(), pa.string(), pa.date32(), pa.bool_()


@dataclass(frozen=True)
class Table:
    """One exported table: the queryset's ``values_list`` fields and their Arrow types."""

    name: str
    model: Any
    fields: tuple[tuple[str, str, pa.DataType], ...]  # (column, ORM field, type)

    def rows(self, batch: int) -> Iterator[tuple[Any, ...]]:
        manager = self.model._base_manager  # every row: no default filtering
        queryset = manager.order_by().values_list(*(f for _c, f, _t in self.fields))
        return queryset.iterator(chunk_size=batch)


TABLES = (
    Table(
        "unit",
        AdminUnit,
        (
            ("id", "id", I64),
            ("code", "code", TXT),
            ("kind", "kind", TXT),
            ("path", "path", TXT),
            ("parent_id", "parent_id", I64),
        ),
    ),
    Table(
        "person",
        Person,
        (
            ("id", "id", I64),
            ("commune_path", "commune_path", TXT),
            ("merged", "merged_into_id", I64),
        ),
    ),
    Table(
        "residence",
        Residence,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("commune_path", "commune_path", TXT),
            ("started_on", "started_on", DAY),
            ("ended_on", "ended_on", DAY),
        ),
    ),
    Table(
        "notice",
        ReleaseNotice,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("received_on", "received_on", DAY),
            ("reported_on", "reported_on", DAY),
        ),
    ),
    Table(
        "sentence",
        Sentence,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("release_type", "release_type", TXT),
            ("release_date", "release_date", DAY),
            ("probation_end", "conditional_probation_end", DAY),
        ),
    ),
    Table(
        "activity",
        SupportActivity,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("kind", "kind", TXT),
            ("occurred_on", "occurred_on", DAY),
        ),
    ),
    Table(
        "loan",
        Loan,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("status", "status", TXT),
            ("disbursed_on", "disbursed_on", DAY),
            ("amount_vnd", "amount_vnd", I64),
        ),
    ),
    Table(
        "employment",
        Employment,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("started_on", "started_on", DAY),
            ("ended_on", "ended_on", DAY),
        ),
    ),
    Table(
        "classification",
        Classification,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("assessed_on", "assessed_on", DAY),
            ("grade", "grade", TXT),
        ),
    ),
    Table(
        "expungement",
        ExpungementRecord,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("kind", "kind", TXT),
            ("issued_on", "issued_on", DAY),
        ),
    ),
    Table(
        "reoffence",
        Reoffence,
        (
            ("id", "id", I64),
            ("person_id", "person_id", I64),
            ("committed_on", "committed_on", DAY),
            ("status", "status", TXT),
        ),
    ),
    Table(
        "outreach",
        OutreachEvent,
        (
            ("id", "id", I64),
            ("held_on", "held_on", DAY),
            ("province_path", "province_path", TXT),
            ("participants", "participants", I64),
            ("materials", "materials", I64),
        ),
    ),
    Table(
        "outreach_commune",
        OutreachEvent.communes.through,
        (("event_id", "outreachevent_id", I64), ("path", "adminunit__path", TXT)),
    ),
    Table(
        "initiative_commune",
        Initiative.communes.through,
        (("initiative_id", "initiative_id", I64), ("path", "adminunit__path", TXT)),
    ),
)


def _initiative_rows(batch: int) -> Iterator[tuple[Any, ...]]:
    # the day it was recorded, in Vietnam's time, as ``created_at__date`` reads it
    rows = Initiative._base_manager.order_by().values_list(
        "id", "status", "level", "province_path", "launched_on", "created_at"
    )
    for *head, created_at in rows.iterator(chunk_size=batch):
        yield (*head, timezone.localdate(created_at))


INITIATIVE_FIELDS = (
    ("id", I64),
    ("status", TXT),
    ("level", TXT),
    ("province_path", TXT),
    ("launched_on", DAY),
    ("created_on", DAY),
)


def _write(
    target: Path, schema: pa.Schema, rows: Iterable[tuple[Any, ...]], batch: int
) -> tuple[int, int]:
    """Write ``rows`` to one Parquet file a batch at a time; (rows, bytes)."""
    count = 0
    with pq.ParquetWriter(target, schema) as writer:
        chunk: list[tuple[Any, ...]] = []

        def flush() -> None:
            columns = list(zip(*chunk, strict=True)) if chunk else [[] for _ in schema]
            arrays = [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)]
            writer.write_batch(pa.record_batch(arrays, schema=schema))

        for row in rows:
            chunk.append(row)
            if len(chunk) == batch:
                flush()
                count += len(chunk)
                chunk = []
        if chunk or count == 0:
            flush()
            count += len(chunk)
    return count, target.stat().st_size


def export(directory: Path, *, batch: int = BATCH) -> dict[str, dict[str, float]]:
    """Every table the indicators read, to ``directory/<table>.parquet``; per table the
    rows, bytes and seconds."""
    directory.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, float]] = {}
    jobs: list[tuple[str, pa.Schema, Iterable[tuple[Any, ...]]]] = [
        (t.name, pa.schema([(c, ty) for c, _f, ty in t.fields]), t.rows(batch)) for t in TABLES
    ]
    jobs.append(("initiative", pa.schema(list(INITIATIVE_FIELDS)), _initiative_rows(batch)))
    for name, schema, rows in jobs:
        started = time.perf_counter()
        count, size = _write(directory / f"{name}.parquet", schema, rows, batch)
        out[name] = {"rows": count, "bytes": size, "seconds": time.perf_counter() - started}
    return out


# Every base figure as (code, place, value); a place is a commune's path or, for what a
# province runs across several communes, the province's. $start and $end close the period.
BASE_SQL = """
WITH
live AS (SELECT id AS person_id, commune_path FROM person WHERE merged IS NULL),
-- the residence a day falls in: the latest begun by then (same-day moves: the later row)
res_day AS (
    SELECT person_id, started_on, max_by(commune_path, id) AS commune_path
    FROM residence GROUP BY person_id, started_on
),
-- before the first residence: the first one; no residence at all: the file's own commune
res_first AS (
    SELECT person_id, first(commune_path ORDER BY started_on, id) AS commune_path
    FROM residence GROUP BY person_id
),
home_end AS (  -- where each live person lived on the last day
    SELECT l.person_id, coalesce(r.commune_path, f.commune_path, l.commune_path) AS place
    FROM live l
    LEFT JOIN (
        SELECT person_id, first(commune_path ORDER BY started_on DESC, id DESC) AS commune_path
        FROM residence WHERE started_on <= $end GROUP BY person_id
    ) r USING (person_id)
    LEFT JOIN res_first f USING (person_id)
),
events AS (  -- dated events, counted where the person lived on their day
    SELECT 'notices_received' AS code, person_id, received_on AS day, 1 AS amount
    FROM notice WHERE received_on BETWEEN $start AND $end
    UNION ALL
    SELECT 'activities_' || kind, person_id, occurred_on, 1
    FROM activity WHERE occurred_on BETWEEN $start AND $end
    UNION ALL
    SELECT 'training_referrals', person_id, occurred_on, 1
    FROM activity WHERE kind = 'training_referral' AND occurred_on BETWEEN $start AND $end
    UNION ALL
    SELECT 'loans_count', person_id, disbursed_on, 1
    FROM loan WHERE status <> 'rejected' AND disbursed_on BETWEEN $start AND $end
    UNION ALL
    SELECT 'loans_amount_vnd', person_id, disbursed_on, amount_vnd
    FROM loan WHERE status <> 'rejected' AND disbursed_on BETWEEN $start AND $end
    UNION ALL
    SELECT 'job_placements', person_id, started_on, 1
    FROM employment WHERE started_on BETWEEN $start AND $end
),
placed_events AS (
    SELECT e.code, coalesce(r.commune_path, f.commune_path, l.commune_path) AS place, e.amount
    FROM events e
    JOIN live l USING (person_id)
    ASOF LEFT JOIN res_day r ON e.person_id = r.person_id AND e.day >= r.started_on
    LEFT JOIN res_first f ON f.person_id = e.person_id
),
helped AS (  -- people, once each per figure, where they lived at the end
    SELECT DISTINCT 'persons_reported' AS code, person_id
    FROM notice WHERE reported_on BETWEEN $start AND $end
    UNION
    SELECT DISTINCT 'persons_' || kind, person_id
    FROM activity WHERE occurred_on BETWEEN $start AND $end
    UNION
    SELECT DISTINCT 'expungements', person_id FROM expungement
    WHERE kind IN ('certificate', 'court_granted') AND issued_on BETWEEN $start AND $end
),
-- under management by the end: reported on a notice by then, or a file with no notice
reported AS (
    SELECT l.person_id FROM live l
    LEFT JOIN (
        SELECT person_id, count(*) FILTER (WHERE reported_on <= $end) AS reported
        FROM notice GROUP BY person_id
    ) n USING (person_id)
    WHERE n.person_id IS NULL OR n.reported > 0
),
-- managed in the period: the last residence begun by its end, still open at its start
-- (up to, not including, its end day; one closed the day it began never counts)
last_home AS (
    SELECT * FROM residence WHERE started_on <= $end
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY started_on DESC, id DESC) = 1
),
during AS (
    SELECT h.person_id, h.commune_path AS place FROM last_home h
    JOIN reported USING (person_id)
    WHERE (h.ended_on IS NULL OR h.ended_on > $start)
      AND (h.ended_on IS NULL OR h.ended_on <> h.started_on)
),
at_end AS (  -- managed on the last day, in the commune of the residence open then
    SELECT DISTINCT r.person_id, r.commune_path AS place FROM residence r
    JOIN reported USING (person_id)
    WHERE r.started_on <= $end AND (r.ended_on IS NULL OR r.ended_on > $end)
),
grade_end AS (
    SELECT person_id, first(grade ORDER BY assessed_on DESC, id DESC) AS grade
    FROM classification WHERE assessed_on <= $end GROUP BY person_id
),
stock AS (
    SELECT 'persons_managed_end' AS code, person_id, place FROM at_end
    UNION ALL
    SELECT 'on_probation_end', person_id, place FROM at_end a WHERE EXISTS (
        SELECT 1 FROM sentence s WHERE s.person_id = a.person_id
        AND s.release_type = 'conditional' AND s.release_date <= $end
        AND s.probation_end >= $end)
    UNION ALL
    SELECT 'not_expunged_end', person_id, place FROM at_end a WHERE NOT EXISTS (
        SELECT 1 FROM expungement x WHERE x.person_id = a.person_id
        AND x.kind IN ('certificate', 'court_granted') AND x.issued_on <= $end)
    UNION ALL
    SELECT 'employed_end', person_id, place FROM at_end a WHERE EXISTS (
        SELECT 1 FROM employment j WHERE j.person_id = a.person_id
        AND j.started_on <= $end AND (j.ended_on IS NULL OR j.ended_on >= $end))
    UNION ALL
    SELECT 'class_' || lower(g.grade) || '_end', person_id, place
    FROM at_end JOIN grade_end g USING (person_id)
    UNION ALL
    SELECT 'persons_managed', person_id, place FROM during
    UNION ALL
    SELECT 'reoffenders', person_id, place FROM during d WHERE EXISTS (
        SELECT 1 FROM reoffence o WHERE o.person_id = d.person_id
        AND o.status <> 'dropped' AND o.committed_on BETWEEN $start AND $end)
),
-- run for one commune: that commune; for several (or none): the province
outreach_placed AS (
    SELECT o.id, o.participants, o.materials,
           CASE WHEN count(c.path) = 1 THEN min(c.path) ELSE o.province_path END AS place
    FROM outreach o LEFT JOIN outreach_commune c ON c.event_id = o.id
    WHERE o.held_on BETWEEN $start AND $end
    GROUP BY o.id, o.participants, o.materials, o.province_path
),
active AS (  -- launched by the end and active (today: the status has no history)
    SELECT * FROM initiative WHERE status = 'active'
    AND (launched_on <= $end OR (launched_on IS NULL AND created_on <= $end))
),
active_placed AS (
    SELECT a.id, CASE WHEN a.level = 'commune' AND count(c.path) = 1 THEN min(c.path)
                      ELSE a.province_path END AS place
    FROM active a LEFT JOIN initiative_commune c ON c.initiative_id = a.id
    GROUP BY a.id, a.level, a.province_path
)
SELECT code, place, sum(amount) AS value FROM placed_events GROUP BY ALL
UNION ALL
SELECT h.code, e.place, count(*) FROM helped h JOIN home_end e USING (person_id) GROUP BY ALL
UNION ALL
SELECT code, place, count(DISTINCT person_id) FROM stock GROUP BY ALL
UNION ALL
SELECT 'outreach_events', place, count(*) FROM outreach_placed GROUP BY ALL
UNION ALL
SELECT 'outreach_participants', place, sum(participants) FROM outreach_placed GROUP BY ALL
UNION ALL
SELECT 'outreach_materials', place, sum(materials) FROM outreach_placed GROUP BY ALL
UNION ALL
SELECT 'initiatives_active_end', place, count(*) FROM active_placed GROUP BY ALL
UNION ALL
SELECT 'communes_with_initiative_end', u.path, 1 FROM unit u WHERE u.kind = 'commune'
AND u.path IN (SELECT c.path FROM initiative_commune c JOIN active a ON a.id = c.initiative_id)
UNION ALL
SELECT 'communes_total', path, 1 FROM unit WHERE kind = 'commune'
"""

# The report's columns: each sums the places under its path; the province's own column
# only the province's place.
COLUMNS_SQL = f"""
WITH base AS ({BASE_SQL}),
target AS (SELECT * FROM unit WHERE code = $unit AND kind IN ('nation', 'province')),
report_columns AS (
    SELECT code AS key, path, false AS exact FROM target
    UNION ALL
    SELECT u.code, u.path, false FROM unit u JOIN target t ON u.parent_id = t.id
    UNION ALL
    SELECT code || '/own', path, true FROM target WHERE kind = 'province'
),
-- each place under each of its ancestors: 'VN/38/15865/' under 'VN/', 'VN/38/' and itself
-- (an equality join, where a prefix test would compare every place with every column)
by_ancestor AS (
    SELECT code, place, value, unnest(list_transform(
        range(1, len(string_split(place, '/'))),
        i -> array_to_string(string_split(place, '/')[1:i], '/') || '/'
    )) AS ancestor
    FROM base
)
SELECT c.key, u.code, sum(u.value) AS value
FROM report_columns c
JOIN by_ancestor u ON u.ancestor = c.path AND (NOT c.exact OR u.place = c.path)
GROUP BY ALL
"""  # noqa: S608 (constant text; the values are parameters)


class Reference:
    """DuckDB over the Parquet files of ``export``."""

    def __init__(self, directory: Path) -> None:
        self.connection = duckdb.connect()
        for path in sorted(directory.glob("*.parquet")):
            self.connection.execute(
                f"CREATE VIEW {path.stem} AS SELECT * FROM read_parquet('{path}')"  # noqa: S608
            )

    def columns(
        self, unit_code: str, start: datetime.date, end: datetime.date
    ) -> dict[str, dict[str, int]]:
        """Every base indicator of every column of the unit's report for the period
        (codes with nothing to count are absent)."""
        rows = self.connection.execute(
            COLUMNS_SQL, {"unit": unit_code, "start": start, "end": end}
        ).fetchall()
        out: dict[str, dict[str, int]] = {}
        for key, code, value in rows:
            if value:
                out.setdefault(key, {})[code] = int(value)
        return out

    def close(self) -> None:
        self.connection.close()


def engine_columns(report: Any) -> dict[str, dict[str, int]]:
    """The same shape from an ``engine.compute(..., children=True)`` report: base (not
    derived) indicators only, zeros left out."""
    from reentry.reports.registry import INDICATORS

    base = [code for code, indicator in INDICATORS.items() if indicator.derive is None]
    out: dict[str, dict[str, int]] = {}
    for column in [report.total, *report.children]:
        key = f"{column.code}/own" if column.exact else column.code
        values = {code: int(column.values[code]) for code in base if column.values.get(code)}
        out[key] = values
    return out


def disagreements(
    ours: dict[str, dict[str, int]], reference: dict[str, dict[str, int]]
) -> list[dict[str, Any]]:
    """Every (column, indicator) where the two differ; a column or code missing on one
    side counts as zero there."""
    from reentry.reports.registry import INDICATORS

    base = {code for code, indicator in INDICATORS.items() if indicator.derive is None}
    found = []
    for key in sorted(set(ours) | set(reference)):
        mine, theirs = ours.get(key, {}), reference.get(key, {})
        for code in sorted(base | set(mine) | set(theirs)):
            if mine.get(code, 0) != theirs.get(code, 0):
                found.append(
                    {
                        "column": key,
                        "indicator": code,
                        "engine": mine.get(code, 0),
                        "duckdb": theirs.get(code, 0),
                        "known": code in base,
                    }
                )
    return found
