"""Two-factor authentication (django-otp): an authenticator app (TOTP) and ten single-use
backup codes. Who needs it is ``access.policies.requires_two_factor`` (every role).

Enrolment: a new, unconfirmed TOTP device; the user scans its QR code (or types the secret)
and confirms with a code; the device is then confirmed and ten backup codes are made and
shown once. Verification: a code of the confirmed device, or one backup code (used up).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reentry.access.policies import can_reset_two_factor
from reentry.audit import events
from reentry.core.errors import DomainError

from .models import User
from .selectors import user_get_by_username

BACKUP_CODES = 10
ENROLMENT_DEVICE = "enrolment"
APP_DEVICE = "authenticator"
BACKUP_DEVICE = "backup"
DEMO_DEVICE = "demo"


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    secret: str  # base32, as authenticator apps expect it typed
    qr_svg: str  # inline SVG of the otpauth:// URL


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_of(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def enrolment_start(*, user: User) -> Enrolment:
    """The user's unconfirmed device (the same secret on every reload until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=ENROLMENT_DEVICE).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=ENROLMENT_DEVICE)
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, dark="#1f2933", light="#ffffff", title=_("Mã QR để quét"))
    return Enrolment(device=device, secret=secret_of(device), qr_svg=svg)


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def enrolment_confirm(
    *, user: User, code: str, ip_address: str | None
) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the enrolment with a code of the new device: return the confirmed device and
    the backup codes (to show once), or None when the code is wrong (audited)."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, name=ENROLMENT_DEVICE)
        .first()
    )
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        events.two_factor_failed(user=user, ip_address=ip_address)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = APP_DEVICE
    device.save(update_fields=["confirmed", "name"])
    codes = _new_backup_codes(user)
    events.two_factor_enrolled(user=user, ip_address=ip_address)
    return device, codes


@transaction.atomic
def two_factor_check(
    *, user: User, code: str, ip_address: str | None
) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``code`` (an app code, or a backup code, which is used up),
    or None when none does (audited)."""
    code = code.strip().replace(" ", "").lower()
    if code:
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if code.isdigit() and device.verify_token(code):
                return device
        for backup in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if backup.verify_token(code):
                events.backup_code_used(
                    user=user, ip_address=ip_address, remaining=backup.token_set.count()
                )
                return backup
    events.two_factor_failed(user=user, ip_address=ip_address)
    return None


@transaction.atomic
def backup_codes_regenerate(*, user: User, ip_address: str | None) -> list[str]:
    """New backup codes for a user with a confirmed app; the old ones stop working."""
    if not has_two_factor(user):
        raise DomainError(_("Tài khoản chưa đăng ký xác thực hai lớp."))
    codes = _new_backup_codes(user)
    events.backup_codes_regenerated(user=user, ip_address=ip_address)
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User | None, username: str, via: str = "") -> User:
    """Remove the user's authenticator and backup codes: they enrol again at their next
    login. From a page, only an administrator in scope (``actor=None``: a command)."""
    user = user_get_by_username(username)
    if actor is not None and not can_reset_two_factor(actor, user):
        raise DomainError(_("Bạn không có quyền đặt lại xác thực hai lớp của tài khoản này."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    events.two_factor_reset(actor=actor, user=user, via=via)
    return user


# The demo (reentry.demo, seed_demo): a fixed secret per demo account, so `make demo` works
# out of the box. Anyone who reads this code can compute these codes: only demo accounts.


def demo_key(username: str) -> str:
    """The demo account's TOTP key (hex), derived from its username: deterministic."""
    return hashlib.sha1(f"reentry-demo-totp:{username}".encode()).hexdigest()  # noqa: S324


@transaction.atomic
def demo_device_ensure(*, user: User) -> TOTPDevice:
    """Give a demo account its confirmed device with the deterministic key (idempotent)."""
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE, confirmed=True).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=DEMO_DEVICE, confirmed=True, key=demo_key(user.username)
        )
    return device


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(code).zfill(device.digits)


def demo_secret_of(user: User) -> str:
    """The demo account's TOTP secret (base32), or "" once it enrolled its own app."""
    device = TOTPDevice.objects.filter(
        user=user, name=DEMO_DEVICE, confirmed=True, key=demo_key(user.username)
    ).first()
    return secret_of(device) if device is not None else ""
