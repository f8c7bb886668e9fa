"""The office connects a DingTalk robot (a local receiver), sends a test and reads the log."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leitai.notify.models import Channel
from leitai.notify.services import send_due
from tests.browser.helpers import log_in
from tests.notify.conftest import SECRET, running_receiver


@pytest.fixture
def receiver():
    with running_receiver() as state:
        yield state


def test_office_connects_a_dingtalk_robot(live_server, live_world, receiver, page: Page, shot):
    log_in(page, live_server.url, "office")
    page.goto(live_server.url + "/notify/channels/new/")
    page.select_option("select[name=kind]", "dingtalk")
    page.fill("input[name=name]", "发改局工作群")
    page.select_option("select[name=unit]", str(live_world.unit_a.pk))
    page.fill("input[name=address]", receiver.base + "/dingtalk?access_token=tok")
    page.fill("input[name=secret]", SECRET)
    page.fill("input[name=mobiles]", "13800000001")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("渠道已保存。")).to_be_visible()
    assert SECRET not in page.content()
    page.get_by_role("button", name="发送测试").click()
    assert send_due(timezone.now())["sent"] == 1
    page.goto(live_server.url + "/notify/log/")
    expect(page.get_by_text("已发送").first).to_be_visible()
    shot(page, "notify-delivery-log")
    assert Channel.objects.get().secret == SECRET
    assert receiver.received[0][1]["markdown"]["title"] == "擂台测试消息"
