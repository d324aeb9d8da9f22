"""The load benchmark's scenario (bench/locustfile.py) asks for the URLs the app has, and
its settings (config.settings.bench) refuse any host that is not loopback.

The locustfile is imported in a child process: locust patches the standard library
(gevent) when imported, which must not happen inside the test run. Skipped when locust
(the ``bench`` extra) is not installed.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]

LIST_SCENARIO = """
import json, sys
sys.path.insert(0, "bench")
import locustfile
users = sorted(name for name, item in vars(locustfile).items()
               if isinstance(item, type) and issubclass(item, locustfile.FastHttpUser)
               and not item.abstract)
print(json.dumps({"paths": locustfile.PATHS, "users": users,
                  "code": locustfile.current_code("bench.xa.001")}))
"""


def _scenario(scenario: str) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", LIST_SCENARIO],
        cwd=ROOT,
        env={**os.environ, "LOAD_SCENARIO": scenario},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="locust not installed")
def test_the_scenario_requests_the_urls_of_the_app_by_their_names():
    mixed = _scenario("mixed")
    assert mixed["users"] == ["Analyst", "Officer"]
    assert _scenario("list")["users"] == ["ListOnly"]
    for name, template in mixed["paths"].items():
        if "{id}" in template:
            assert reverse(name, kwargs={"person_id": 7}) == template.format(id=7), name
        else:
            assert reverse(name) == template, name
    assert len(mixed["code"]) == 6
    assert mixed["code"].isdigit()


def test_the_bench_settings_refuse_a_host_that_is_not_loopback():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/reentry_load_never_opened",
        "SECRET_KEY": "x" * 50,
        "FIELD_ENCRYPTION_KEYS": "A" * 43 + "=",
        "FIELD_HASH_KEY": "h",
    }
    check = "import django; django.setup(); print('loaded')"
    loopback = subprocess.run(  # noqa: S603
        [sys.executable, "-c", check],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "127.0.0.1,localhost"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loopback.stdout.strip() == "loaded", loopback.stderr
    public = subprocess.run(  # noqa: S603
        [sys.executable, "-c", check],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "127.0.0.1,reentry.example.gov.vn"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert public.returncode != 0
    assert "loopback only" in public.stderr
