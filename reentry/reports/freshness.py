"""What tells a stored report that the records under it changed: database triggers.

Every table a measure reads (``measures.py``) has triggers that, on each insert, update or
delete, write one ``ChangeMark`` row: the earliest day the change can affect. A period
ending before that day cannot have moved, so past years' stored figures stay good while
today's work goes on. The triggers sit in the database, so they see every writer: the
services, imports, the generator's COPY, a bulk ``update()``, the admin, raw SQL.

How early a change reaches (``since``):
- an event (an act of help, a loan disbursed, a job, a classification, a new offence, an
  expungement record, an outreach event, a sentence's release and probation): its
  earliest date, old and new value both;
- a residence: its start (and end); but the person's first residence also places every
  record dated before it (``measures.place_at``), so a change to the first one reaches
  back to the beginning;
- a release notice: its dates; but the first notice of a file changes whether the file
  counts as managed at all before it was reported (``measures.reported_by``), so a file's
  first or last notice reaches back to the beginning;
- a person: only a merge, or a move of a file that has no residence row, reaches anything
  (from the beginning); edits of other fields are not seen by any report;
- an initiative, the communes of an initiative, the units: from the beginning (an
  initiative's status has no history).

A mark also says which commune's figures it can move (``place``; empty for all): those of
the person whose record changed, that is every commune they have lived in and their file's
own. Another province's stored figures stand, and a province's are mended by recounting
only the communes its marks name (``stored.py``).

On PostgreSQL the triggers run once per statement over its transition tables: a COPY of a
million rows writes one mark per commune it reaches, or a single one for all past
``MANY_PLACES``. On SQLite they run once per row. ``install`` writes them; the migration
calls it, and a later change here needs a migration calling it again.
"""

# ruff: noqa: S608 - every statement is built from this module's constants, no input
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

BEGINNING = "0001-01-01"  # reaches every period
NEVER = "9999-12-31"  # reaches none (an empty date that no period filter matches)
MARKS = "reports_changemark"
# a statement whose rows reach more communes than this writes one mark for all of them
MANY_PLACES = 100


@dataclass(frozen=True)
class Dialect:
    vendor: str

    def date(self, text: str) -> str:
        return f"DATE '{text}'" if self.vendor == "postgresql" else f"'{text}'"

    def least(self, parts: list[str]) -> str:
        if len(parts) == 1:
            return parts[0]
        return ("LEAST(" if self.vendor == "postgresql" else "min(") + ", ".join(parts) + ")"


Since = Callable[[Dialect, str], str]  # the SQL of ``since`` for one row, aliased ``r``


def dates(*columns: str) -> Since:
    """The earliest of the row's dates (an empty one reaches nothing)."""
    return lambda d, r: d.least([f"coalesce({r}.{c}, {d.date(NEVER)})" for c in columns])


def beginning(d: Dialect, r: str) -> str:
    return d.date(BEGINNING)


def residence(d: Dialect, r: str) -> str:
    earlier = (
        f"SELECT 1 FROM persons_residence o WHERE o.person_id = {r}.person_id"
        f" AND o.id <> {r}.id AND (o.started_on < {r}.started_on"
        f" OR (o.started_on = {r}.started_on AND o.id < {r}.id))"
    )
    reach = dates("started_on", "ended_on")(d, r)
    return f"CASE WHEN EXISTS ({earlier}) THEN {reach} ELSE {d.date(BEGINNING)} END"


def notice(d: Dialect, r: str) -> str:
    other = (
        f"SELECT 1 FROM persons_releasenotice o WHERE o.person_id = {r}.person_id"
        f" AND o.id <> {r}.id"
    )
    reach = dates("received_on", "reported_on")(d, r)
    return f"CASE WHEN EXISTS ({other}) THEN {reach} ELSE {d.date(BEGINNING)} END"


def outreach_commune(d: Dialect, r: str) -> str:
    held = f"SELECT e.held_on FROM outreach_outreachevent e WHERE e.id = {r}.outreachevent_id"
    return f"coalesce(({held}), {d.date(BEGINNING)})"


