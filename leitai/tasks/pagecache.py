"""A short-lived per-session cache of the battle map page, dropped by any audited change.

The map of a whole county is the heaviest page here and the one put on a wall screen that
reloads it all day. The key holds the session and its user, the CSRF cookie (so the cached form
tokens stay valid), the address, the language, today's date (the default as-of date) and the id
of the latest audit entry: every service writes one, so any change drops the page. A hit costs
two queries (the session, the latest audit id): it is looked up before the user is loaded, and
a session that was logged out no longer exists, so it cannot hit. Writes that bypass the
services (the demo's bulk load) show within `TIMEOUT` seconds.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone, translation

from leitai.core.models import AuditEntry

TIMEOUT = 60


def page_key(request) -> str | None:
    """Return the cache key of this request's page, or None when it must not be cached."""
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if request.method != "GET" or not csrf or "messages" in request.COOKIES:
        return None
    user_id = request.session.get(SESSION_KEY)  # loads the session: gone once logged out
    if not user_id or request.session.get("_messages"):
        return None  # anonymous, or a one-time message must be shown, not cached
    latest = AuditEntry.objects.aggregate(m=Max("id"))
    parts = [
        request.session.session_key or "",
        str(user_id),
        csrf,
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        str(latest["m"] or 0),
    ]
    return "tasks-map:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def get(key: str | None) -> bytes | None:
    return cache.get(key) if key else None


def put(key: str | None, content: bytes) -> None:
    if key:
        cache.set(key, content, TIMEOUT)
