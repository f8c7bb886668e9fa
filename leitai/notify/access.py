"""Who may see channels and the delivery log: the office of the channel's jurisdiction."""

from __future__ import annotations

from django.db.models import QuerySet

from leitai.notify.models import Channel, Notification
from leitai.org.access import get_or_404, scope_for


def visible_channels(user) -> QuerySet[Channel]:
    """Return the channels of the jurisdictions whose office `user` is in."""
    return Channel.objects.filter(jurisdiction_id__in=scope_for(user).office_jurisdiction_ids)


def channel_for_user(user, channel_id, *, for_change: bool = False) -> Channel:
    """Return the channel `channel_id` if `user` is in its office, else raise Http404."""
    return get_or_404(visible_channels(user), channel_id)


def visible_notifications(user) -> QuerySet[Notification]:
    """Return the outbox rows of the channels `user` may see."""
    return Notification.objects.filter(channel__in=visible_channels(user))


def notification_for_user(user, notification_id, *, for_change: bool = False) -> Notification:
    """Return the notification if `user` may see its channel, else raise Http404."""
    return get_or_404(visible_notifications(user), notification_id)
