"""A reporter files a weekly report with a problem; the leader answers; colours follow."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from leitai.keytasks.models import CoordinationRequest, DispatchSettings
from tests.browser.helpers import log_in
from tests.keytasks.conftest import build_task_world


def test_report_with_problem_then_leader_answers(live_server, live_world, page: Page, shot):
    tw = build_task_world(live_world)
    # As of Friday 2022-04-01: milestone 立项 (due 03-31) is overdue, so task T01 is red.
    DispatchSettings.objects.filter(year=tw.year).update(as_of=dt.date(2022, 4, 1))
    base = live_server.url
    log_in(page, base, "reporter_a")
    page.goto(f"{base}/tasks/map/")
    expect(page.get_by_test_id("map-row-T01")).to_have_attribute("data-colour", "red")
    expect(page.get_by_test_id("map-row-T02")).to_have_count(0)  # unit B's task is not shown
    page.goto(f"{base}/tasks/{tw.task_a.pk}/")
    page.get_by_test_id("report-link").click()
    page.fill("#id_week", "2022-04-01")
    page.fill("#id_progress", "30")
    page.fill("#id_done_this_week", "立项批复已下达")
    page.fill("#id_plan_next_week", "启动招标")
    page.get_by_test_id(f"done-{tw.m1.pk}").check()
    page.fill(f"#id_done_on_{tw.m1.pk}", "2022-03-30")
    page.fill(f"#id_evidence_{tw.m1.pk}", "县发改批〔2022〕12号")
    page.fill("#id_problem", "项目用地指标不足，需协调调剂")
    shot(page, "tasks-report-form")
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-colour", "green")
    expect(page.get_by_test_id("requests")).to_contain_text("项目用地指标不足")

    log_in(page, base, "leader")
    page.goto(f"{base}/tasks/map/")
    expect(page.get_by_test_id("map-row-T01")).to_have_attribute("data-colour", "green")
    expect(page.locator("[data-testid=battle-map] tbody tr").first).to_have_attribute(
        "data-testid", "map-row-T01"
    )  # the leader's own task first
    page.goto(f"{base}/tasks/{tw.task_a.pk}/")
    page.get_by_test_id("answer-input").fill("请自然资源局本周内调剂解决")
    page.get_by_test_id("answer-submit").click()
    expect(page.get_by_test_id("request-answer")).to_have_text("请自然资源局本周内调剂解决")
    shot(page, "tasks-leader-answered")
    assert CoordinationRequest.objects.get().status == "answered"

    log_in(page, base, "reporter_b")
    response = page.goto(f"{base}/tasks/{tw.task_a.pk}/")
    assert response.status == 404
