"""API tokens that expire, and their revocation.

A token (DRF's `authtoken`, one per person) is valid for the `token_days` of the holder's
jurisdiction (its security settings; default `LEITAI_TOKEN_DAYS`, 90) after it was issued,
counted at each use, so a shorter lifetime applies to the tokens already issued. After that it
is refused and the person asks for a new one with the password. The holder revokes it
(`DELETE /api/token/`), the security administrator revokes it on the security page, and every
token of a person is revoked when the password is set or changed.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def lifetime(person) -> dt.timedelta:
    """Return how long a token of `person` works: their jurisdiction's rule."""
    from leitai.org.selectors import security_settings_of

    return dt.timedelta(days=security_settings_of(person).token_days)


def expires_at(token: Token) -> dt.datetime:
    return token.created + lifetime(token.user)


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
