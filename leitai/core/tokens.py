"""API tokens that expire, and their revocation.

A token (DRF's `authtoken`, one per person) is valid for `LEITAI_TOKEN_DAYS` days after it
was issued (default 90); after that it is refused and the person asks for a new one with the
password. The holder revokes it (`DELETE /api/token/`), the office revokes it from the person's
page, and every token of a person is revoked when the password is set or changed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.LEITAI_TOKEN_DAYS)


def expires_at(token: Token) -> dt.datetime:
    return token.created + lifetime()


def is_expired(token: Token, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= expires_at(token)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than its lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("The token has expired; ask for a new one with your password.")
            )
        return user, token


def revoke_all(person) -> int:
    """Delete every token of the person (inside the caller's transaction); return how many."""
    count, _details = Token.objects.filter(user=person).delete()
    return count
