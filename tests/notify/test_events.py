"""Events wired to the outbox: a published ranking (晒绩) and the late-unit reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from leitai.assessment.collection.services.reminders import reminders_send
from leitai.core.models import AuditEntry
from leitai.notify import services as notify
from leitai.notify.models import Channel, Notification
from leitai.rankings import services
from leitai.rankings.models import RankingRow
from tests.assessment.collection.test_review_services import signed_off
from tests.assessment.collection_world import build_collection
from tests.notify.conftest import make_channel
from tests.rankings.conftest import build_tiny
from tests.rankings.notice_fixtures import QUICK

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English; the page language is Chinese by default.
    with translation.override("en"):
        yield


def test_publishing_sends_each_unit_its_own_rank(world, receiver):
    tiny = build_tiny(world)
    robot_a = make_channel(world, receiver, unit=world.unit_a, name="A")
    make_channel(world, receiver, Channel.Kind.FEISHU, unit=world.unit_b, name="B")
    make_channel(world, receiver, Channel.Kind.WEBHOOK, name="office")  # not a unit's: no rank
    snapshot = services.snapshot_compute(
        actor=world.office, period=tiny.periods["2022-01"], check=QUICK
    )
    services.snapshot_publish(actor=world.office, snapshot=snapshot, appeal_days=3)
    rows = {r.unit_id: r for r in RankingRow.objects.filter(snapshot=snapshot)}
    a, b = rows[world.unit_a.pk], rows[world.unit_b.pk]
    assert Notification.objects.filter(event="ranking.published").count() == 2
    assert notify.send_due(timezone.now())["sent"] == 2
    got = dict(receiver.received)
    assert got["/dingtalk"]["markdown"]["title"] == "Ranking of 2022-01 published"
    # Group G1 ranks A01 and C01, group G2 only B01.
    assert f"县发展和改革局 ranks {a.rank} of 2 in 第一组." in got["/dingtalk"]["markdown"]["text"]
    assert got["/feishu"]["content"]["text"].endswith(f"县商务局 ranks {b.rank} of 1 in 第二组.")
    assert robot_a.notifications.get().state == "sent"


def test_a_refused_publication_queues_nothing(world, receiver):
    tiny = build_tiny(world)
    make_channel(world, receiver, unit=world.unit_a)
    snapshot = services.snapshot_compute(
        actor=world.office, period=tiny.periods["2022-01"], check=QUICK
    )
    with pytest.raises(PermissionDenied):
        services.snapshot_publish(actor=world.reporter_a, snapshot=snapshot, appeal_days=3)
    assert Notification.objects.count() == 0


def test_the_late_reminder_reaches_the_late_units_channels(world, receiver):
    col = build_collection(world)
    signed_off(col)  # unit A signed off; B, C and S are late
    col.february.deadline = timezone.now() - dt.timedelta(hours=1)
    col.february.save()
    make_channel(world, receiver, unit=world.unit_a, name="A")  # on time: not reminded
    make_channel(world, receiver, Channel.Kind.WECOM, secret="", unit=world.unit_b, name="B")
    reminders_send(actor=world.office, period=col.february)
    entry = AuditEntry.objects.get(action="reminder.send")
    assert entry.after["chats"] == 1
    assert notify.send_due(timezone.now())["sent"] == 1
    ((path, data),) = receiver.received
    assert path == "/wecom"
    assert data["text"]["content"].startswith("[Leitai] 县商务局: the data for 2022-02 are overdue")
