"""The office publishes a month in the browser; a unit reads the leaderboard and its scorecard."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import expect

from leitai.rankings import services
from tests.browser.helpers import log_in
from tests.rankings.conftest import FEBRUARY, JANUARY, make_period, make_scheme, put_values

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _tiny(world):
    import datetime as dt

    from leitai.assessment.models import Adjustment, Target

    make_scheme(world.year)
    months = {
        code: make_period(world.year, code, "month", start, end)
        for code, start, end in [
            ("2022-01", dt.date(2022, 1, 1), dt.date(2022, 1, 31)),
            ("2022-02", dt.date(2022, 2, 1), dt.date(2022, 2, 28)),
        ]
    }
    units = {"A01": world.unit_a, "C01": world.unit_c, "B01": world.unit_b}
    for code, unit in units.items():
        Target.objects.create(year=world.year, unit=unit, indicator_code="P1", value=100)
        put_values(months["2022-01"], unit, JANUARY[code])
        put_values(months["2022-02"], unit, FEBRUARY[code])
    january = services.snapshot_compute(actor=world.office, period=months["2022-01"])
    services.snapshot_publish(actor=world.office, snapshot=january)
    # A first February draft; then a bonus is approved, so the next draft moves C01.
    services.snapshot_compute(actor=world.office, period=months["2022-02"])
    Adjustment.objects.create(
        period=months["2022-02"],
        unit=world.unit_c,
        arena_code="projects",
        kind="bonus",
        level="provincial",
        matter="省级表彰",
        state="approved",
    )
    return months


def _doc_shot(shot, page, name):
    path = shot(page, name)
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, DOCS / f"{name}.png")


def test_publish_a_month_then_read_it(live_server, live_world, page, shot):
    _tiny(live_world)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/rankings/desk/")
    page.get_by_test_id("compute-2022-02").click()
    expect(page.get_by_test_id("sensitivity")).to_contain_text("县体育事业发展中心")
    # A month does not collect judges' scores: B01's R2 is not listed as missing.
    expect(page.get_by_test_id("missing")).not_to_contain_text("R2")
    # C01: projects 60 + 2 = 62, reform R1 alone 50, total (60·62 + 40·50) / 100 = 57.2
    # instead of 56.
    expect(page.get_by_test_id("changes")).to_contain_text("县体育事业发展中心")
    expect(page.get_by_test_id("changes")).to_contain_text("56.00 → 57.20")
    expect(page.get_by_test_id("changes")).to_contain_text("0.00 → 2.00（+2.00）")  # 全角
    _doc_shot(shot, page, "rankings-check")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_test_id("publish").click()
    board = page.get_by_test_id("leaderboard")
    expect(board).to_contain_text("57.20")
    rows = board.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("县发展和改革局")
    expect(rows.nth(0).get_by_test_id("change")).to_have_text("↑1")
    expect(rows.nth(1).get_by_test_id("change")).to_have_text("↓1")
    assert asked == [
        "确定发布 2022-02 的结果吗？发布后全县立即可见，且不能再修改；"
        "如需更正，须重新测算并更正发布。"
    ]
    # Chinese convention: a rise red, a fall green.
    expect(rows.nth(0).get_by_test_id("change")).to_have_css("color", "rgb(198, 40, 40)")
    expect(rows.nth(1).get_by_test_id("change")).to_have_css("color", "rgb(46, 125, 50)")
    expect(page.get_by_test_id("red-list")).to_contain_text("县发展和改革局")

    # A unit's reporter sees the published month and any unit's scorecard.
    page.context.clear_cookies()
    log_in(page, live_server.url, "leader_a")
    page.goto(f"{live_server.url}/rankings/")
    expect(page.get_by_test_id("draft-banner")).to_have_count(0)
    expect(page.get_by_test_id("period-switch")).to_contain_text("2022-02")
    _doc_shot(shot, page, "rankings-leaderboard")
    page.get_by_role("link", name="县体育事业发展中心").click()
    expect(page.get_by_test_id("total")).to_have_text("57.20")
    expect(page.get_by_test_id("adjustments")).to_contain_text("省级表彰")
    expect(page.get_by_test_id("closers")).to_contain_text("P2")
    page.wait_for_function("document.querySelector('#rank-chart canvas') !== null")
    _doc_shot(shot, page, "rankings-scorecard")
    expect(page.get_by_test_id("appeal-link")).to_have_count(0)  # not leader of that unit
    page.get_by_test_id("back-to-board").click()
    page.get_by_role("link", name="县发展和改革局").click()
    expect(page.get_by_test_id("appeal-link")).to_be_visible()
