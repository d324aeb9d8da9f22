"""The idle timeout of a session, without a database write at every request.

A session ends ``SESSION_COOKIE_AGE`` (``SESSION_IDLE_MINUTES``) after it was last saved.
Saving it at every request (``SESSION_SAVE_EVERY_REQUEST``) made every page, even a list,
a write transaction: an UPDATE and a commit waiting on the disk. This middleware saves it
again only when its last save is ``SESSION_RENEW_SECONDS`` old or more, so a session in use
is written at most once a minute, and an idle one still ends after at most
``SESSION_IDLE_MINUTES`` without a request — between that and one renewal interval sooner,
never later (docs/accounts.md).

Sessions without a key (a visitor who never logged in) are left alone: no session is
created for them. Placed right after Django's ``SessionMiddleware``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_renewed_at"  # seconds since the epoch of the session's last renewal


def session_needs_renewal(renewed_at: object, now: float, interval: int) -> bool:
    """Whether a session renewed at ``renewed_at`` must be saved again at ``now``."""
    if not isinstance(renewed_at, int | float):
        return True
    return now - renewed_at >= interval or renewed_at > now


class SessionRenewalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.is_empty():
            return response  # no session: none is created
        now = time.time()
        if session.modified or session_needs_renewal(
            session.get(RENEWED_AT), now, settings.SESSION_RENEW_SECONDS
        ):
            # saved by SessionMiddleware (setting a key marks it modified), expiry moved on
            session[RENEWED_AT] = int(now)
        return response
