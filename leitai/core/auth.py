"""Authentication backend that keeps logged-in users in the shared cache.

Django loads the user from the database on every request of a logged-in session. Here the user
comes from the cache, keyed by id; any save or deletion of the user (password change, a
deactivation, the last-login stamp) drops the entry, and Django still checks the session's
password hash against the cached user on every request, so a changed password logs other
sessions out as before.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

TIMEOUT = 3600


def user_key(user_id) -> str:
    return f"auth:user:{user_id}"


class CachedModelBackend(ModelBackend):
    """ModelBackend whose `get_user` reads the shared cache first."""

    def get_user(self, user_id):
        key = user_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(key, user, TIMEOUT)
        return user if self.user_can_authenticate(user) else None


def forget_user(sender, instance, **kwargs) -> None:
    """Drop a saved or deleted user from the cache now and when the change commits.

    The second drop matters: a request that read the user between the save and the commit
    would otherwise keep the old password hash or active flag in the cache.
    """
    key = user_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect_signals() -> None:
    model = get_user_model()
    post_save.connect(forget_user, sender=model, dispatch_uid="leitai-forget-user-save")
    post_delete.connect(forget_user, sender=model, dispatch_uid="leitai-forget-user-delete")
