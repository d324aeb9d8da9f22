"""Fixtures shared by every app's tests.

The administrative units are loaded once per test session (the real 34 provinces and 3,321
communes from the packages, plus the legacy units); each test runs in a transaction on top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from reentry.accounts.models import User
from reentry.accounts.tests.factories import UserFactory
from reentry.geography.loaders import load_admin_units
from reentry.geography.models import AdminUnit


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        load_admin_units()


@pytest.fixture
def unit(db) -> Callable[[str], AdminUnit]:  # type: ignore[no-untyped-def]
    def get(code: str) -> AdminUnit:
        return AdminUnit.objects.current().get(code=code)

    return get


@pytest.fixture
def make_user(db) -> Callable[..., User]:  # type: ignore[no-untyped-def]
    def make(role: str, unit_code: str, **kwargs: object) -> User:
        return UserFactory(
            role=role, scope_unit=AdminUnit.objects.current().get(code=unit_code), **kwargs
        )

    return make


@pytest.fixture
def client_for(db) -> Callable[[User], Client]:  # type: ignore[no-untyped-def]
    def login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):  # type: ignore[no-untyped-def]
    """``Client.force_login`` (the ``client_for`` fixture and direct calls) also marks the
    session as having passed the second factor, with a confirmed authenticator of the
    user's, the way django-otp records it. Tests of the login itself use the login form."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    original = Client.force_login

    def force_login(self, user, backend=None):  # type: ignore[no-untyped-def]
        # the first backend (axes') only watches logins; the session's user comes from this
        original(self, user, backend or "django.contrib.auth.backends.ModelBackend")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def units_back_after_flush(django_db_blocker: Any) -> Iterator[None]:
    """Loads the administrative units again when the test ends; set up before
    ``transactional_db``, its teardown runs after that one's flush."""
    yield
    with django_db_blocker.unblock():
        load_admin_units()


@pytest.fixture
def concurrent_db(units_back_after_flush: None, transactional_db: None) -> None:
    """The database as the threads share it: ``transactional_db`` (what one thread commits
    the other sees), which empties every table when the test ends, and then the
    administrative units the later tests expect, loaded again.

    Used instead of the ``django_db(transaction=True)`` mark, whose fixture would be set up
    first and so flush after the units came back; and first, through ``usefixtures`` in the
    module's ``pytestmark``, for the same reason (``make_user`` asks for ``db``)."""


def pytest_terminal_summary(terminalreporter):  # type: ignore[no-untyped-def]
    """How many examples each fuzzer ran (docs/fuzzing.md)."""
    from reentry.core.tests.fuzzing import RUN

    if RUN:
        ran = ", ".join(f"{name} {count}" for name, count in sorted(RUN.items()))
        terminalreporter.write_line(f"fuzzing examples: {ran}")
