"""The English catalogue covers every Vietnamese string of the code and templates."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgattrib")),
    reason="GNU gettext is not installed (apt-get install gettext)",
)
def test_every_string_has_an_english_translation(tmp_path):
    for name in ("reentry", "config", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "-v0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=120,
    )
    catalogue = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    problems = []
    for flag in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(  # noqa: S603
            ["msgattrib", flag, "--no-obsolete", str(catalogue)],  # noqa: S607
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        entries = [e for e in result.stdout.split("\n\n") if 'msgid ""\nmsgstr ""' not in e]
        problems += [e.strip() for e in entries if e.strip()]
    assert problems == [], "translate these in locale/en/LC_MESSAGES/django.po:\n" + "\n\n".join(
        problems
    )
