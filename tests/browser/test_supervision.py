"""A problem's life in the browser: recorded, planned, sent back, fixed, signed off.

The ledger's colour is checked after each step, as of a fixed day relative to today (the
services date each step today): found 10 days ago without a plan → yellow; planned → on
schedule; sent back → yellow; resubmitted → on schedule; signed off → done.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leitai.supervision.models import DeductionRule, InspectionRound, ProblemCategory, Visit
from tests.browser.helpers import log_in
from tests.supervision.conftest import PDF


@pytest.fixture
def visit(live_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = live_world
    ProblemCategory.objects.create(
        jurisdiction=w.county, code="tasks", name="重点任务进展", order=1
    )
    ProblemCategory.objects.create(jurisdiction=w.county, code="style", name="纪律作风", order=2)
    DeductionRule.objects.create(year=w.year, arena_code="party")
    rnd = InspectionRound.objects.create(
        year=w.year,
        name="2022年上半年督导",
        starts_on=dt.date(2022, 6, 1),
        ends_on=dt.date(2022, 7, 15),
    )
    return Visit.objects.create(
        round=rnd, supervision_group=w.supervision, unit=w.unit_a, visited_on=dt.date(2022, 6, 8)
    )


def switch(page: Page, base: str, username: str) -> None:
    page.get_by_test_id("logout").click()
    log_in(page, base, username)


def colour_on_ledger(page: Page, base: str, day: dt.date) -> str:
    page.goto(f"{base}/supervision/?as_of={day.isoformat()}")
    row = page.get_by_test_id("ledger-row").first
    return row.get_by_test_id("colour").get_attribute("data-colour")


def test_problem_life_and_ledger_colours(live_server, visit, page, shot, tmp_path):
    base = live_server.url
    evidence = tmp_path / "整改报告.pdf"
    evidence.write_bytes(PDF)
    today = timezone.localdate()
    found = today - dt.timedelta(days=10)

    log_in(page, base, "supervisor")
    page.goto(f"{base}/supervision/visits/{visit.pk}/")
    page.get_by_test_id("add-problem").click()
    page.select_option("#id_category", label="纪律作风")
    page.fill("#id_description", "会议记录不完整，缺少参会人员签字")
    page.fill("#id_found_on", found.isoformat())
    page.set_input_files("#id_files", str(evidence))
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("description")).to_have_text("会议记录不完整，缺少参会人员签字")
    problem_url = page.url
    assert colour_on_ledger(page, base, today) == "yellow"  # no plan after 7 days
    shot(page, "supervision-ledger-yellow")

    switch(page, base, "leader_a")
    page.goto(problem_url)
    page.fill("#id_plan-measures", "补齐会议签到，建立会议记录审核制度")
    page.fill("#id_plan-responsible", "负责人甲")
    page.fill("#id_plan-target_date", (found + dt.timedelta(days=25)).isoformat())
    page.get_by_test_id("do-plan_submit").click()
    expect(page.get_by_test_id("problem-status")).to_have_attribute("data-status", "in_progress")
    assert colour_on_ledger(page, base, today) == "none"
    page.goto(problem_url)
    page.fill("#id_complete-text", "已补齐签到表")
    page.set_input_files("#id_complete-files", str(evidence))
    page.get_by_test_id("do-complete").click()
    expect(page.get_by_test_id("problem-status")).to_have_attribute("data-status", "submitted")

    switch(page, base, "supervisor")
    page.goto(problem_url)
    page.fill("#id_send_back-reason", "签到表缺少日期")
    page.get_by_test_id("do-send_back").click()
    expect(page.get_by_test_id("problem-status")).to_have_attribute("data-status", "reopened")
    assert colour_on_ledger(page, base, today) == "yellow"

    switch(page, base, "leader_a")
    page.set_viewport_size({"width": 390, "height": 844})  # the unit answers on a phone
    page.goto(problem_url)
    page.fill("#id_complete-text", "已补充日期")
    page.set_input_files("#id_complete-files", str(evidence))
    page.get_by_test_id("do-complete").click()
    expect(page.get_by_test_id("problem-status")).to_have_attribute("data-status", "submitted")
    shot(page, "supervision-problem-phone")
    assert colour_on_ledger(page, base, today) == "none"
    page.set_viewport_size({"width": 1280, "height": 900})

    switch(page, base, "supervisor")
    page.goto(problem_url)
    tomorrow = today + dt.timedelta(days=1)
    page.fill("#id_sign_off-on", tomorrow.isoformat())  # a step's date may not be in the future
    page.get_by_test_id("do-sign_off").click()
    form = page.get_by_test_id("form-sign_off")
    expect(form).to_contain_text(f"日期 {tomorrow.isoformat()} 晚于今天。")
    expect(page.get_by_test_id("problem-status")).to_have_attribute("data-status", "submitted")
    shot(page, "supervision-sign-off-date-refused")
    page.fill("#id_sign_off-on", today.isoformat())
    page.get_by_test_id("do-sign_off").click()
    expect(page.get_by_test_id("problem-status")).to_have_attribute("data-status", "signed_off")
    story = page.get_by_test_id("story").locator("li")
    expect(story).to_have_count(6)
    shot(page, "supervision-problem-signed-off")
    assert colour_on_ledger(page, base, today) == "done"
    shot(page, "supervision-ledger-done")
