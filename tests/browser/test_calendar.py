"""The working-day calendar page in the browser: the 2022 national days and a local day added."""

from __future__ import annotations

import importlib

from django.apps import apps
from playwright.sync_api import Page, expect

from leitai.org.models import CalendarDay
from tests.browser.helpers import log_in

NATIONAL = importlib.import_module("leitai.org.migrations.0003_national_calendar_2022")


def test_the_office_keeps_the_calendar(live_server, live_world, page: Page, shot):
    NATIONAL.add(apps, None)  # a transactional test database may have been emptied before
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/org/calendar/?year=2022")
    expect(page.get_by_test_id("calendar-day")).to_have_count(38)
    page.fill("#id_day", "2022-10-10")
    page.select_option("#id_kind", "holiday")
    page.fill("#id_name", "县庆")
    page.get_by_test_id("calendar-save").click()
    expect(page.get_by_test_id("calendar-day")).to_have_count(39)
    row = page.get_by_test_id("calendar-day").filter(has_text="2022-10-10")
    expect(row).to_contain_text("县庆")
    expect(row).to_contain_text("星期一")
    shot(page, "calendar-2022")
    local = CalendarDay.objects.get(jurisdiction=live_world.county)
    assert (local.day.isoformat(), local.kind) == ("2022-10-10", "holiday")
