"""A unit updates October on a phone with a site photo; the office reads the project map."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from leitai.projects.models import MonthPhoto, ProjectMonth
from tests.browser.helpers import log_in
from tests.projects.conftest import build_project_world, set_stage

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def pw(live_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pw = build_project_world(live_world)
    ProjectMonth.objects.filter(project=pw.project_a, month__lte=9).update(completed=90)
    set_stage(pw.project_a, "signing", "done", dt.date(2022, 1, 20))
    set_stage(pw.project_a, "start", "done", dt.date(2022, 3, 10))
    return pw


def test_october_update_on_a_phone_then_the_map(live_server, pw, browser, shot, tmp_path):
    base = live_server.url
    photo = tmp_path / "工地全景.png"
    photo.write_bytes(PNG)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page: Page = phone.new_page()
    log_in(page, base, "reporter_a")
    page.goto(f"{base}/projects/{pw.project_a.pk}/month/?month=10")
    page.fill("#id_completed", "90")
    page.fill("#id_workers", "86")
    page.fill("#id_problems", "施工用电增容待协调")
    page.set_input_files("#id_photos", [str(photo)])
    page.fill("#id_taken_on", "2022-10-28")
    shot(page, "projects-month-phone")
    page.get_by_test_id("month-submit").click()
    expect(page.locator('[data-month="10"]')).to_contain_text("900.00")
    row = ProjectMonth.objects.get(project=pw.project_a, month=10)
    assert (row.completed, row.workers) == (Decimal("90.00"), 86)
    assert list(MonthPhoto.objects.values_list("taken_on", flat=True)) == [dt.date(2022, 10, 28)]
    # 900 of 1200 = 75%: 8.3 points below 序时进度 (83.3%).
    expect(page.locator('[data-month="10"]')).to_contain_text("低于 8.3 个百分点")
    shot(page, "projects-detail-phone")
    phone.close()

    desk = browser.new_context(viewport={"width": 1400, "height": 900})
    page = desk.new_page()
    log_in(page, base, "office")
    page.goto(f"{base}/projects/?month=10")
    expect(page.get_by_test_id("map-rule")).to_contain_text("83.3%")
    # 入库 was planned on 2022-05-01 and has not counted: 183 days behind → stalled.
    expect(page.locator('[data-project="P01"]')).to_have_attribute("data-colour", "stalled")
    expect(page.get_by_test_id("county-gap")).to_contain_text("低于")
    shot(page, "projects-map")
    desk.close()
