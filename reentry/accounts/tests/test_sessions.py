"""The idle timeout is kept without a write at every request (reentry/accounts/sessions.py)."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reentry.accounts.roles import Role
from reentry.accounts.sessions import RENEWED_AT, session_needs_renewal

pytestmark = pytest.mark.django_db


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _renewed_long_ago(client, seconds):
    """Pretend the session was last renewed ``seconds`` ago (its row and its data)."""
    key = client.session.session_key
    store = SessionStore(session_key=key)
    store[RENEWED_AT] = int(time.time()) - seconds
    store.save()
    expiry = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds)
    Session.objects.filter(session_key=key).update(expire_date=expiry)


def test_the_first_page_after_login_renews_and_the_next_ones_write_nothing(make_user, client_for):
    client = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    assert client.get("/").status_code == 200
    renewed = _expiry(client)
    assert renewed > timezone.now() + datetime.timedelta(minutes=29)
    assert client.get("/persons/").status_code == 200
    assert _expiry(client) == renewed  # within the minute: the session row was not written
    session_key = client.session.session_key
    # no UPDATE of django_session on a page within the minute

    with CaptureQueriesContext(connection) as queries:
        client.get("/persons/")
    assert not [
        q for q in queries.captured_queries if "UPDATE" in q["sql"] and session_key in q["sql"]
    ]


def test_a_page_a_minute_after_the_last_renewal_moves_the_expiry_forward(make_user, client_for):
    client = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    client.get("/")
    _renewed_long_ago(client, 10 * 60)
    before = _expiry(client)
    assert before < timezone.now() + datetime.timedelta(minutes=21)
    assert client.get("/persons/").status_code == 200
    after = _expiry(client)
    assert after > timezone.now() + datetime.timedelta(minutes=29)


def test_a_session_idle_for_the_configured_minutes_goes_to_login(make_user, client_for):
    client = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    client.get("/")
    # used 29 minutes ago for the last time and not renewed since: still open for a minute
    _renewed_long_ago(client, 29 * 60)
    assert client.get("/persons/").status_code == 200  # this request renews it
    _renewed_long_ago(client, settings.SESSION_COOKIE_AGE + 1)
    response = client.get("/persons/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_visitor_without_a_session_gets_none(client):
    assert client.get("/accounts/login/").status_code == 200
    assert Session.objects.count() == 0


def test_renewal_interval():
    now = 1_000_000.0
    assert session_needs_renewal(None, now, 60)
    assert session_needs_renewal("x", now, 60)
    assert not session_needs_renewal(now - 59, now, 60)
    assert session_needs_renewal(now - 60, now, 60)
    assert session_needs_renewal(now + 120, now, 60)  # a clock set back: renew
