"""Headers and settings (docs/operations.md): the Content-Security-Policy on every page, no
inline script, style or event handler in any page or template, ``check --deploy`` clean with
the production settings, and uploads reachable only through the views that check the scope."""

from __future__ import annotations

import io
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from reentry.accounts.roles import Role
from reentry.core.crypto import new_key
from reentry.persons.tests.factories import registered

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
CSP = "Content-Security-Policy"


class InlineCode(HTMLParser):
    """What a page carries that ``script-src 'self'; style-src 'self'`` would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.found.append(f"<{tag} style=…> inline style")
            url = (value or "").strip().lower()
            if name in {"href", "src", "action", "formaction"} and url.startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script":
            self._open_script = names

    def handle_data(self, data: str) -> None:
        script = self._open_script
        inline = script is not None and not script.get("src") and not script.get("nonce")
        if inline and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 80)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMMUNE_OFFICER, "15865")


@pytest.fixture
def person(officer):
    return registered(officer, "Lê Văn Tâm")


def main_pages(person) -> list[str]:
    return [
        "/",
        "/persons/",
        f"/persons/{person.pk}/",
        "/reports/",
        "/imports/",
        "/worklist/",
        "/api/docs/",
    ]


def test_every_page_carries_the_policy(officer, person, client_for, client):
    logged_in = client_for(officer)
    responses = {url: logged_in.get(url) for url in main_pages(person)}
    responses["/accounts/login/"] = client.get("/accounts/login/")
    responses["a missing page"] = logged_in.get("/no-such-page/")
    responses["a refused page"] = logged_in.get("/persons/999999999/")
    for url, response in responses.items():
        policy = response.get(CSP, "")
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "default-src 'self'" in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert "object-src 'none'" in policy, url
        assert "base-uri 'none'" in policy, url
        assert "form-action 'self'" in policy, url
        assert "img-src 'self' data:" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "unsafe-eval" not in policy, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
    assert responses["a missing page"].status_code == 404


def test_main_pages_have_no_inline_script_style_or_handler(officer, person, client_for, client):
    logged_in = client_for(officer)
    pages = {url: logged_in.get(url) for url in main_pages(person)}
    pages["/accounts/login/"] = client.get("/accounts/login/")
    for url, response in pages.items():
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
    # the language switcher still submits by itself, through the static script
    home = pages["/"].content.decode()
    assert "data-autosubmit" in home
    assert re.search(r'<script src="/static/js/app\.js" defer></script>', home)
    assert "/static/django_htmx/htmx-2.min.js" in home
    # htmx is told not to add its <style> element, which the policy would block
    assert '"includeIndicatorStyles": false' in home


def test_the_checker_sees_what_it_must_refuse():
    found = inline_code(
        '<script>alert(1)</script><script nonce="abc">ok()</script><script src="/a.js"></script>'
        '<select onchange="go()"></select><p style="color:red"></p><style>p{}</style>'
        '<a href="javascript:void(0)">x</a>'
    )
    assert len(found) == 5
    assert found[0].startswith("inline <script>")


def test_the_api_docs_script_comes_from_the_docs_url(officer, client_for, client):
    logged_in = client_for(officer)
    page = logged_in.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script="></script>' in page
    script = logged_in.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()
    assert "no-store" in script["Cache-Control"]
    # without a session the script (it carries a CSRF token) is not served
    assert client.get("/api/docs/?script=").status_code == 302


INLINE_IN_TEMPLATE = re.compile(
    r"""<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style\b|javascript:""",
    re.IGNORECASE,
)


def test_no_template_of_the_project_has_inline_code():
    offenders = []
    for template in sorted(ROOT.glob("reentry/**/templates/**/*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE_IN_TEMPLATE.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


# production requires the keys of encryption at rest (ADR 0006)
KEYS = {"FIELD_ENCRYPTION_KEYS": new_key(), "FIELD_HASH_KEY": new_key()}


def _check_deploy(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **KEYS,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "postgres://reentry@127.0.0.1:5432/reentry",
        "ALLOWED_HOSTS": "reentry.example.gov.vn",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("preload", ["", "1"], ids=["preload-off", "preload-on"])
def test_check_deploy_passes_with_the_production_settings(preload):
    result = _check_deploy(SECURE_HSTS_PRELOAD=preload)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "?: (security" not in output
    assert "System check identified no issues" in output


def test_production_refuses_to_start_without_the_encryption_keys():
    result = _check_deploy(FIELD_ENCRYPTION_KEYS="")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set" in result.stderr


def test_check_refuses_a_value_that_is_not_a_key():
    result = _check_deploy(FIELD_ENCRYPTION_KEYS="not-a-fernet-key")
    assert result.returncode != 0
    assert "core.E001" in result.stdout + result.stderr


def test_check_deploy_catches_a_weak_setting():
    result = _check_deploy(SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_harden_the_transport():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS,"
            " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE,"
            " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_SAMESITE, s.CSRF_TRUSTED_ORIGINS)",
        ],
        env={
            **os.environ,
            **KEYS,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": "postgres://reentry@127.0.0.1:5432/reentry",
            "CSRF_TRUSTED_ORIGINS": "https://reentry.example.gov.vn",
            "PYTHONPATH": str(ROOT),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split(" ", 6) == [
        "31536000",
        "True",
        "False",
        "True",
        "True",
        "Lax",
        "['https://reentry.example.gov.vn']\n",
    ]


@pytest.fixture
def media_on_disk(tmp_path):
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with override_settings(MEDIA_ROOT=tmp_path / "media", STORAGES=storages):
        yield tmp_path / "media"


def test_uploads_are_served_only_through_the_scope_check(
    media_on_disk, officer, person, make_user, client_for
):
    from reentry.imports.services import batch_upload

    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    client = client_for(officer)
    uploaded = client.post(
        f"/persons/{person.pk}/photo/upload/",
        {"photo": SimpleUploadedFile("me.png", _png(), content_type="image/png")},
    )
    assert uploaded.status_code == 302
    person.refresh_from_db()
    on_disk = media_on_disk / person.photo.name
    assert on_disk.read_bytes().startswith(b"\x89PNG")
    template = client.get("/imports/templates/register.xlsx")
    assert template.status_code == 200
    batch = batch_upload(
        actor=officer,
        kind_code="register",
        unit_code="15865",
        data=template.content,
        filename="danh-sach.xlsx",
        check=False,
    )
    assert (media_on_disk / batch.file.name).is_file()

    for stored in (person.photo.name, batch.file.name):
        for url in (
            f"{settings.MEDIA_URL}{stored}",
            f"/media/{stored}",
            f"/var/media/{stored}",
            f"/static/{stored}",
            f"/static/../media/{stored}",
        ):
            assert client.get(url).status_code == 404, url
    served = client.get(f"/persons/{person.pk}/photo/")
    assert served.status_code == 200
    neighbour = client_for(make_user(Role.COMMUNE_OFFICER, "15880"))
    assert neighbour.get(f"/persons/{person.pk}/photo/").status_code == 404
