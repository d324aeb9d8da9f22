"""Backup and restore of the database and the uploaded files (docs/operations.md).

A backup is a directory holding the database dump, a tar of ``MEDIA_ROOT`` and
``manifest.json``: the dump's and the tar's sha256, and for every table its row count and a
sha256 over its rows in primary-key order. The rule this module keeps: a restore verifies the
files against the manifest before it writes anything, refuses a database that already holds
tables unless forced, and afterwards compares every table with the manifest.

SQLite is copied with the online backup API (``sqlite3.Connection.backup``), safe while the
application writes; PostgreSQL with ``pg_dump -Fc`` taken inside a repeatable-read snapshot
that the row counts are read from too, and restored with ``pg_restore``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.core.errors import DomainError

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
FORMAT = 1
CHUNK = 1 << 20

Fingerprints = dict[str, dict[str, Any]]


class BackupError(DomainError):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    media_files: int = 0
    mismatches: list[str] = field(default_factory=list)
    moved_media_to: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.mismatches


# ---------------------------------------------------------------- checksums


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _cell(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)  # dates, times, decimals, UUIDs: their text is stable


def _table_fingerprint(rows: Iterator[Sequence[Any]]) -> dict[str, Any]:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(json.dumps([_cell(v) for v in row], ensure_ascii=False).encode())
        digest.update(b"\n")
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


def _fetch(cursor: Any, sql: str) -> Iterator[Sequence[Any]]:
    cursor.execute(sql)
    while batch := cursor.fetchmany(2000):
        yield from batch


def _order_by(quote: Callable[[str], str], keys: Sequence[str], width: int) -> str:
    if keys:
        return ", ".join(quote(k) for k in keys)
    return ", ".join(str(i) for i in range(1, width + 1))  # no primary key: every column


def sqlite_fingerprints(path: Path) -> Fingerprints:
    """Row count and row checksum of every table of a SQLite file, read in one transaction."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = conn.cursor()
        cursor.execute("BEGIN")
        names = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        ]
        result: Fingerprints = {}
        for name in names:
            quoted = '"' + name.replace('"', '""') + '"'
            columns = cursor.execute(f"PRAGMA table_info({quoted})").fetchall()
            keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
            order = _order_by(lambda n: '"' + n.replace('"', '""') + '"', keys, len(columns))
            result[name] = _table_fingerprint(
                _fetch(conn.cursor(), f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            )
        cursor.execute("COMMIT")
        return result
    finally:
        conn.close()


def database_fingerprints(alias: str = "default") -> Fingerprints:
    """Row count and row checksum of every table of a database Django is connected to (to be
    called inside a transaction for one consistent view)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    result: Fingerprints = {}
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        for name in names:
            keys = connection.introspection.get_primary_key_columns(cursor, name) or []
            width = len(connection.introspection.get_table_description(cursor, name))
            order = _order_by(quote, keys, width)
            sql = f"SELECT * FROM {quote(name)} ORDER BY {order}"  # noqa: S608
            result[name] = _table_fingerprint(_fetch(cursor, sql))
    return result


# ---------------------------------------------------------------- PostgreSQL tools


def _server_major(alias: str) -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def pg_tool(name: str, *, alias: str = "default") -> str:
    """The ``pg_dump`` / ``pg_restore`` of the server's major version, or a clear refusal."""
    major = _server_major(alias)
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    seen: list[str] = []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        output = subprocess.run(  # noqa: S603 (a fixed tool, no shell)
            [str(candidate), "--version"], capture_output=True, text=True, check=False
        ).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", output)
        if match and int(match.group(1)) == major:
            return str(candidate)
        seen.append(f"{candidate} ({output.strip() or '?'})")
    if not seen:
        raise BackupError(
            _(
                "Không tìm thấy %(tool)s: cài gói postgresql-client-%(major)s "
                "(cùng phiên bản chính với máy chủ PostgreSQL %(major)s)."
            )
            % {"tool": name, "major": major}
        )
    raise BackupError(
        _(
            "%(tool)s không cùng phiên bản chính với máy chủ PostgreSQL %(major)s: %(seen)s. "
            "Cài gói postgresql-client-%(major)s."
        )
        % {"tool": name, "major": major, "seen": "; ".join(seen)}
    )


def _pg_command(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment; the password only ever in ``PGPASSWORD``."""
    db = settings.DATABASES[alias]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    env.pop("PGPASSWORD", None)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(what)s thất bại (mã %(code)s): %(error)s")
            % {"what": what, "code": done.returncode, "error": done.stderr.strip()[-2000:]}
        )


# ---------------------------------------------------------------- media


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _media_pack(root: Path, target: Path) -> dict[str, Any]:
    files = _media_files(root)
    with tarfile.open(target, "w") as tar:
        for path in files:
            tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
    return {
        "file": target.name,
        "sha256": file_sha256(target),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }


# ---------------------------------------------------------------- backup


def _app_version() -> dict[str, Any]:
    try:
        version = metadata.version("reentry")
    except metadata.PackageNotFoundError:
        version = ""
    commit = ""
    if shutil.which("git"):
        done = subprocess.run(  # noqa: S603
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        commit = done.stdout.strip() if done.returncode == 0 else ""
    return {"version": version, "git_commit": commit or None, "django": django.get_version()}


def backup_create(*, output: Path | None = None, alias: str = "default") -> Path:
    """Write a backup directory under ``output`` (``BACKUP_ROOT`` by default); its path."""
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(_("Không hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": vendor})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    parent = Path(output or settings.BACKUP_ROOT)
    parent.mkdir(parents=True, exist_ok=True)
    target = parent / f"reentry-{stamp}"
    suffix = 1
    while target.exists():
        suffix += 1
        target = parent / f"reentry-{stamp}-{suffix}"
    target.mkdir()
    dump = target / DUMP_NAMES[vendor]
    try:
        dumper = _sqlite_backup if vendor == "sqlite" else _pg_backup
        tables = dumper(alias, dump)
        media = _media_pack(Path(settings.MEDIA_ROOT), target / MEDIA_TAR)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # never leave half a backup that looks whole
        raise
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "app": _app_version(),
        "database": {
            "vendor": vendor,
            "file": dump.name,
            "sha256": file_sha256(dump),
            "bytes": dump.stat().st_size,
        },
        "tables": tables,
        "media": media,
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8"
    )
    return target


def _sqlite_backup(alias: str, dump: Path) -> Fingerprints:
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(dump)
    try:
        source.backup(destination)  # type: ignore[union-attr]
    finally:
        destination.close()
    return sqlite_fingerprints(dump)


def _pg_backup(alias: str, dump: Path) -> Fingerprints:
    tool = pg_tool("pg_dump", alias=alias)
    args, env = _pg_command(alias)
    connection = connections[alias]
    # pg_dump reads the very snapshot the row counts below are read from: they agree even
    # while the application keeps writing
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [tool, "--format=custom", f"--snapshot={snapshot}", "--file", str(dump), *args],
            env,
            "pg_dump",
        )
        return database_fingerprints(alias)


# ---------------------------------------------------------------- restore


def manifest_read(path: Path) -> dict[str, Any]:
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(
            _("%(path)s không phải bản sao lưu: thiếu tệp %(manifest)s.")
            % {"path": path, "manifest": MANIFEST}
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        manifest["database"]["file"], manifest["tables"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("Tệp %(manifest)s hỏng.") % {"manifest": MANIFEST}) from exc
    return manifest  # type: ignore[no-any-return]


def backup_verify(path: Path, manifest: dict[str, Any]) -> None:
    """The dump and the media tar are exactly the files the manifest describes."""
    entries = [manifest["database"]]
    if manifest.get("media"):
        entries.append(manifest["media"])
    for entry in entries:
        file = path / Path(entry["file"]).name
        if not file.is_file():
            raise BackupError(_("Thiếu tệp %(file)s của bản sao lưu.") % {"file": file.name})
        if file_sha256(file) != entry["sha256"]:
            raise BackupError(
                _(
                    "Tệp %(file)s không khớp mã kiểm tra trong bản kê: tệp đã bị sửa hoặc hỏng. "
                    "Không phục hồi gì."
                )
                % {"file": file.name}
            )


def database_is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        name = Path(str(settings.DATABASES[alias]["NAME"]))
        if not name.exists() or name.stat().st_size == 0:
            return True
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def backup_restore(*, path: Path, force: bool = False, alias: str = "default") -> RestoreReport:
    """Restore a backup into the configured database and ``MEDIA_ROOT``, then compare."""
    manifest = manifest_read(path)
    connection = connections[alias]
    vendor = manifest["database"].get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            _("Bản sao lưu là của %(source)s, cơ sở dữ liệu đang cấu hình là %(target)s.")
            % {"source": vendor, "target": connection.vendor}
        )
    backup_verify(path, manifest)
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if not database_is_empty(alias):
            raise BackupError(
                _(
                    "Cơ sở dữ liệu đích đã có dữ liệu: không phục hồi đè. Dùng một cơ sở dữ liệu "
                    "trống, hoặc thêm --force để thay toàn bộ dữ liệu hiện có."
                )
            )
        if _media_files(media_root):
            raise BackupError(
                _(
                    "Thư mục tệp tải lên %(root)s đã có tệp: không phục hồi đè. "
                    "Thêm --force để thay (tệp cũ được chuyển sang thư mục bên cạnh)."
                )
                % {"root": media_root}
            )
    dump = path / Path(manifest["database"]["file"]).name
    if connection.vendor == "sqlite":
        _sqlite_restore(alias, dump)
    else:
        _pg_restore(alias, dump)
    report = RestoreReport()
    if manifest.get("media"):
        report.moved_media_to, report.media_files = _media_restore(
            path / Path(manifest["media"]["file"]).name, media_root
        )
    report.mismatches = _compare(manifest, alias, media_root, report)
    return report


def _sqlite_restore(alias: str, dump: Path) -> None:
    connections[alias].close()
    target = Path(str(settings.DATABASES[alias]["NAME"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # replaces every page of the target, in one step
    finally:
        destination.close()
        source.close()


def _pg_restore(alias: str, dump: Path) -> None:
    tool = pg_tool("pg_restore", alias=alias)
    args, env = _pg_command(alias)
    connections[alias].close()
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",  # a failure leaves the database as it was
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
        "pg_restore",
    )


def _media_restore(tar_path: Path, root: Path) -> tuple[Path | None, int]:
    moved: Path | None = None
    staging = root.with_name(root.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(tar_path) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        tar.extractall(staging, members=members, filter="data")  # no absolute or ../ paths
    if root.exists():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        moved = root.with_name(f"{root.name}.before-restore-{stamp}")
        if _media_files(root):
            root.rename(moved)
        else:
            shutil.rmtree(root)
            moved = None
    staging.rename(root)
    return moved, len(members)


def _compare(
    manifest: dict[str, Any], alias: str, media_root: Path, report: RestoreReport
) -> list[str]:
    expected: Fingerprints = manifest["tables"]
    if connections[alias].vendor == "sqlite":
        actual = sqlite_fingerprints(Path(str(settings.DATABASES[alias]["NAME"])))
    else:
        with transaction.atomic(using=alias):
            actual = database_fingerprints(alias)
    report.tables = len(actual)
    report.rows = sum(t["rows"] for t in actual.values())
    problems = []
    for name in sorted(set(expected) | set(actual)):
        want, got = expected.get(name), actual.get(name)
        if want is None:
            problems.append(
                _("Bảng %(table)s có sau phục hồi nhưng không có trong bản kê.") % {"table": name}
            )
        elif got is None:
            problems.append(_("Thiếu bảng %(table)s.") % {"table": name})
        elif want["rows"] != got["rows"]:
            problems.append(
                _("Bảng %(table)s: %(got)s dòng, bản kê ghi %(want)s dòng.")
                % {"table": name, "got": got["rows"], "want": want["rows"]}
            )
        elif want["sha256"] != got["sha256"]:
            problems.append(
                _("Bảng %(table)s: đủ %(rows)s dòng nhưng nội dung khác bản kê.")
                % {"table": name, "rows": got["rows"]}
            )
    media = manifest.get("media")
    if media and len(_media_files(media_root)) != media["files"]:
        problems.append(
            _("Tệp tải lên: có %(got)s tệp, bản kê ghi %(want)s tệp.")
            % {"got": len(_media_files(media_root)), "want": media["files"]}
        )
    return problems
