"""The office's channel pages and delivery log: who gets what, and the write-only secret."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.notify.models import Channel, Notification
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(world):
    return Channel.objects.create(
        jurisdiction=world.county,
        unit=world.unit_a,
        kind="dingtalk",
        name="发改局工作群",
        address="http://127.0.0.1:9/robot/send?access_token=tok",
        secret="SECtopsecret",
    )


@pytest.fixture
def sent(channel):
    return Notification.objects.create(
        channel=channel,
        event="test",
        title="测试",
        body="正文",
        state="sent",
        due_at="2022-01-01T00:00:00+08:00",
    )


def test_every_page_answers_each_persona(world, channel, sent, client):
    pages = [
        reverse("notify:channel_list"),
        reverse("notify:channel_create"),
        reverse("notify:channel_edit", args=[channel.pk]),
        reverse("notify:delivery_log"),
    ]
    for url in pages:
        assert client.get(url).status_code == 302, url  # anonymous: to the log-in page
        for persona in PERSONAS:
            ok = persona == "office" or (
                persona == "other_office" and "/channels/" + str(channel.pk) not in url
            )
            status = world.client_for(persona).get(url).status_code
            assert status == (200 if ok else 404), (url, persona, status)


def test_actions_are_the_offices_of_the_channels_county_only(world, channel, sent):
    test_url = reverse("notify:channel_test", args=[channel.pk])
    resend_url = reverse("notify:resend", args=[sent.pk])
    for persona in [p for p in PERSONAS if p != "office"]:
        c = world.client_for(persona)
        assert c.post(test_url).status_code == 404, persona
        assert c.post(resend_url).status_code == 404, persona
    assert Notification.objects.count() == 1
    office = world.client_for("office")
    assert office.post(test_url).status_code == 302
    assert office.post(resend_url).status_code == 302
    assert list(Notification.objects.order_by("pk").values_list("title", "state")) == [
        ("测试", "sent"),
        ("擂台测试消息", "queued"),
        ("测试", "queued"),
    ]


def test_the_secret_is_never_shown_and_kept_when_left_empty(world, channel):
    office = world.client_for("office")
    url = reverse("notify:channel_edit", args=[channel.pk])
    for page in (url, reverse("notify:channel_list")):
        assert "SECtopsecret" not in office.get(page).content.decode()
    answer = office.post(
        url,
        {
            "kind": "dingtalk",
            "name": "发改局群",
            "unit": world.unit_a.pk,
            "address": channel.address,
            "secret": "",
            "mobiles": "13800000001，13800000002",
            "active": "on",
        },
    )
    assert answer.status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.secret, channel.mobiles) == (
        "发改局群",
        "SECtopsecret",
        ["13800000001", "13800000002"],
    )
    entry = AuditEntry.objects.get(action="channel.update")
    assert "SECtopsecret" not in str(entry.after) + str(entry.before)
    assert entry.after["secret_changed"] is False


def test_a_bad_mobile_is_refused_by_field_and_nothing_changes(world, channel):
    office = world.client_for("office")
    answer = office.post(
        reverse("notify:channel_edit", args=[channel.pk]),
        {
            "kind": "dingtalk",
            "name": "改名",
            "address": channel.address,
            "mobiles": "1380000",
        },
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["mobiles"]
    channel.refresh_from_db()
    assert channel.name == "发改局工作群"
    assert not AuditEntry.objects.filter(action__startswith="channel.").exists()


def test_another_countys_unit_cannot_get_a_channel(world):
    office = world.client_for("office")
    answer = office.post(
        reverse("notify:channel_create"),
        {
            "kind": "webhook",
            "name": "x",
            "unit": world.other_unit.pk,
            "address": "http://127.0.0.1:9/",
        },
    )
    assert answer.status_code == 200
    assert Channel.objects.count() == 0