@dataclass(frozen=True)
class Watch:
    since: Since
    # which communes' figures a row can move: those of its person (every commune they
    # lived in, and the file's own), for a residence also its own commune; or all ("")
    reach: str = "person"


WATCHED: dict[str, Watch] = {
    "persons_residence": Watch(residence, "residence"),
    "persons_releasenotice": Watch(notice),
    "persons_sentence": Watch(dates("release_date", "conditional_probation_end")),
    "support_supportactivity": Watch(dates("occurred_on")),
    "support_loan": Watch(dates("disbursed_on")),
    "support_employment": Watch(dates("started_on", "ended_on")),
    "outcomes_classification": Watch(dates("assessed_on")),
    "outcomes_reoffence": Watch(dates("committed_on")),
    "outcomes_expungementrecord": Watch(dates("issued_on")),
    "outreach_outreachevent": Watch(dates("held_on"), ""),
    "outreach_outreachevent_communes": Watch(outreach_commune, ""),
    "initiatives_initiative": Watch(beginning, ""),
    "initiatives_initiative_communes": Watch(beginning, ""),
    "geography_adminunit": Watch(beginning, ""),
}
PERSONS = "persons_person"


def _places(reach: str, persons: str, own: str | None) -> str:
    """The communes a change can reach: ``persons`` is SQL giving the person ids (a
    subquery, or one id), ``own`` a residence's own commune path."""
    x = "x.commune_path"
    parts = [
        f"SELECT {x} AS place FROM persons_residence x WHERE x.person_id IN ({persons})",
        f"SELECT {x} FROM persons_person x WHERE x.id IN ({persons})",
    ]
    if reach == "residence" and own is not None:
        parts.append(f"SELECT {own}")
    return " UNION ".join(parts)


def _person_reaches(old: str, new: str) -> str:
    """An update of a file that any report sees: a merge, or a move of a file without a
    residence row (it then counts where the file is)."""
    no_residence = f"NOT EXISTS (SELECT 1 FROM persons_residence x WHERE x.person_id = {new}.id)"
    return (
        f"({old}.merged_into_id IS DISTINCT FROM {new}.merged_into_id"
        f" OR ({old}.commune_path <> {new}.commune_path AND {no_residence}))"
    )


def _pg_mark(watch: Watch, rows: str) -> str:
    d = Dialect("postgresql")
    since = f"SELECT min({watch.since(d, 'r')}) AS since FROM {rows} r HAVING count(*) > 0"
    if not watch.reach:
        return f"INSERT INTO {MARKS} (since) {since};"
    own = f"SELECT commune_path FROM {rows}"
    places = _places(watch.reach, f"SELECT person_id FROM {rows}", None)
    if watch.reach == "residence":
        places += f" UNION SELECT o.commune_path FROM ({own}) o"
    each = (
        f"INSERT INTO {MARKS} (since, place) SELECT m.since, p.place "
        f"FROM ({since}) m LEFT JOIN ({places}) p ON true;"
    )
    # a statement over many communes (a bulk load) leaves one mark for every place
    return (
        f"IF (SELECT count(*) FROM ({places}) n) > {MANY_PLACES} "
        f"THEN INSERT INTO {MARKS} (since) {since}; ELSE {each} END IF;"
    )


