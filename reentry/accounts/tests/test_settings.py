"""Passwords hashed with Argon2; sessions end after inactivity."""

import datetime

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from config.settings import base
from reentry.accounts.models import User
from reentry.accounts.roles import Role
from reentry.accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_base_settings_hash_passwords_with_argon2_and_keep_older_hashes_working():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = User(username="moi")
        user.set_password(TEST_PASSWORD)
        assert user.password.startswith("argon2$")
        assert identify_hasher(user.password).algorithm == "argon2"


def test_an_old_hash_is_upgraded_to_argon2_at_login(make_user):
    user = make_user(Role.COMMUNE_OFFICER, "15865")  # the test settings' fast MD5 hash
    assert user.password.startswith("md5$")
    hashers = [*base.PASSWORD_HASHERS, "django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        response = Client().post(
            "/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$")
        assert user.check_password(TEST_PASSWORD)


def test_sessions_expire_after_the_idle_minutes(settings):
    assert base.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # renewed by reentry.accounts.sessions at most once a minute, not saved at every request
    assert settings.SESSION_RENEW_SECONDS == 60
    assert "reentry.accounts.sessions.SessionRenewalMiddleware" in settings.MIDDLEWARE


def test_an_idle_session_is_sent_to_login_and_an_active_one_is_kept(make_user, client_for):
    client = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    key = client.session.session_key
    past = timezone.now() - datetime.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=past)
    # a request while active pushes the expiry forward (each request saves the session)
    active = client_for(make_user(Role.COMMUNE_OFFICER, "15865"))
    assert active.get("/").status_code == 200
    renewed = Session.objects.get(session_key=active.session.session_key).expire_date
    assert renewed > timezone.now() + datetime.timedelta(minutes=29)
    # the idle one is over
    response = client.get("/persons/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
