"""Walk the demo's Q4 2022 contest as the office would, in Chromium, against a running server.

Usage (a demo data folder served by gunicorn on 127.0.0.1:PORT):
    LEITAI_DATA_DIR=... .venv/bin/python scripts/contest_walk.py --port 8113 [--shots DIR]

The office logs in, draws the running order, issues three judges new links, marks the contest
ready and starts it. The first unit: on stage, timer, scoring opened; three phones (390 px)
open their links and submit, the other eight judges send their sheets to the judges' API with
their own links; the big screen counts them; the host reveals. The other units are run through
the same services (this script's process, the same database). Then the office finishes the
contest in the browser, downloads the result sheet (PDF, rendered to PNG with pdftoppm) and
computes a corrected re-issue of Q4, whose R03 points must be the contest scores × 25 / 100.
Screenshots go to DIR (default docs/screenshots) as contest-demo-*.png.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitai.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONES = ["周文博", "赵春梅", "吴晓东"]
PHONE = {"width": 390, "height": 844}
SCREEN = {"width": 1600, "height": 900}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--shots", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    import django

    django.setup()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)

    base = f"http://127.0.0.1:{args.port}"
    shots = Path(args.shots)
    shots.mkdir(parents=True, exist_ok=True)
    contest = _q4_contest()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        host = _page(browser, {"width": 1280, "height": 900})
        _log_in(host, base, "office")
        detail = f"{base}/contest/{contest.pk}/"
        host.goto(detail)
        if contest.seed is None:  # a walk run again goes on where the last one stopped
            host.get_by_test_id("draw").click()
        expect(host.get_by_test_id("draws")).to_be_visible()
        host.screenshot(path=str(shots / "contest-demo-drawn.png"), full_page=False)
        links = {}
        for name in PHONES:
            host.goto(detail + "#judges")
            row = host.get_by_test_id("judges").locator("tr", has_text=name)
            row.get_by_role("button", name="新链接").click()
            links[name] = host.get_by_test_id("link-url").inner_text()
        tokens = _other_links(contest, exclude=PHONES)
        host.goto(detail)
        contest.refresh_from_db()
        if contest.state == "draft":
            host.locator("form[action$='/step/ready/'] button").click()
            host.locator("form[action$='/step/start/'] button").click()
        expect(host.get_by_test_id("contest-state")).to_have_text("进行中")

        screen = _page(browser, SCREEN)
        _log_in(screen, base, "office")
        screen.goto(f"{base}/contest/{contest.pk}/screen/")
        phones = {}
        for name, url in links.items():
            phones[name] = _page(browser, PHONE, mobile=True)
            phones[name].goto(url)
        host.goto(detail)
        host.get_by_test_id("step-present").click()
        host.get_by_test_id("step-timer-start").click()
        host.get_by_test_id("step-open-scoring").click()
        unit = host.get_by_test_id("console-unit").inner_text()
        for n, phone in enumerate(phones.values()):
            expect(phone.get_by_test_id("judge-unit")).to_have_text(unit, timeout=60_000)
            for i, value in enumerate([34 - n, 25, 17 - n, 8]):
                phone.get_by_test_id(f"criterion-{i}").fill(str(value))
            phone.get_by_test_id("judge-submit").click()
            expect(phone.get_by_test_id("judge-status")).to_have_text("已提交", timeout=60_000)
        phones[PHONES[0]].screenshot(path=str(shots / "contest-demo-phone.png"))
        for n, token in enumerate(tokens.values()):
            _api_sheet(base, token, [30 + n % 5, 24, 16, 8])
        expect(screen.get_by_test_id("screen-count")).to_have_text("已提交 11 / 11", timeout=60_000)
        host.goto(detail)
        host.get_by_test_id("step-reveal").click()
        expect(screen.get_by_test_id("screen-reveal")).to_be_visible(timeout=60_000)
        screen.screenshot(path=str(shots / "contest-demo-screen-revealed.png"))

        _run_the_rest(contest)
        host.goto(detail)
        host.locator(f"form[action$='/contest/{contest.pk}/finish/'] button").click()
        expect(host.get_by_test_id("contest-state")).to_have_text("已结束")
        screen.wait_for_timeout(2000)  # the screen's next poll
        screen.screenshot(path=str(shots / "contest-demo-screen-finished.png"))
        pdf = host.request.get(f"{detail}results.pdf")
        assert pdf.ok and pdf.body()[:5] == b"%PDF-", pdf.status
        (shots / "contest-demo-results.pdf").write_bytes(pdf.body())
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(shots / "contest-demo-results.pdf"),
                str(shots / "contest-demo-result-sheet"),
            ],
            check=True,
        )
        (shots / "contest-demo-results.pdf").unlink()
        host.goto(f"{base}/rankings/desk/")
        desk = host.locator("tr", has_text="2022-Q4")
        desk.locator("input[name=reason]").fill("第四季度擂台比武评委打分计入")
        desk.get_by_test_id("compute-2022-Q4").click()
        host.screenshot(path=str(shots / "contest-demo-q4-check.png"))
        browser.close()
    return _check_q4(contest)


def _page(browser, viewport, mobile=False):
    context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=mobile)
    context.set_default_timeout(120_000)  # a shared, busy machine
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _log_in(page, base: str, username: str) -> None:
    from leitai.demo.org import PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def _q4_contest():
    from leitai.contest.models import Contest

    return Contest.objects.get(period__code="2022-Q4", year__jurisdiction__code="370724")


def _office():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="office")


def _other_links(contest, exclude) -> dict[str, str]:
    from leitai.contest.services import setup

    office = _office()
    return {
        j.name: setup.judge_link_issue(actor=office, judge=j)
        for j in contest.judges.exclude(name__in=exclude).order_by("pk")
    }


def _api_sheet(base: str, token: str, points: list[int]) -> None:
    state = _api(base, "GET", "/api/contest/judge/state/", token)
    body = {"round": state["round"], "key": f"walk-{state['round']}-{token[:12]}", "points": points}
    _api(base, "POST", "/api/contest/judge/submissions/", token, body)


def _api(base, method, path, token, body=None) -> dict:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Judge {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _run_the_rest(contest) -> None:
    """The other units, as the host and the judges would, through the same services."""
    from leitai.contest.services import live

    office = _office()
    judges = list(contest.judges.filter(present=True).order_by("pk"))
    for n, round_ in enumerate(contest.rounds.filter(state="waiting").order_by("position")):
        live.round_present(actor=office, round=round_)
        live.round_open_scoring(actor=office, round=round_)
        for m, judge in enumerate(judges):
            points = [28 + (n * 7 + m * 3) % 12, 20 + (n + m) % 8, 15 + m % 5, 6 + n % 4]
            live.submission_save(
                judge=judge, round=round_, key=f"walk-{round_.pk}-{m:03d}", points=points
            )
        live.round_reveal(actor=office, round=round_)


def _check_q4(contest) -> int:
    """The Q4 re-issue's R03 points are each unit's contest score × 25 / 100."""
    from leitai.rankings.models import RankingSnapshot

    snapshot = RankingSnapshot.objects.filter(period=contest.period).order_by("-pk").first()
    rows = {r.unit_id: r for r in snapshot.rows.all()}
    worst = 0.0
    for round_ in contest.rounds.all():
        points = rows[round_.unit_id].detail["indicators"]["R03"]["points"]
        worst = max(worst, abs(points - float(round_.score) * 25 / 100))
    print(
        f"Q4 snapshot {snapshot.pk} (supersedes {snapshot.supersedes_id}): "
        f"{len(rows)} rows; R03 = contest score × 25/100 within {worst:.4f} for 49 units"
    )
    return 0 if worst <= 0.0025 else 1


if __name__ == "__main__":
    sys.exit(main())
