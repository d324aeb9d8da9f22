"""The data step of the migrations that encrypt columns in place (ADR 0006).

Reads each row's clear values with plain SQL (the migration's models would try to decrypt
them), writes the Fernet tokens and the blind indexes, in batches; and back for a reverse
migration. A value that is already a token is left alone, so a re-run is harmless.
"""

from __future__ import annotations

from typing import Any

from . import crypto

BATCH = 2000


def _is_token(value: str) -> bool:
    try:
        crypto.decrypt(value)
    except Exception:
        return False
    return True


def _rewrite(
    schema_editor: Any, table: str, columns: list[str], hashes: dict[str, str], forward: bool
) -> None:
    connection = schema_editor.connection
    q = connection.ops.quote_name
    select = ", ".join(q(c) for c in ["id", *columns])
    targets = [*columns, *(hashes if forward else {})]
    assignments = ", ".join(f"{q(c)} = %s" for c in targets)
    update = f"UPDATE {q(table)} SET {assignments} WHERE {q('id')} = %s"  # noqa: S608
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {select} FROM {q(table)} WHERE {q('id')} > %s "  # noqa: S608
                f"ORDER BY {q('id')} LIMIT {BATCH}",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            params = []
            for pk, *values in rows:
                clear = dict(zip(columns, values, strict=True))
                out = []
                for column in columns:
                    value = clear[column]
                    if value is None or value == "":
                        out.append(value)
                    elif forward:
                        text = str(value)
                        out.append(text if _is_token(text) else crypto.encrypt(text))
                        clear[column] = crypto.decrypt(out[-1])
                    else:
                        out.append(crypto.decrypt(value) if _is_token(value) else value)
                for source in hashes.values() if forward else ():
                    out.append(crypto.blind_index(str(clear[source] or "")))
                params.append([*out, pk])
            with connection.cursor() as writer:
                writer.executemany(update, params)


def encrypt_columns(
    table: str, columns: list[str], hashes: dict[str, str] | None = None
) -> tuple[Any, Any]:
    """The (forward, reverse) functions of a RunPython: ``hashes`` maps each blind-index
    column to the column it is the HMAC of."""

    def forward(apps: Any, schema_editor: Any) -> None:
        _rewrite(schema_editor, table, columns, hashes or {}, forward=True)

    def reverse(apps: Any, schema_editor: Any) -> None:
        _rewrite(schema_editor, table, columns, hashes or {}, forward=False)

    return forward, reverse
