"""Audit recipes of notifications: channels, the test message, a resend."""

from __future__ import annotations

from leitai.notify import services
from leitai.notify.models import Channel, Notification
from tests.core.audit.harness import CREATE, EVENT, recipe

S = "leitai.notify.services."


def _channel(c):
    return Channel.objects.create(
        jurisdiction=c.county,
        unit=c.unit_a,
        kind="webhook",
        name="短信网关",
        address="http://127.0.0.1:9/hook",
        secret="s",
    )


@recipe(S + "channel_save", kind=CREATE)
def _(c):
    return lambda: services.channel_save(
        actor=c.office,
        jurisdiction=c.county,
        unit=c.unit_a,
        kind="dingtalk",
        name="发改局群",
        address="http://127.0.0.1:9/robot/send?access_token=t",
        secret="SEC1",
        mobiles=["13800000001"],
    )


@recipe(S + "channel_test_send", kind=EVENT)
def _(c):
    channel = _channel(c)
    return lambda: services.channel_test_send(actor=c.office, channel=channel)


@recipe(S + "notification_resend", kind=EVENT)
def _(c):
    note = Notification.objects.create(
        channel=_channel(c),
        event="test",
        title="t",
        body="b",
        state="failed",
        due_at="2022-01-01T00:00:00+08:00",
    )
    return lambda: services.notification_resend(actor=c.office, notification=note)
