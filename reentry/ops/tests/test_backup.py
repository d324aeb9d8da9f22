"""``manage.py backup`` and ``restore`` end to end, on databases of their own: a round trip
into an empty database compares every table, a tampered dump is refused, a database that
holds data is not overwritten without ``--force``, and a restore that does not match its
manifest says so and fails."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reentry.ops.services import MANIFEST, sqlite_fingerprints

ROOT = Path(settings.BASE_DIR)


def manage(*args: str, database_url: str, media: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
    }
    script = (
        [str(ROOT / "manage.py"), *args]
        if args[0] != "make_data"
        else [str(ROOT / "reentry" / "ops" / "tests" / "make_data.py")]
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and scripts)
        [sys.executable, *script], env=env, capture_output=True, text=True, timeout=600
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def filled(url: str, media: Path) -> None:
    ok(manage("migrate", "--noinput", "-v0", database_url=url, media=media))
    ok(manage("load_admin_units", database_url=url, media=media))
    ok(manage("make_data", database_url=url, media=media))


def backed_up(url: str, media: Path, output: Path) -> Path:
    out = ok(manage("backup", "--output", str(output), database_url=url, media=media))
    assert "Đã sao lưu" in out
    return Path(out.strip().splitlines()[-1])


# ---------------------------------------------------------------- SQLite


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory):
    base = tmp_path_factory.mktemp("ops-sqlite")
    db, media = base / "source.sqlite3", base / "media"
    url = f"sqlite:///{db}"
    filled(url, media)
    return {"db": db, "url": url, "media": media, "backup": backed_up(url, media, base / "bk")}


def test_sqlite_round_trip_into_an_empty_database(sqlite_source, tmp_path):
    backup = sqlite_source["backup"]
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["tables"]["persons_person"]["rows"] == 3
    assert manifest["tables"]["imports_importbatch"]["rows"] == 1
    assert manifest["media"]["files"] == 2  # the photo and the imported file
    assert manifest["app"]["django"].startswith("5.2")
    assert {"created_at", "database", "tables", "media", "app"} <= set(manifest)

    target, media = tmp_path / "new.sqlite3", tmp_path / "media-new"
    out = ok(manage("restore", str(backup), database_url=f"sqlite:///{target}", media=media))
    assert "khớp bản kê" in out
    source_tables = sqlite_fingerprints(sqlite_source["db"])
    restored = sqlite_fingerprints(target)
    assert restored == source_tables
    assert {name: t["rows"] for name, t in restored.items()} == {
        name: t["rows"] for name, t in manifest["tables"].items()
    }
    assert restored == manifest["tables"]
    assert media_files(media) == media_files(sqlite_source["media"])
    # the restored copy is a working database: the application reads it
    check = manage("check", database_url=f"sqlite:///{target}", media=media)
    ok(check)


def test_a_tampered_dump_is_refused_and_nothing_written(sqlite_source, tmp_path):
    copy = tmp_path / "tampered"
    shutil.copytree(sqlite_source["backup"], copy)
    dump = copy / "database.sqlite3"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    target, media = tmp_path / "new.sqlite3", tmp_path / "media-new"
    result = manage("restore", str(copy), database_url=f"sqlite:///{target}", media=media)
    assert result.returncode == 2
    assert "không khớp mã kiểm tra" in result.stderr
    assert not target.exists()
    assert not media.exists()


def test_a_database_with_data_is_not_overwritten_without_force(sqlite_source, tmp_path):
    target = tmp_path / "busy.sqlite3"
    shutil.copyfile(sqlite_source["db"], target)
    before = sqlite_fingerprints(target)
    media = tmp_path / "media-empty"
    url = f"sqlite:///{target}"
    result = manage("restore", str(sqlite_source["backup"]), database_url=url, media=media)
    assert result.returncode == 2
    assert "đã có dữ liệu" in result.stderr
    assert "--force" in result.stderr
    assert sqlite_fingerprints(target) == before
    assert not media.exists()
    # with --force the backup replaces it
    forced = manage(
        "restore", "--force", str(sqlite_source["backup"]), database_url=url, media=media
    )
    assert "khớp bản kê" in ok(forced)


def test_a_restore_that_does_not_match_its_manifest_fails(sqlite_source, tmp_path):
    copy = tmp_path / "lying"
    shutil.copytree(sqlite_source["backup"], copy)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["tables"]["persons_person"]["rows"] = 4
    manifest["tables"]["accounts_user"]["sha256"] = "0" * 64
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    target, media = tmp_path / "new.sqlite3", tmp_path / "media-new"
    result = manage("restore", str(copy), database_url=f"sqlite:///{target}", media=media)
    assert result.returncode == 3
    assert "persons_person: 3 dòng, bản kê ghi 4 dòng" in result.stderr
    assert "accounts_user: đủ" in result.stderr
    assert "KHÔNG khớp bản kê" in result.stderr


def test_a_directory_that_is_not_a_backup_is_refused(tmp_path):
    result = manage(
        "restore", str(tmp_path), database_url=f"sqlite:///{tmp_path}/x.sqlite3", media=tmp_path
    )
    assert result.returncode == 2
    assert "không phải bản sao lưu" in result.stderr


# ---------------------------------------------------------------- PostgreSQL


def _pg_admin():
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


def _pg_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL run only")
def test_postgresql_round_trip_into_an_empty_database(tmp_path):
    from psycopg import sql

    suffix = secrets.token_hex(4)
    source, target = f"reentry_ops_src_{suffix}", f"reentry_ops_restore_{suffix}"
    with _pg_admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(source)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    try:
        media = tmp_path / "media"
        filled(_pg_url(source), media)
        backup = backed_up(_pg_url(source), media, tmp_path / "bk")
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
        assert manifest["database"]["vendor"] == "postgresql"
        assert manifest["tables"]["persons_person"]["rows"] == 3
        restored_media = tmp_path / "media-new"
        out = ok(manage("restore", str(backup), database_url=_pg_url(target), media=restored_media))
        assert "khớp bản kê" in out
        # a second backup, of the restored database, carries the very same tables
        again = backed_up(_pg_url(target), restored_media, tmp_path / "bk2")
        second = json.loads((again / MANIFEST).read_text(encoding="utf-8"))
        assert second["tables"] == manifest["tables"]
        assert media_files(restored_media) == media_files(media)
        refused = manage("restore", str(backup), database_url=_pg_url(target), media=tmp_path)
        assert refused.returncode == 2
        assert "đã có dữ liệu" in refused.stderr
    finally:
        with _pg_admin() as admin:
            for name in (source, target):
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
