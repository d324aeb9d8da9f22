"""A test client signed in as a demo user, past the second factor (for the benchmarks).

Import after ``django.setup()``.
"""

from __future__ import annotations

from django.test import Client

from reentry.accounts.models import User


def signed_in(username: str) -> Client:
    """A client signed in as the demo user, past the second factor with the user's own
    authenticator (seed_demo gives each demo user one), as django-otp records it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise SystemExit(f"{username} has no authenticator: seed the demo users (seed_demo)")
    client = Client()
    client.force_login(user, "django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
