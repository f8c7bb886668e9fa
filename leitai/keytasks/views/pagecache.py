"""A short-lived per-session cache of the battle map page, dropped by any audited change.

The map of a whole county is the heaviest page here and the one put on a wall screen that
reloads it all day. The key holds the session and its user, the CSRF cookie (so the cached form
tokens stay valid), the address, the language, today's date (the default as-of date) and the
generation of leitai/core/cache.py: every service writes an audit row, which starts a new
generation, so any change drops the page. A hit reads the session and the generation from the
shared cache and makes no query: it is looked up before the user is loaded, and a session that
was logged out no longer exists, so it cannot hit. Writes that bypass the services (the demo's
bulk load) clear the cache themselves.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone, translation

from leitai.core.cache import generation_key, get_fixed, may_store, set_fixed

TIMEOUT = 60


def page_key(request) -> str | None:
    """Return the cache key of this request's page, or None when it must not be cached."""
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if request.method != "GET" or not csrf or "messages" in request.COOKIES:
        return None
    user_id = request.session.get(SESSION_KEY)  # loads the session: gone once logged out
    if not user_id or request.session.get("_messages"):
        return None  # anonymous, or a one-time message must be shown, not cached
    parts = [
        request.session.session_key or "",
        str(user_id),
        csrf,
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    ]
    return generation_key("tasks-map", hashlib.sha256("|".join(parts).encode()).hexdigest())


def get(key: str | None) -> bytes | None:
    return get_fixed(key) if key else None


def put(key: str | None, content: bytes) -> None:
    if key and may_store():
        set_fixed(key, content, TIMEOUT)
