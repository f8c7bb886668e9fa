"""The contest evening in the browser: three judges on phones (390 px), the big screen (16:9)
and the host's console. Judges submit, the screen counts them, the host reveals, the screen
shows the scores. One phone loses its network before it submits: its sheet waits on the
phone and is stored once the network returns. Screenshots go to docs/screenshots/contest-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from leitai.assessment.models import Indicator
from leitai.contest.models import Submission
from leitai.contest.services import setup
from tests.assessment.collection_world import build_collection, make_quarter
from tests.browser.helpers import log_in
from tests.contest.conftest import make_contest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
SCREEN = {"width": 1600, "height": 900}
SHEETS = {"王评委": [36, 27, 18, 9], "李评委": [32, 24, 16, 8], "赵评委": [28, 21, 14, 7]}


@pytest.fixture
def evening(live_world):
    w = live_world
    build_collection(w)
    # From three scores on, the highest and the lowest are dropped: the screen strikes them.
    Indicator.objects.filter(code="J01").update(params={"trim_from": 3})
    contest = make_contest(w, make_quarter(w.year))
    tokens = {}
    for name in SHEETS:
        _judge, tokens[name] = setup.judge_add(actor=w.office, contest=contest, name=name)
    setup.contest_draw(actor=w.office, contest=contest, seed=20221215)
    setup.contest_ready(actor=w.office, contest=contest)
    setup.contest_start(actor=w.office, contest=contest)
    return contest, tokens


def _save(page, name):
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"contest-{name}.png"))


def _fill(phone, points):
    for n, value in enumerate(points):
        phone.get_by_test_id(f"criterion-{n}").fill(str(value))
    # One press of + and one of − on the first criterion: the steppers work and leave it as typed.
    first = phone.locator(".criterion").first
    first.locator("button[data-step='1']").click()
    first.locator("button[data-step='-1']").click()


def test_three_phones_the_big_screen_and_the_host(live_server, browser, evening):
    contest, tokens = evening
    base = live_server.url
    host = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    host.on("dialog", lambda dialog: dialog.accept())
    log_in(host, base, "office")
    screen_context = browser.new_context(viewport=SCREEN, locale="zh-CN")
    screen = screen_context.new_page()
    log_in(screen, base, "office")
    screen.goto(base + reverse("contest:screen", args=[contest.pk]))
    phones = {}
    for name, token in tokens.items():
        page = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True).new_page()
        page.goto(base + reverse("contest:judge_page", args=[token]))
        phones[name] = page

    console = base + reverse("contest:detail", args=[contest.pk])
    host.goto(console)
    host.get_by_test_id("step-present").click()
    host.get_by_test_id("step-timer-start").click()
    expect(screen.get_by_test_id("screen-timer")).to_be_visible(timeout=3000)
    _save(screen, "screen-presenting")
    host.get_by_test_id("step-open-scoring").click()
    unit = host.get_by_test_id("console-unit").inner_text()

    for name in ("王评委", "李评委"):
        phone = phones[name]
        expect(phone.get_by_test_id("judge-unit")).to_have_text(unit, timeout=4000)
        _fill(phone, SHEETS[name])
        expect(phone.get_by_test_id("judge-total")).to_have_text(str(sum(SHEETS[name])))
        phone.get_by_test_id("judge-submit").click()
        expect(phone.get_by_test_id("judge-status")).to_have_text("已提交", timeout=4000)
    _save(phones["王评委"], "phone-submitted")
    expect(screen.get_by_test_id("screen-count")).to_have_text("已提交 2 / 3", timeout=2500)

    # The third phone loses its network: the sheet waits on the phone, "已提交" does not show.
    offline = phones["赵评委"]
    expect(offline.get_by_test_id("judge-unit")).to_have_text(unit, timeout=4000)
    _fill(offline, SHEETS["赵评委"])
    offline.context.set_offline(True)
    offline.get_by_test_id("judge-submit").click()
    expect(offline.get_by_test_id("judge-status")).to_contain_text("网络", timeout=3000)
    _save(offline, "phone-queued")
    assert Submission.objects.filter(judge__name="赵评委").count() == 0
    offline.context.set_offline(False)
    expect(offline.get_by_test_id("judge-status")).to_have_text("已提交", timeout=6000)
    assert Submission.objects.filter(judge__name="赵评委").count() == 1
    expect(screen.get_by_test_id("screen-count")).to_have_text("已提交 3 / 3", timeout=2500)
    _save(screen, "screen-count")
    expect(screen.get_by_test_id("screen-reveal")).to_have_count(0)

    host.goto(console)
    expect(host.get_by_test_id("console-count")).to_contain_text("3", timeout=3000)
    _save(host, "console")
    host.get_by_test_id("step-reveal").click()
    reveal = screen.get_by_test_id("screen-reveal")
    expect(reveal).to_be_visible(timeout=2500)
    expect(screen.get_by_test_id("screen-score")).to_contain_text("80.00")
    expect(reveal.locator(".dropped")).to_have_count(2)
    expect(reveal).to_contain_text("90.00")
    expect(reveal).to_contain_text("70.00")
    _save(screen, "screen-revealed")
    expect(phones["王评委"].get_by_test_id("judge-status")).to_contain_text("已亮分", timeout=4000)
    assert Submission.objects.count() == 3
