"""Configuration and connection faults: one sentence, exit code 2, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import database_from_env

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_unreachable_database_is_one_sentence_and_exit_2():
    result = run_manage("migrate", database_url="postgres://postgres:secret@127.0.0.1:1/nothing")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Không kết nối được cơ sở dữ liệu")
    assert "secret" not in result.stderr  # the password is masked
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_database_url_is_one_sentence_and_exit_2():
    result = run_manage("check", database_url="nonsense-url")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "DATABASE_URL" in result.stderr


def test_unknown_role_on_the_command_line_is_one_sentence_and_exit_2(tmp_path):
    result = run_manage(
        "add_user",
        "x",
        "--role",
        "boss",
        "--unit",
        "38",
        "--password",
        "x",
        database_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Vai trò không hợp lệ" in result.stderr


def test_sqlite_under_var_when_database_url_is_unset(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "var" / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert (tmp_path / "var").is_dir()


def test_a_sqlite_database_url_waits_for_other_writers_as_the_default_does(monkeypatch, tmp_path):
    """Without these options a second writer (the background worker, another thread) got
    "database is locked" at once: the browser journeys' server runs on such a URL."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'e2e.sqlite3'}")
    config = database_from_env(tmp_path / "x.sqlite3")
    assert config["OPTIONS"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    monkeypatch.delenv("DATABASE_URL")
    assert database_from_env(tmp_path / "x.sqlite3")["OPTIONS"] == config["OPTIONS"]


def test_postgres_when_database_url_names_one(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5433/reentry")
    config = database_from_env(tmp_path / "x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "reentry")


def test_bad_database_url_is_refused_in_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "nonsense-url")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_env(tmp_path / "x.sqlite3")


def test_a_database_without_tables_says_to_migrate(tmp_path):
    result = run_manage(
        "add_user",
        "x",
        "--role",
        "commune_officer",
        "--unit",
        "15865",
        "--password",
        "x",
        database_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "manage.py migrate" in result.stderr
