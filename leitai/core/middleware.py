"""Request-scoped origin for the audit log; the page answer to a transient conflict."""

from __future__ import annotations

import re
import time
import uuid

from django.shortcuts import render

from leitai.core.context import origin
from leitai.core.transactions import RetryLater, is_transient

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give each request an id (or keep a sane X-Request-ID) and mark web vs API changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        source = "api" if request.path.startswith("/api/") else "web"
        # Django logs a response's status after the middleware has returned (django.request);
        # the JSON log lines read the id from the request then (leitai/core/logs.py).
        request.leitai_origin = (source, request_id)
        with origin(source, request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class LanguageMiddleware:
    """Speak Chinese unless the person chose another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on most office PCs
    bought abroad or set up in English would show English; the office works in Chinese, so
    only the explicit choice (the language cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class SessionIdleMiddleware:
    """End a session after the person's idle timeout without activity, not after it since log-in.

    The timeout is the jurisdiction's security rule for the person's role class (the office and
    the administrators, or everyone else; `org.selectors.idle_seconds`), stored in the session
    as its expiry. Renewing it at most every `REFRESH` seconds keeps the writes to the session
    store rare.

    A person whose password has expired (the jurisdiction's `password_expiry_days`) is sent to
    the password page at log-in and kept there until the password is changed.
    """

    REFRESH = 300
    EXPIRED = "_password_expired"

    @classmethod
    def mark_login(cls, sender, request, user, **kwargs) -> None:
        """Stamp the new session at log-in, so the first pages write nothing more."""
        if request is not None and hasattr(request, "session"):
            from leitai.core.passwords import password_expired
            from leitai.org.selectors import idle_seconds

            request.session["_seen"] = int(time.time())
            request.session.set_expiry(idle_seconds(user))
            if password_expired(user):
                request.session[cls.EXPIRED] = True

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get("_seen", 0) >= self.REFRESH:
                from leitai.org.selectors import idle_seconds

                session["_seen"] = now
                session.set_expiry(idle_seconds(user))
            if session.get(self.EXPIRED) and not self._may_pass(request):
                return redirect_to_password_change(request)
        return self.get_response(request)

    @staticmethod
    def _may_pass(request) -> bool:
        from django.conf import settings
        from django.urls import reverse

        allowed = (reverse("password_change"), reverse("logout"), settings.STATIC_URL, "/i18n/")
        return request.path.startswith(allowed)


def redirect_to_password_change(request):
    """Send a person whose password has expired to the password page (which says why)."""
    from django.shortcuts import redirect

    return redirect("password_change")


class RetryLaterMiddleware:
    """Answer a change the database could not make for now with "try again", not an error.

    The services retry a transient conflict once (`leitai.core.transactions`); what is still
    refused reaches here and gets a 503 page that says nothing was saved. (The API answers
    the same in its exception handler.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, RetryLater) or is_transient(exception)):
            return None
        response = render(
            request,
            "core/retry_later.html",
            {"message": RetryLater().message, "back": request.get_full_path()},
            status=503,
        )
        response["Retry-After"] = "5"
        return response
