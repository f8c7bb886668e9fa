"""The office checks the judges' fairness after the reveal and replaces a flagged judge."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import expect

from leitai.contest.models import Submission
from tests.browser.helpers import log_in
from tests.contest.conftest import build_night
from tests.contest.test_fairness import run_both

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_the_office_replaces_a_flagged_judge(live_server, live_world, page, shot):
    night = build_night(live_world)
    first, _second = run_both(night, extra={"孙评委": (79, None)})
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/contest/{night.contest.pk}/fairness/")
    expect(page.get_by_test_id("flagged")).to_have_count(1)
    checks = page.get_by_test_id("judge-checks")
    expect(checks.locator("tr.table-warning")).to_contain_text("王评委")
    expect(page.get_by_test_id("robustness-variants")).to_contain_text("有变化")
    shutil.copy(shot(page, "contest-fairness"), DOCS / "contest-fairness.png")
    page.on("dialog", lambda dialog: dialog.accept())
    page.fill("input[name=reason]", "评分明显偏离，评委已说明情况")
    page.get_by_test_id("replace").click()
    expect(checks.locator("tr.table-warning")).to_contain_text("已替换")
    wang = next(j for j in night.judges if j.name == "王评委")
    assert Submission.objects.get(judge=wang, round=first).original_total == 40
