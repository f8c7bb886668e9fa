"""The outbox against a real local receiver: signatures, errors in 200 answers, backoff,
rollback, a dead runner's claim, the per-minute digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from leitai.notify import services
from leitai.notify.models import Attempt, Channel, Notification
from tests.notify.conftest import make_channel

pytestmark = pytest.mark.django_db(transaction=True)
State = Notification.State


def _queue(channel, n=1, title="标题"):
    with transaction.atomic():
        return [
            services.notify(channel=channel, event="test", title=f"{title}{i}", body=f"正文{i}")
            for i in range(n)
        ]


def test_dingtalk_signed_message_is_sent_once_with_mentions(world, receiver):
    channel = make_channel(world, receiver, mobiles=["13800000001"])
    (note,) = _queue(channel)
    assert services.send_due(timezone.now()) == {"sent": 1, "merged": 0, "retry": 0, "failed": 0}
    assert len(receiver.received) == 1
    path, data = receiver.received[0]
    assert path == "/dingtalk"
    assert data["at"] == {"atMobiles": ["13800000001"], "isAtAll": False}
    assert data["markdown"]["title"] == "标题0"
    note.refresh_from_db()
    assert (note.state, note.tries) == (State.SENT, 1)
    assert list(note.attempts.values_list("ok", flat=True)) == [True]
    assert services.send_due(timezone.now())["sent"] == 0
    assert len(receiver.received) == 1


def test_a_wrong_dingtalk_secret_is_a_failure_retried_with_backoff(world, receiver):
    channel = make_channel(world, receiver, secret="wrong")
    (note,) = _queue(channel)
    now = timezone.now()
    assert services.send_due(now)["retry"] == 1
    note.refresh_from_db()
    assert (note.state, note.tries, note.due_at) == (State.QUEUED, 1, now + dt.timedelta(minutes=1))
    assert "310000" in note.attempts.get().answer
    # Not due before the backoff ends; then 2, 4, 8 minutes; given up after the fifth try.
    assert services.send_due(now + dt.timedelta(seconds=59))["retry"] == 0
    at = now + dt.timedelta(minutes=1)
    for wait in (2, 4, 8):
        assert services.send_due(at)["retry"] == 1
        note.refresh_from_db()
        assert note.due_at == at + dt.timedelta(minutes=wait)
        at = note.due_at
    assert services.send_due(at)["failed"] == 1
    note.refresh_from_db()
    assert (note.state, note.tries, note.attempts.count()) == (State.FAILED, 5, 5)
    assert receiver.received == []


def test_dingtalk_throttling_errcode_in_a_200_answer_is_a_failure(world, receiver):
    channel = make_channel(world, receiver)
    (note,) = _queue(channel)
    receiver.throttle = True
    now = timezone.now()
    assert services.send_due(now)["retry"] == 1
    attempt = Attempt.objects.get()
    assert (attempt.ok, "130101" in attempt.answer) == (False, True)
    receiver.throttle = False
    assert services.send_due(now + dt.timedelta(minutes=1))["sent"] == 1
    note.refresh_from_db()
    assert (note.state, note.tries) == (State.SENT, 2)


def test_feishu_and_webhook_signatures(world, receiver):
    feishu = make_channel(world, receiver, Channel.Kind.FEISHU)
    hook = make_channel(world, receiver, Channel.Kind.WEBHOOK)
    bad = make_channel(world, receiver, Channel.Kind.FEISHU, secret="wrong", name="bad")
    _queue(feishu)
    _queue(hook)
    (failed,) = _queue(bad)
    assert services.send_due(timezone.now()) == {"sent": 2, "merged": 0, "retry": 1, "failed": 0}
    assert sorted(p for p, _ in receiver.received) == ["/feishu", "/webhook"]
    assert dict(receiver.received)["/webhook"] == {"title": "标题0", "body": "正文0", "mobiles": []}
    assert "19021" in failed.attempts.get().answer


def test_wecom_text_is_cut_at_2048_bytes(world, receiver):
    channel = make_channel(world, receiver, Channel.Kind.WECOM, secret="")
    with transaction.atomic():
        services.notify(channel=channel, event="test", title="长", body="字" * 1000)
    services.send_due(timezone.now())
    ((_, data),) = receiver.received
    # "长\n" is 4 bytes, then 681 whole characters of 3 bytes fit in the other 2,044.
    assert data["text"]["content"] == "长\n" + "字" * 681
    assert len(data["text"]["content"].encode()) == 2047


def test_a_change_that_rolls_back_sends_nothing(world, receiver):
    channel = make_channel(world, receiver)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        services.notify(channel=channel, event="test", title="t", body="b")
        1 / 0  # noqa: B018
    assert Notification.objects.count() == 0
    assert services.send_due(timezone.now())["sent"] == 0
    assert receiver.received == []


def test_notify_outside_a_transaction_is_refused(world, receiver):
    channel = make_channel(world, receiver)
    with pytest.raises(RuntimeError):
        services.notify(channel=channel, event="test", title="t", body="b")
    assert Notification.objects.count() == 0


def test_a_dead_runners_claim_is_sent_once_after_the_timeout(world, receiver):
    channel = make_channel(world, receiver)
    (note,) = _queue(channel)
    now = timezone.now()
    assert services.claim_due(now) == [note.pk]  # the runner dies before sending
    assert services.claim_due(now) == []  # a second runner does not take it
    assert services.send_due(now + dt.timedelta(minutes=4))["sent"] == 0
    assert receiver.received == []
    assert services.send_due(now + dt.timedelta(minutes=5, seconds=1))["sent"] == 1
    assert services.send_due(now + dt.timedelta(minutes=20))["sent"] == 0
    assert len(receiver.received) == 1
    note.refresh_from_db()
    assert note.state == State.SENT


def test_beyond_twenty_a_minute_the_rest_goes_in_one_digest(world, receiver):
    channel = make_channel(world, receiver)
    notes = _queue(channel, 25)
    now = timezone.now()
    assert services.send_due(now) == {"sent": 20, "merged": 6, "retry": 0, "failed": 0}
    assert len(receiver.received) == 20
    digest_text = receiver.received[-1][1]["markdown"]["text"]
    assert [f"标题{i}" in digest_text for i in (18, 19, 24)] == [False, True, True]
    digest = Notification.objects.get(event="digest")
    assert (digest.state, digest.title) == (State.SENT, "6条消息汇总")
    assert list(Notification.objects.filter(digest=digest).values_list("pk", flat=True)) == [
        n.pk for n in notes[19:]
    ]
    # A 26th message in the same minute waits for the next minute instead of being dropped.
    (late,) = _queue(channel)
    assert services.send_due(now + dt.timedelta(seconds=30))["sent"] == 0
    late.refresh_from_db()
    assert (late.state, late.due_at) == (State.QUEUED, now + dt.timedelta(seconds=90))
    assert services.send_due(now + dt.timedelta(seconds=90))["sent"] == 1
    assert len(receiver.received) == 21
