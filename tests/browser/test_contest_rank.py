"""A rank-vote contest in the browser: two units present, two judges order them on their phones
(390 px) with the up/down buttons, the big screen (16:9) counts the votes without a number, the
host reveals and the screen shows each unit's score and place. Screenshots go to
docs/screenshots/contest-rank-*.png.

Hand-worked: both judges put the second unit of the running order first, so it scores
100 and 100 → 100.00 (place 1), and the first unit 97 and 97 → 97.00 (place 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from leitai.contest.models import ContestUnit, RankBallot
from leitai.contest.services import setup
from tests.assessment.collection_world import build_collection, make_quarter
from tests.browser.helpers import log_in
from tests.contest.conftest import make_contest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
SCREEN = {"width": 1600, "height": 900}
JUDGES = ("王评委", "李评委")


@pytest.fixture
def rank_evening(live_world):
    w = live_world
    build_collection(w)
    contest = make_contest(w, make_quarter(w.year), name="排序投票擂台", method="rank")
    tokens = {}
    for name in JUDGES:
        _judge, tokens[name] = setup.judge_add(actor=w.office, contest=contest, name=name)
    setup.contest_draw(actor=w.office, contest=contest, seed=20221215)
    setup.contest_ready(actor=w.office, contest=contest)
    setup.contest_start(actor=w.office, contest=contest)
    return contest, tokens


def _save(page, name):
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"contest-rank-{name}.png"))


def test_two_phones_order_the_units_and_the_screen_reveals(live_server, browser, rank_evening):
    contest, tokens = rank_evening
    base = live_server.url
    first, second = (r.unit.name for r in contest.rounds.order_by("position"))
    host = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    host.on("dialog", lambda dialog: dialog.accept())
    log_in(host, base, "office")
    screen = browser.new_context(viewport=SCREEN, locale="zh-CN").new_page()
    log_in(screen, base, "office")
    screen.goto(base + reverse("contest:screen", args=[contest.pk]))
    phones = {}
    for name, token in tokens.items():
        page = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True).new_page()
        page.goto(base + reverse("contest:judge_page", args=[token]))
        phones[name] = page
    expect(phones["王评委"].get_by_test_id("judge-status")).to_contain_text(
        "汇报完毕后", timeout=4000
    )

    console = base + reverse("contest:detail", args=[contest.pk])
    host.goto(console)
    for _unit in (first, second):
        host.get_by_test_id("step-present").click()
        expect(host.get_by_test_id("step-open-scoring")).to_have_count(0)
        host.get_by_test_id("step-end-presentation").click()
    assert set(contest.rounds.values_list("state", flat=True)) == {"presented"}

    wang, li = phones["王评委"], phones["李评委"]
    for phone in (wang, li):
        expect(phone.get_by_test_id("rank-list").locator("li")).to_have_count(2, timeout=4000)
        expect(phone.get_by_test_id("rank-list").locator("li").first).to_contain_text(first)
    wang.get_by_test_id("rank-list").locator("li").first.locator("button[data-move='1']").click()
    li.get_by_test_id("rank-list").locator("li").nth(1).locator("button[data-move='-1']").click()
    for phone in (wang, li):
        items = phone.get_by_test_id("rank-list").locator("li")
        expect(items.first).to_contain_text(second)
        expect(items.first.locator(".k")).to_have_text("1")
    _save(wang, "phone-ordered")
    wang.get_by_test_id("judge-submit").click()
    expect(wang.get_by_test_id("judge-status")).to_have_text("已提交", timeout=4000)
    expect(screen.get_by_test_id("screen-vote-count")).to_have_text("已投票 1 / 2", timeout=2500)
    li.get_by_test_id("judge-submit").click()
    expect(li.get_by_test_id("judge-status")).to_have_text("已提交", timeout=4000)
    expect(screen.get_by_test_id("screen-vote-count")).to_have_text("已投票 2 / 2", timeout=2500)
    expect(screen.get_by_test_id("screen-vote-result")).to_have_count(0)
    _save(screen, "screen-count")
    rounds = {r.unit.name: r.pk for r in contest.rounds.select_related("unit")}
    assert [b.order for b in RankBallot.objects.order_by("judge_id")] == [
        [rounds[second], rounds[first]]
    ] * 2

    host.goto(console)
    expect(host.get_by_test_id("console-vote-count")).to_contain_text("2", timeout=3000)
    _save(host, "console")
    host.get_by_test_id("step-reveal-votes").click()
    result = screen.get_by_test_id("screen-vote-result")
    expect(result).to_be_visible(timeout=2500)
    rows = result.locator("tr")
    expect(rows.first).to_contain_text(second)
    expect(rows.first).to_contain_text("100.00")
    expect(rows.nth(1)).to_contain_text(first)
    expect(rows.nth(1)).to_contain_text("97.00")
    _save(screen, "screen-revealed")
    expect(wang.get_by_test_id("judge-status")).to_contain_text("已揭晓", timeout=4000)
    scores = dict(ContestUnit.objects.filter(contest=contest).values_list("unit__name", "score"))
    assert {k: str(v) for k, v in scores.items()} == {second: "100.00", first: "97.00"}
