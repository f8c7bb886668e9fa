"""Log-in throttling with django-axes: by account first, then by client address.

Every password check (the log-in page, `/api/token/`, the admin's log-in) goes through
Django's `authenticate()`, where django-axes counts the failures. A county's offices often
share one address behind NAT, so an *account* is locked after `LEITAI_LOGIN_ACCOUNT_FAILURES`
wrong passwords (default 5) and an *address* only after `LEITAI_LOGIN_ADDRESS_FAILURES`
(default 50, across every account). A lock lasts `LEITAI_LOGIN_LOCK_MINUTES` (default 30)
or until the office unlocks the person (`leitai.org.services.person_unlock`, a button on the
person's page). The client address is the connection's own unless the request comes from one
of `LEITAI_TRUSTED_PROXIES`; only then is `X-Forwarded-For` believed.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


class AccountFirstHandler(AxesDatabaseHandler):
    """Count an account's failures against one limit and an address's against a higher one.

    django-axes keeps one attempt row per (username, address); with the lockout parameters
    `["username", "ip_address"]` it returns the account's attempts and the address's attempts.
    """

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LEITAI_LOGIN_ADDRESS_FAILURES:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(net, strict=False) for net in settings.LEITAI_TRUSTED_PROXIES
    )


def client_address(request) -> str | None:
    """Return the client's address: the proxy's `X-Forwarded-For` only from a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not _trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    # The right-most address a trusted proxy did not add is the client.
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return hops[0] if hops else remote


def locked_message() -> str:
    minutes = settings.LEITAI_LOGIN_LOCK_MINUTES
    return _(
        "Too many wrong passwords: logging in is locked for %(minutes)s minutes. "
        "Ask the assessment office to unlock your account if you need it sooner."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked-out log-in: the API's error shape, or the log-in page with the reason."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        body = {"error": {"code": "locked_out", "message": locked_message(), "fields": {}}}
        return JsonResponse(body, status=status)
    form = AuthenticationForm(request)
    if credentials and credentials.get("username"):
        form.initial["username"] = credentials["username"]
    context = {
        "form": form,
        "locked_message": locked_message(),
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=status)


def failures_of(username: str) -> int:
    """Return the failed log-ins counted against the account now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def is_locked(username: str) -> bool:
    return failures_of(username) >= settings.AXES_FAILURE_LIMIT
