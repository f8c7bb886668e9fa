"""The first month's fixes, in Chromium: dates that survive a save, the lock confirmation,
a period past its lock time, the Chinese error page, the ledger and the scheme page."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import expect

from leitai.assessment.models import Period
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection, make_period
from tests.browser.helpers import log_in

WIDE = {"width": 1280, "height": 900}


def test_period_dates_show_and_survive_a_save(live_server, live_world, page, shot):
    col = build_collection(live_world)
    period = col.february
    before = (period.opens_at, period.deadline, period.locks_at)
    page.set_viewport_size(WIDE)
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/assessment/periods/{period.pk}/edit/")
    local = timezone.localtime(period.deadline).strftime("%Y-%m-%dT%H:%M")
    expect(page.locator("#id_deadline")).to_have_value(local)
    shot(page, "month-period-dates")
    page.locator(
        "form[method=post] button.btn-primary, form[method=post] .btn-danger"
    ).first.click()
    period.refresh_from_db()
    assert (period.opens_at, period.deadline, period.locks_at) == tuple(
        t.replace(second=0, microsecond=0) for t in before
    )


def test_lock_asks_first_and_a_no_changes_nothing(live_server, live_world, page, shot):
    col = build_collection(live_world)
    past = make_period(live_world.year, "2022-03", 3, deadline_days=-3, locks_days=-1)
    page.set_viewport_size(WIDE)
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/assessment/periods/?year={live_world.year.pk}")
    expect(page.get_by_test_id("state-2022-03")).to_have_text("已锁定")
    shot(page, "month-periods-lock-time-passed")
    audit = AuditEntry.objects.count()
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_test_id("lock-2022-02").click()
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("确定锁定 2022-02 吗？")
    col.february.refresh_from_db()
    assert col.february.state == Period.State.OPEN and AuditEntry.objects.count() == audit
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("lock-2022-02").click()
    expect(page.get_by_test_id("state-2022-02")).to_have_text("已锁定")
    col.february.refresh_from_db()
    assert col.february.state == Period.State.LOCKED
    past.refresh_from_db()
    assert past.state == Period.State.OPEN  # shown locked; the job records it


def test_error_page_and_scheme_page_in_chinese(live_server, live_world, page, shot, settings):
    settings.DEBUG = False
    build_collection(live_world)
    page.set_viewport_size(WIDE)
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.get_by_test_id("error-page")).to_contain_text("页面不存在")
    expect(page.get_by_test_id("nav")).to_be_visible()
    shot(page, "month-404")
    page.goto(f"{live_server.url}/assessment/scheme/")
    page.locator("a[href*='/assessment/scheme/']").filter(has_text="2022").first.click()
    expect(page.get_by_test_id("arena-XM")).to_contain_text("项目建设")
    expect(page.get_by_test_id("arena-XM")).not_to_contain_text("XM")  # the name, not the code
    shot(page, "month-scheme")


def test_the_unit_choice_filters_as_one_types(live_server, live_world, page, shot):
    page.set_viewport_size(WIDE)
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/org/people/new/")
    page.get_by_test_id("filter-unit").fill("商务")
    shown = page.eval_on_selector(
        "select[name=unit]", "s => [...s.options].filter(o => !o.hidden).map(o => o.text)"
    )
    assert shown == ["---------", "B01 县商务局"]  # the empty choice is the selected one
    page.select_option("select[name=unit]", label="B01 县商务局")
    shot(page, "month-person-unit-filter")
