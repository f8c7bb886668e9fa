"""Reads for the notification pages, scoped through access.py."""

from __future__ import annotations

from leitai.notify.access import visible_channels, visible_notifications


def channel_list(user):
    """The channels the office may manage, the jurisdiction's own first, then by unit."""
    return visible_channels(user).select_related("unit").order_by("unit__code", "name")


def delivery_log(user, limit: int = 200):
    """The newest outbox rows with their attempts, for the delivery page."""
    return (
        visible_notifications(user)
        .select_related("channel", "channel__unit")
        .prefetch_related("attempts")
        .order_by("-pk")[:limit]
    )
