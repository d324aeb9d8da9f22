"""Load scenario for locust: commune officers and province analysts on the web pages.

Run by ``bench/load.py`` (which prepares the data, the accounts and the server); by hand:

    .venv/bin/locust -f bench/locustfile.py --headless -H http://127.0.0.1:8100 -u 50 -r 10 -t 2m

- ``Officer``: a commune police officer of Xã Hoằng Hóa (or a neighbour) browsing the list
  of files (first page, next page, a name search), opening files, the worklist and the list
  of acts of help, recording an act of help (the form, then the POST), opening the
  commune's report.
- ``Analyst``: a province officer of Tỉnh Thanh Hóa running the province report (a month,
  a quarter, the year), the dashboard, the province list and worklist.
- The report tasks are tagged ``reports``: ``--exclude-tags reports`` leaves them out.
- ``ListOnly`` (``LOAD_SCENARIO=list``): the person list and its next pages, no think
  time: the throughput of the list page alone.

Each simulated user has an account of its own (``bench.xa.NNN``, ``bench.tinh.NNN``, made
by ``bench/load.py`` with the demo's deterministic TOTP key) and logs in once, password then
the second factor, in ``on_start``: a TOTP code is accepted once per account and 30-second
step, so accounts are not shared. Request names are URL names (``persons:list``), so the
figures read against ``config/urls.py``. Only the loopback address is allowed.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import os
import random
import re
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django_otp.oath import totp
from locust import FastHttpUser, between, events, tag, task
from locust.stats import StatsEntry

PASSWORD = os.environ.get("LOAD_PASSWORD", "TaiHoaNhap@2026")
SCENARIO = os.environ.get("LOAD_SCENARIO", "mixed")  # "mixed" or "list"
OFFICER_PREFIX = "bench.xa."
ANALYST_PREFIX = "bench.tinh."
OFFICER_UNIT = os.environ.get("LOAD_OFFICER_UNIT", "15865")  # Xã Hoằng Hóa
ANALYST_UNIT = "38"  # Tỉnh Thanh Hóa

# the request names: URL names of config/urls.py, with the path each stands for
PATHS: dict[str, str] = {
    "accounts:login": "/accounts/login/",
    "accounts:two_factor": "/accounts/2fa/",
    "persons:list": "/persons/",
    "persons:detail": "/persons/{id}/",
    "support:activities": "/persons/activities/",
    "support:activity_create": "/persons/{id}/support/new/",
    "worklist:worklist": "/worklist/",
    "reports:report": "/reports/",
    "reports:dashboard": "/reports/dashboard/",
}

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_FILE = re.compile(r'href="/persons/(\d+)/"')
_NEXT = re.compile(r'href="(\?[^"]*after=[^"]+)"')
_SEARCH_WORDS = ("Nguyễn", "Trần", "Lê", "Văn", "Thị", "Hùng", "Lan", "Minh")
_KINDS = ("counselling", "career_guidance", "encouragement_visit", "periodic_meeting", "legal_aid")


def demo_key(username: str) -> str:
    """The TOTP key of a demo or bench account, as ``reentry.accounts.two_factor`` makes it."""
    return hashlib.sha1(f"reentry-demo-totp:{username}".encode()).hexdigest()  # noqa: S324


def current_code(username: str) -> str:
    """The account's current six-digit code (django-otp's TOTP, 30-second steps)."""
    return str(totp(bytes.fromhex(demo_key(username)))).zfill(6)


def path(name: str, **kwargs: Any) -> str:
    return PATHS[name].format(**kwargs)


_counters: dict[str, itertools.count[int]] = {}


def next_username(prefix: str) -> str:
    """Each simulated user of a class gets the next account of that class."""
    counter = _counters.setdefault(prefix, itertools.count(1))
    return f"{prefix}{next(counter):03d}"


@events.init.add_listener
def _loopback_only(environment: Any, **_kwargs: Any) -> None:
    host = environment.host or ""
    if host and urlsplit(host).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"bench/locustfile.py runs against loopback only, not {host}")


class _Staff(FastHttpUser):
    abstract = True
    prefix: ClassVar[str] = OFFICER_PREFIX
    username = ""
    file_ids: list[int]

    def on_start(self) -> None:
        self.username = next_username(self.prefix)
        self.file_ids = []
        self.login()

    def login(self) -> None:
        page = self.client.get(path("accounts:login"), name="accounts:login")
        token = _csrf(page.text)
        with self.client.post(
            path("accounts:login"),
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="accounts:login",
            catch_response=True,
        ) as answer:
            if "/accounts/2fa/" not in (answer.url or ""):
                answer.failure(f"password of {self.username} refused (at {answer.url})")
                return
            token = _csrf(answer.text)
        with self.client.post(
            answer.url,
            data={"code": current_code(self.username), "csrfmiddlewaretoken": token},
            name="accounts:two_factor",
            catch_response=True,
        ) as verified:
            if "/accounts/" in (verified.url or ""):
                verified.failure(f"second factor of {self.username} refused (at {verified.url})")

    def page(self, name: str, url: str | None = None, variant: str = "", **params: Any) -> Any:
        """GET a page by its URL name (and ``[variant]``, a case of the same page); a
        redirect to the login page counts as a failure."""
        label = f"{name} [{variant}]" if variant else name
        with self.client.get(
            url or path(name), params=params or None, name=label, catch_response=True
        ) as answer:
            if answer.status_code == 200 and "/accounts/" in (answer.url or ""):
                answer.failure(f"sent to {answer.url}")
            return answer

    def browse_list(self, variant: str = "", **params: Any) -> Any:
        answer = self.page("persons:list", variant=variant, **params)
        ids = [int(i) for i in _FILE.findall(answer.text or "")]
        if ids:
            self.file_ids = ids
        return answer

    def a_file(self) -> int | None:
        if not self.file_ids:
            self.browse_list()
        return random.choice(self.file_ids) if self.file_ids else None  # noqa: S311


class Officer(_Staff):
    """A commune police officer (cán bộ công an xã)."""

    weight = 9
    wait_time = between(1, 4)
    prefix = OFFICER_PREFIX

    @task(5)
    def list_first_page(self) -> None:
        self.browse_list()

    @task(2)
    def list_next_page(self) -> None:
        answer = self.browse_list()
        found = _NEXT.search(answer.text or "")
        if found:
            after = found.group(1).replace("&amp;", "&")
            self.page("persons:list", url=path("persons:list") + after, variant="next page")

    @task(2)
    def list_search(self) -> None:
        self.browse_list(variant="search", q=random.choice(_SEARCH_WORDS))  # noqa: S311

    @task(6)
    def open_file(self) -> None:
        person = self.a_file()
        if person is not None:
            self.page("persons:detail", url=path("persons:detail", id=person))

    @task(2)
    def worklist(self) -> None:
        self.page("worklist:worklist")

    @task(1)
    def activities(self) -> None:
        self.page("support:activities")

    @task(2)
    def record_activity(self) -> None:
        person = self.a_file()
        if person is None:
            return
        url = path("support:activity_create", id=person)
        form = self.page("support:activity_create", url=url)
        if form.status_code != 200:
            return
        today = datetime.date.today().strftime("%d/%m/%Y")  # noqa: DTZ011 - the server's day
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": _csrf(form.text),
                "kind": random.choice(_KINDS),  # noqa: S311
                "occurred_on": today,
                "provider_kind": "agency",
                "provider_name": "Công an xã",
                "outcome": "Đã gặp, động viên",
                "amount_vnd": "",
                "next_follow_up_on": "",
            },
            name="support:activity_create",
            catch_response=True,
        ) as answer:
            if urlsplit(answer.url or "").path != path("persons:detail", id=person):
                answer.failure(f"not recorded (status {answer.status_code}, at {answer.url})")

    @task(1)
    @tag("reports")
    def commune_report(self) -> None:
        period = {"kind": "month", "year": 2026, "number": 11}
        self.page("reports:report", variant="commune", unit=OFFICER_UNIT, **period)


class Analyst(_Staff):
    """A province officer (cán bộ công an tỉnh) running reports."""

    weight = 1
    wait_time = between(2, 6)
    prefix = ANALYST_PREFIX

    @task(3)
    @tag("reports")
    def province_report(self) -> None:
        kind, number = random.choice([("month", 11), ("quarter", 4), ("year", None)])  # noqa: S311
        params: dict[str, Any] = {"unit": ANALYST_UNIT, "kind": kind, "year": 2026}
        if number is not None:
            params["number"] = number
        self.page("reports:report", variant=f"province {kind}", **params)

    @task(1)
    @tag("reports")
    def dashboard(self) -> None:
        self.page("reports:dashboard")

    @task(2)
    def province_list(self) -> None:
        self.browse_list(variant="province")

    @task(1)
    def province_worklist(self) -> None:
        self.page("worklist:worklist", variant="province")


class ListOnly(_Staff):
    """The person list alone, as fast as the server answers (``LOAD_SCENARIO=list``)."""

    weight = 1
    prefix = OFFICER_PREFIX

    def wait_time(self) -> float:
        return 0

    @task(3)
    @tag("list")
    def list_first_page(self) -> None:
        self.browse_list()

    @task(1)
    @tag("list")
    def list_next_page(self) -> None:
        answer = self.browse_list()
        found = _NEXT.search(answer.text or "")
        if found:
            after = found.group(1).replace("&amp;", "&")
            self.page("persons:list", url=path("persons:list") + after, variant="next page")


PERCENTILES = {"p50": 0.5, "p95": 0.95, "p99": 0.99}
LOGIN_NAMES = {"accounts:login", "accounts:two_factor"}


def summary_row(entry: StatsEntry) -> dict[str, Any]:
    row: dict[str, Any] = {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.total_rps, 2),
        "avg_ms": round(entry.avg_response_time, 1),
        "max_ms": round(entry.max_response_time or 0, 1),
    }
    for label, fraction in PERCENTILES.items():
        value = entry.get_response_time_percentile(fraction) if entry.num_requests else 0
        row[f"{label}_ms"] = value
    return row


def summary(stats: Any) -> dict[str, Any]:
    """Per request name, the total, the total without the two login steps (Argon2 on
    purpose, once per user), and without the reports too (``casework``)."""
    pages = StatsEntry(stats, "pages (without login)", "")
    casework = StatsEntry(stats, "pages without login and reports", "")
    by_name = {}
    for (name, method), entry in sorted(stats.entries.items()):
        by_name[f"{method} {name}"] = summary_row(entry)
        if name not in LOGIN_NAMES:
            pages.extend(entry)
            if not name.startswith("reports:"):
                casework.extend(entry)
    return {
        "by_name": by_name,
        "total": summary_row(stats.total),
        "pages": summary_row(pages),
        "casework": summary_row(casework),
        "errors": [
            {"method": e.method, "name": e.name, "error": str(e.error), "count": e.occurrences}
            for e in stats.errors.values()
        ],
    }


@events.test_stop.add_listener
def _write_summary(environment: Any, **_kwargs: Any) -> None:
    """``LOAD_SUMMARY=path``: the figures as JSON, for ``bench/load.py``."""
    out = os.environ.get("LOAD_SUMMARY")
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(summary(environment.stats), handle, ensure_ascii=False, indent=2)


def _csrf(html: str | None) -> str:
    found = _CSRF.search(html or "")
    return found.group(1) if found else ""


# Which classes run: locust picks every non-abstract User class of the file.
if SCENARIO == "list":
    Officer.abstract = True
    Analyst.abstract = True
else:
    ListOnly.abstract = True
