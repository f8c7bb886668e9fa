"""In Chromium: the to-do home pages, the trends chart's axis, the wall's pages, headers that
do not wrap one character a line, and the appeal decision's radios."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from leitai.keytasks.models import KeyTask
from leitai.org.models import Unit
from leitai.rankings.models import Appeal
from tests.browser.helpers import log_in
from tests.core.test_home import _november, _problems, _rankings, _requests

# The number of lines a cell's text takes (distinct tops of its line boxes).
LINES = """el => {
  const range = document.createRange(); range.selectNodeContents(el);
  return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
}"""


def _todo_county(world):
    _rankings(world)
    november = _november(world)
    _problems(world)
    _requests(world)
    return november


def test_each_role_starts_from_its_todo_list(live_server, live_world, page: Page, shot):
    november = _todo_county(live_world)
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "office")
    office = page.get_by_test_id("todo-office")
    expect(office.get_by_test_id("todo-item")).to_have_count(6)
    expect(office.get_by_test_id("todo-item").first).to_contain_text("2022-11 数据逾期未报的单位")
    expect(office.get_by_test_id("todo-count").first).to_have_text("3")
    shot(page, "home-office-todo")
    office.get_by_test_id("todo-item").first.click()
    assert page.url.endswith(f"/assessment/chasing/{november.pk}/?state=late")

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "reporter_b")
    reporter = page.get_by_test_id("todo-reporter")
    expect(reporter.get_by_test_id("todo-item").first).to_contain_text(
        "（尚有 1 项未填，截止 2022年12月5日 12:00）"
    )
    expect(reporter.get_by_test_id("todo-item").nth(1)).to_contain_text("被退回修改的数值")
    shot(page, "home-reporter-todo-phone")

    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "leader")
    leader = page.get_by_test_id("todo-leader")
    expect(leader.get_by_test_id("todo-item").first).to_contain_text("（已等待 10 天）")
    shot(page, "home-leader-todo")


def test_the_appeal_decision_offers_two_real_radios(live_server, live_world, page: Page, shot):
    _rankings(live_world)
    appeal = Appeal.objects.get()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/rankings/appeals/{appeal.pk}/")
    radios = page.locator("[data-testid=decide-form] input[type=radio]")
    expect(radios).to_have_count(2)
    for n in range(2):
        box = radios.nth(n).bounding_box()
        assert 10 <= box["width"] <= 24 and 10 <= box["height"] <= 24  # a radio, not a text box
    page.get_by_label("驳回").check()
    expect(radios.nth(1)).to_be_checked()
    expect(radios.nth(0)).not_to_be_checked()
    shot(page, "appeal-decision")


def test_public_headers_stay_on_one_line_on_a_phone(live_server, live_world, page: Page, shot):
    from tests.browser.test_public import _published

    _published(live_world)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/public/370724/")
    headers = page.locator("[data-testid=public-table] thead th")
    expect(headers.first).to_have_text("名次")
    for n in range(headers.count()):
        assert headers.nth(n).evaluate(LINES) == 1, headers.nth(n).inner_text()
    shot(page, "public-results-phone")


def _forty_tasks(world):
    from tests.keytasks.conftest import build_task_world

    tw = build_task_world(world)
    lead = Unit.objects.create(
        jurisdiction=world.county, code="L01", name="县自然资源和规划局", short_name="自然资源局"
    )
    for n in range(3, 41):
        KeyTask.objects.create(
            year=world.year,
            code=f"T{n:02d}",
            title=f"重点任务第{n}项攻坚行动",
            category=tw.category,
            lead_unit=lead,
            leader=world.leader,
            start_date=dt.date(2022, 1, 1),
            end_date=dt.date(2022, 12, 31),
        )
    return tw


def test_the_wall_pages_through_every_task_with_its_leader(
    live_server, live_world, page: Page, shot
):
    _forty_tasks(live_world)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/tasks/map/")
    lead_cells = page.locator("[data-testid=battle-map] td.lead-col")
    for n in (0, 1, 4, 5):  # T01's and T03's lead unit and leader
        assert lead_cells.nth(n).evaluate(LINES) == 1, lead_cells.nth(n).inner_text()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/tasks/map/?wall=1")
    page.wait_for_function("document.body.dataset.wallPages !== undefined")
    pages = int(page.evaluate("document.body.dataset.wallPages"))
    rows = page.locator("[data-testid=battle-map] tbody tr")
    expect(rows).to_have_count(40)
    assigned = [int(p) for p in rows.evaluate_all("rs => rs.map(r => r.dataset.page)")]
    assert pages >= 2 and sorted(set(assigned)) == list(range(pages))  # every task has a page
    visible = page.locator("[data-testid=battle-map] tbody tr:visible")
    assert visible.count() == assigned.count(0)
    bottom = visible.last.bounding_box()
    assert bottom["y"] + bottom["height"] <= 1080  # the whole first page is on the screen
    expect(page.get_by_test_id("wall-page")).to_have_text(f"第 1 / {pages} 页")
    expect(page.locator("[data-testid=battle-map] thead")).to_contain_text("分管县领导")
    shot(page, "battle-map-wall")


def test_the_rank_axis_starts_at_one_with_the_best_on_top(
    live_server, live_world, page: Page, shot
):
    from tests.browser.test_public import _published

    _published(live_world)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "reporter_a")
    page.goto(f"{live_server.url}/rankings/trends/")
    page.wait_for_function("document.querySelector('#rank-trend canvas') !== null")
    axis = page.evaluate(
        """() => {
          const axis = echarts.getInstanceByDom(document.getElementById("rank-trend"))
            .getModel().getComponent("yAxis").axis;
          return {extent: axis.scale.getExtent(), inverse: axis.inverse};
        }"""
    )
    assert axis == {"extent": [1, 2], "inverse": True}
    expect(page.get_by_test_id("unit-picker").locator("input:checked")).to_have_count(1)
    shot(page, "trends-own-unit")