def _postgresql() -> list[str]:
    d = Dialect("postgresql")
    statements = []
    for table, watch in WATCHED.items():
        body = [
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_pg_mark(watch, 'new_rows')} END IF;",
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_pg_mark(watch, 'old_rows')} END IF;",
        ]
        statements.append(_pg_function(f"reports_mark_{table}", " ".join(body)))
        for op, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            statements.append(
                f"CREATE TRIGGER reports_mark_{op.lower()} AFTER {op} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION reports_mark_{table}()"
            )
    # the changed rows by set difference (hashed), not by joining the two transition
    # tables, which have no index: the join was a nested loop, 100,000 files updated in
    # one statement took over 20 minutes
    merged = (
        "SELECT id, merged_into_id FROM new_rows EXCEPT SELECT id, merged_into_id FROM old_rows"
    )
    moved = "SELECT id, commune_path FROM new_rows EXCEPT SELECT id, commune_path FROM old_rows"
    person = (
        f"IF TG_OP = 'UPDATE' THEN INSERT INTO {MARKS} (since) SELECT {d.date(BEGINNING)} "
        f"WHERE EXISTS ({merged}) OR EXISTS (SELECT 1 FROM ({moved}) n WHERE NOT EXISTS "
        f"(SELECT 1 FROM persons_residence x WHERE x.person_id = n.id)); END IF; "
        f"IF TG_OP = 'DELETE' THEN INSERT INTO {MARKS} (since) SELECT {d.date(BEGINNING)} "
        f"WHERE EXISTS (SELECT 1 FROM old_rows); END IF;"
    )
    statements.append(_pg_function(f"reports_mark_{PERSONS}", person))
    for op, referencing in (
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        statements.append(
            f"CREATE TRIGGER reports_mark_{op.lower()} AFTER {op} ON {PERSONS} "
            f"REFERENCING {referencing} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION reports_mark_{PERSONS}()"
        )
    return statements


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$"
    )


def _sqlite_mark(watch: Watch, row: str) -> str:
    d = Dialect("sqlite")
    since = watch.since(d, row)
    if not watch.reach:
        return f"INSERT INTO {MARKS} (since) VALUES ({since});"
    own = f"{row}.commune_path" if watch.reach == "residence" else None
    places = _places(watch.reach, f"{row}.person_id", own)
    return (
        f"INSERT INTO {MARKS} (since, place) SELECT {since}, p.place "
        f"FROM (SELECT 1) one LEFT JOIN ({places}) p ON 1;"
    )


def _sqlite() -> list[str]:
    d = Dialect("sqlite")
    statements = []
    for table, watch in WATCHED.items():
        for op, rows in (("INSERT", ["NEW"]), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"])):
            inserts = " ".join(_sqlite_mark(watch, row) for row in rows)
            statements.append(
                f"CREATE TRIGGER reports_mark_{table}_{op.lower()} AFTER {op} ON {table} "
                f"BEGIN {inserts} END"
            )
    mark = f"INSERT INTO {MARKS} (since) VALUES ({d.date(BEGINNING)});"
    reaches = _person_reaches("OLD", "NEW").replace("IS DISTINCT FROM", "IS NOT")
    statements.append(
        f"CREATE TRIGGER reports_mark_{PERSONS}_update AFTER UPDATE ON {PERSONS} "
        f"WHEN {reaches} BEGIN {mark} END"
    )
    statements.append(
        f"CREATE TRIGGER reports_mark_{PERSONS}_delete AFTER DELETE ON {PERSONS} BEGIN {mark} END"
    )
    return statements


def _drop(vendor: str) -> list[str]:
    tables = [*WATCHED, PERSONS]
    if vendor == "postgresql":
        out = [
            f"DROP TRIGGER IF EXISTS reports_mark_{op} ON {table}"
            for table in tables
            for op in ("insert", "update", "delete")
        ]
        return out + [f"DROP FUNCTION IF EXISTS reports_mark_{table}()" for table in tables]
    return [
        f"DROP TRIGGER IF EXISTS reports_mark_{table}_{op}"
        for table in tables
        for op in ("insert", "update", "delete")
    ]


def statements(vendor: str) -> list[str]:
    """The SQL that (re)installs the triggers on ``vendor``."""
    return _drop(vendor) + (_postgresql() if vendor == "postgresql" else _sqlite())


def install(schema_editor) -> None:  # type: ignore[no-untyped-def]
    for sql in statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def uninstall(schema_editor) -> None:  # type: ignore[no-untyped-def]
    for sql in _drop(schema_editor.connection.vendor):
        schema_editor.execute(sql)
