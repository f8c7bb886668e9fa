"""Log in as the office and as a reporter; check navigation and home, in Chinese and English."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in

FOUNDATION = {
    "首页",
    "单位",
    "分组",
    "督导组",
    "人员",
    "导入",
    "审计日志",
    "Home",
    "Units",
    "Groups",
    "Supervision groups",
    "People",
    "Import",
    "Audit log",
}


def nav_labels(page: Page) -> list[str]:
    """Return the foundation's menu labels (other apps add theirs between Home and Units)."""
    labels = [text.strip() for text in page.locator("[data-testid=nav] a").all_inner_texts()]
    return [label for label in labels if label in FOUNDATION]


def test_office_sees_full_navigation_in_chinese_then_english(live_server, live_world, page, shot):
    log_in(page, live_server.url, "office")
    expect(page.get_by_test_id("home-title")).to_have_text("2022年度")
    # The audit log is the audit administrator's (三员分立), not in the office's menu.
    assert nav_labels(page) == ["首页", "单位", "分组", "督导组", "人员", "导入"]
    expect(page.get_by_test_id("todo-office")).to_contain_text("作为活动办的待办")
    expect(page.get_by_test_id("todo-empty")).to_have_text("暂无待办事项。")
    shot(page, "office-home-zh")
    page.get_by_test_id("lang-en").click()
    expect(page.get_by_test_id("nav")).to_contain_text("Import")
    assert nav_labels(page) == [
        "Home",
        "Units",
        "Groups",
        "Supervision groups",
        "People",
        "Import",
    ]
    expect(page.get_by_test_id("todo-office")).to_contain_text("To do as Assessment office")
    shot(page, "office-home-en")


def test_reporter_sees_own_unit_only(live_server, live_world, page, shot):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    log_in(page, live_server.url, "reporter_a")
    expect(page.get_by_test_id("own-units")).to_contain_text("县发展和改革局")
    expect(page.get_by_test_id("todo-reporter")).to_contain_text("暂无待办事项。")
    page.locator(".navbar-toggler").click()
    expect(page.get_by_test_id("nav")).to_be_visible()
    assert nav_labels(page) == ["首页", "单位", "分组", "督导组", "人员"]
    shot(page, "reporter-home-phone-zh")
    page.goto(f"{live_server.url}/org/units/")
    expect(page.get_by_test_id("unit-table").locator("tbody tr")).to_have_count(1)
    expect(page.locator("body")).not_to_contain_text("县商务局")
    response = page.goto(f"{live_server.url}/org/units/{live_world.unit_b.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/")
    page.locator(".navbar-toggler").click()
    # The menu has finished opening (Bootstrap's "collapsing" turns into "show").
    expect(page.locator(".navbar-collapse")).to_have_class(re.compile(r"\bshow\b"))
    with page.expect_navigation():  # the switch posts a form and comes back to the page
        page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".navbar-toggler").click()
    expect(page.get_by_test_id("nav")).to_contain_text("Units")
    assert nav_labels(page) == ["Home", "Units", "Groups", "Supervision groups", "People"]
