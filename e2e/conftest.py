"""The browser journeys: the application served on the loopback from a database prepared
the way ``make demo`` prepares it, driven by Debian's Chromium through Playwright.

Without Chromium the journeys are skipped, and the run says so; ``E2E_REQUIRED=1`` (set by
``.ci/run``) turns that into a failure. Screenshots of the key pages go to
``E2E_SCREENSHOTS`` (``var/e2e/screenshots`` unless set; ``make screenshots`` writes them to
``docs/screenshots``). See docs/e2e.md.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("E2E_REQUIRED") == "1"
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", ROOT / "var" / "e2e" / "screenshots"))
FAILURES = ROOT / "var" / "e2e" / "failures"
PASSWORD = "TaiHoaNhap@2026"  # the demo accounts' (reentry.demo.generator.DEMO_PASSWORD)
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 768, "height": 1024}
MISSING = (
    f"Chromium not found at {CHROMIUM}: the browser journeys (e2e/) were SKIPPED. "
    "Install it with `apt-get install chromium` (or set E2E_CHROMIUM) to run them."
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    if REQUIRED:
        raise pytest.UsageError(f"E2E_REQUIRED=1 but {MISSING}")
    for item in items:
        item.add_marker(pytest.mark.skip(reason=MISSING))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not CHROMIUM.exists():
        terminalreporter.write_line(MISSING, yellow=True, bold=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    """The application as its users meet it: a server on the loopback, its database, and
    the management commands an administrator would run beside it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
            "DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.given: dict[str, str] = {}

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_admin_units")
        self.manage("seed_demo")

    def start(self) -> None:
        self.log = (self.workdir / "server.log").open("wb")
        for args in (
            ["runserver", "--noreload", f"127.0.0.1:{self.port}"],
            ["db_worker", "--no-reload", "-v0"],
        ):
            self.processes.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "manage.py", *args],
                    cwd=ROOT,
                    env=self.env,
                    stdout=self.log,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in self.processes):
                raise RuntimeError(f"the server stopped at start:\n{self.log_tail()}")
            try:
                urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=2)  # noqa: S310
                return
            except urllib.error.HTTPError:
                return  # it answers; the journeys will show what is wrong
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the server did not answer in 60 s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return (self.workdir / "server.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if hasattr(self, "log"):
            self.log.close()

    def code(self, username: str) -> str:
        """The second factor's current code of a demo account, as its authenticator app
        would show it; a code already given is accepted only once, so a second login of
        the same account in the same 30 seconds waits for the next code, as a person would."""
        for _ in range(40):
            code = self.manage("demo_totp", username).split()[-1]
            if self.given.get(username) != code:
                self.given[username] = code
                return code
            time.sleep(1)
        raise RuntimeError(f"no new second-factor code for {username}")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    shutil.rmtree(FAILURES, ignore_errors=True)  # the screenshots of an earlier run's failures
    site = Site(tmp_path_factory.mktemp("site"))
    site.prepare()
    try:
        site.start()
        yield site
    finally:
        site.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def log_in(page: Any, site: Site, username: str) -> None:
    """Through the login form and the second factor, as the user does."""
    page.goto(f"{site.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.locator("input[name=code]").fill(site.code(username))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/" not in url)


@pytest.fixture(scope="session")
def sessions() -> dict[str, Path]:
    """One login per account for the whole run, kept as the browser's stored state: a
    code of the second factor is accepted once, so a second login within the same 30
    seconds would be refused, as it should be."""
    return {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def as_user(
    request: pytest.FixtureRequest,
    site: Site,
    browser: Any,
    sessions: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., Any]]:
    """A page logged in as ``username`` in a fresh browser context (laptop size unless
    ``viewport`` says otherwise), with the downloads kept."""
    contexts: list[Any] = []

    def open_as(username: str, viewport: dict[str, int] = LAPTOP) -> Any:
        state = sessions.get(username)
        context = browser.new_context(
            viewport=viewport,
            locale="vi-VN",
            accept_downloads=True,
            storage_state=str(state) if state else None,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if state is None:
            log_in(page, site, username)
            state = tmp_path_factory.mktemp("state") / f"{username}.json"
            context.storage_state(path=str(state))
            sessions[username] = state
        return page

    yield open_as
    failed = request.node.stash.get(FAILED, False)
    for n, context in enumerate(contexts):
        if failed:  # what the browser showed when the test failed, for the one who looks
            FAILURES.mkdir(parents=True, exist_ok=True)
            for m, page in enumerate(context.pages):
                name = f"{request.node.name}-{n}-{m}.png"
                page.screenshot(path=str(FAILURES / name), full_page=True)
                print(f"failure screenshot: {FAILURES / name} ({page.url})")
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot of what the user sees, kept for the README and docs."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits(page: Any) -> None:
    """Nothing on the page runs off its width: no sideways scrolling of the whole page
    (a wide table scrolls inside its own frame)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} is {overflow} px wider than the screen"


def accessible(page: Any) -> None:
    """axe-core in the page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}:\n" + "\n".join(serious)
