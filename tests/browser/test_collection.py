"""A month of data end to end: a reporter fills and hands over on a phone, the leader signs
off, the assessor returns one value, the reporter fixes it, and the office sees the unit move
from late to verified on the chasing board."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.assessment.collection_world import build_collection
from tests.browser.helpers import log_in

PHONE = {"width": 390, "height": 844}


def test_month_from_late_to_verified(live_server, live_world, page, shot):
    col = build_collection(live_world)
    feb = col.february
    feb.deadline = timezone.now() - dt.timedelta(hours=2)
    feb.save()
    unit_a = live_world.unit_a
    base = live_server.url
    submission = f"{base}/assessment/collect/{feb.pk}/units/{unit_a.pk}/"

    # the office sees unit A late
    log_in(page, base, "office")
    page.goto(f"{base}/assessment/chasing/{feb.pk}/")
    expect(page.get_by_test_id("chasing-A01")).to_have_attribute("data-late", "1")
    shot(page, "collection-chasing-late")

    # the reporter fills the month on a phone and hands it over
    page.set_viewport_size(PHONE)
    log_in(page, base, "reporter_a")
    page.goto(f"{base}/assessment/collect/")
    page.get_by_test_id("period-2022-02").click()
    expect(page.get_by_test_id("row-P01")).to_be_visible()
    page.get_by_test_id("input-P01").fill("１,２００")
    page.get_by_test_id("input-P02").fill("35.5")
    page.get_by_test_id("highlight").fill("新签约亿元以上项目3个")
    shot(page, "collection-reporter-phone")
    page.get_by_test_id("ready").click()
    expect(page.get_by_test_id("submission-state")).to_have_attribute("data-state", "ready")
    shot(page, "collection-reporter-ready")

    # the unit leader signs off
    log_in(page, base, "leader_a")
    page.goto(submission)
    page.once("dialog", lambda dialog: dialog.accept())  # "审签并报送…吗？"
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submission-state")).to_have_attribute("data-state", "submitted")
    page.set_viewport_size({"width": 1280, "height": 900})

    # the assessor returns P01
    log_in(page, base, "assessor")
    page.goto(f"{base}/assessment/review/{feb.pk}/")
    page.get_by_test_id("comment-A01-P01").fill("与统计快报不符，请核实")
    page.get_by_test_id("return-A01-P01").click()
    expect(page.get_by_test_id("review-A01-P01")).to_have_count(0)  # no longer "submitted"
    shot(page, "collection-review")

    # the reporter sees the reason and fixes the value; the leader signs off again
    page.set_viewport_size(PHONE)
    log_in(page, base, "reporter_a")
    page.goto(submission)
    expect(page.get_by_test_id("comment-P01")).to_contain_text("与统计快报不符")
    shot(page, "collection-reporter-returned")
    page.get_by_test_id("input-P01").fill("1180")
    page.get_by_test_id("ready").click()
    expect(page.get_by_test_id("submission-state")).to_have_attribute("data-state", "ready")
    log_in(page, base, "leader_a")
    page.goto(submission)
    page.once("dialog", lambda dialog: dialog.accept())  # "审签并报送…吗？"
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submission-state")).to_have_attribute("data-state", "submitted")
    page.set_viewport_size({"width": 1280, "height": 900})

    # the assessor verifies both values of unit A
    log_in(page, base, "assessor")
    page.goto(f"{base}/assessment/review/{feb.pk}/")
    page.get_by_test_id("tick-A01-P01").check()
    page.get_by_test_id("tick-A01-P02").check()
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("review-A01-P01")).to_have_count(0)

    # the office sees unit A verified and no longer late
    log_in(page, base, "office")
    page.goto(f"{base}/assessment/chasing/{feb.pk}/")
    expect(page.get_by_test_id("chasing-A01")).to_have_attribute("data-late", "0")
    expect(page.get_by_test_id("chasing-state-A01")).to_have_attribute("data-state", "verified")
    shot(page, "collection-chasing-verified")
    page.goto(submission)
    expect(page.get_by_test_id("history")).to_contain_text("P01: 1200 → 1180")
    shot(page, "collection-office-submission")
